// DELIMITED decoding as ksqlDB's KsqlDelimitedDeserializer does it: the first CSV record of the
// bytes, parsed as Apache Commons CSV's DEFAULT format with the configured delimiter; an empty
// field is NULL; each field parsed as the Java parser for its type would.

#include "connectors/formats/format_impl.h"
#include "connectors/formats/text_codec.h"

namespace riffle::formats {

namespace {

class DelimitedDecoder final : public Decoder {
 public:
  DelimitedDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)), delimiter_(spec.delimiter) {}

  bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
              std::string& error) override {
    for (const auto& f : fields_) row[f.index] = Value();
    if (is_null || fields_.empty()) return true;
    if (!Split(bytes, error)) return false;
    if (tokens_.empty()) {
      error = "No fields in record";
      return false;
    }
    if (tokens_.size() != fields_.size()) {
      error = "Unexpected field count, csvFields:" + std::to_string(tokens_.size()) +
              " schemaFields:" + std::to_string(fields_.size());
      return false;
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
      const FieldBinding& f = fields_[i];
      if (tokens_[i].empty()) continue;  // an empty field is NULL
      // An unread field (FieldBinding::unread) is parsed into a scratch value, so that the
      // record fails as it would otherwise; any text is a STRING, so those are not even copied.
      if (f.unread && f.type->kind == TypeKind::kString) continue;
      if (!ParseField(tokens_[i], *f.type, f.unread ? unread_ : row[f.index], error)) {
        error = FieldContext(f) + error;
        return false;
      }
    }
    return true;
  }

 private:
  // Splits the first record into tokens_ (views into `bytes` or into unquoted_).
  bool Split(std::string_view bytes, std::string& error) {
    tokens_.clear();
    unquoted_.clear();
    // Quoted tokens shrink when unescaped, so this never reallocates and views stay valid.
    unquoted_.reserve(bytes.size());
    size_t i = 0;
    const size_t n = bytes.size();
    // Commons CSV skips empty lines before the first record.
    while (i < n && (bytes[i] == '\r' || bytes[i] == '\n')) ++i;
    if (i == n) return true;
    while (true) {
      if (i < n && bytes[i] == '"') {
        ++i;
        size_t start = unquoted_.size();
        while (true) {
          if (i >= n) {
            error = "EOF reached before encapsulated token finished";
            return false;
          }
          char c = bytes[i++];
          if (c == '"') {
            if (i < n && bytes[i] == '"') {
              unquoted_.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          unquoted_.push_back(c);
        }
        tokens_.emplace_back(unquoted_.data() + start, unquoted_.size() - start);
        // Only whitespace may sit between the closing quote and the delimiter.
        while (i < n && (bytes[i] == ' ' || bytes[i] == '\t') && bytes[i] != delimiter_) ++i;
        if (i >= n || bytes[i] == '\r' || bytes[i] == '\n') return true;
        if (bytes[i] != delimiter_) {
          error = "invalid char between encapsulated token and delimiter";
          return false;
        }
        ++i;
      } else {
        size_t start = i;
        while (i < n && bytes[i] != delimiter_ && bytes[i] != '\r' && bytes[i] != '\n') ++i;
        tokens_.push_back(bytes.substr(start, i - start));
        if (i >= n || bytes[i] != delimiter_) return true;
        ++i;
      }
    }
  }

  static bool ParseField(std::string_view text, const Type& type, Value& out,
                         std::string& error) {
    auto bad = [&](const char* what) {
      error = "Invalid ";
      error += what;
      error += " value: '";
      error.append(text.substr(0, 64));
      error += "'";
      return false;
    };
    switch (type.kind) {
      case TypeKind::kString:
        out = Value::String(std::string(text));
        return true;
      case TypeKind::kBoolean:
        // Boolean.parseBoolean reads any other text as false; riffle rejects it instead so a
        // misaligned column is noticed.
        if (text.size() == 4 && (text[0] | 0x20) == 't' && (text[1] | 0x20) == 'r' &&
            (text[2] | 0x20) == 'u' && (text[3] | 0x20) == 'e') {
          out = Value::Bool(true);
          return true;
        }
        if (text.size() == 5 && (text[0] | 0x20) == 'f' && (text[1] | 0x20) == 'a' &&
            (text[2] | 0x20) == 'l' && (text[3] | 0x20) == 's' && (text[4] | 0x20) == 'e') {
          out = Value::Bool(false);
          return true;
        }
        return bad("BOOLEAN");
      case TypeKind::kInt:
      case TypeKind::kDate: {
        int64_t v = 0;
        if (!ParseJavaInt32(text, v)) return bad(type.kind == TypeKind::kInt ? "INTEGER" : "DATE");
        out = Value::Int(v);
        return true;
      }
      case TypeKind::kBigint:
      case TypeKind::kTime:
      case TypeKind::kTimestamp: {
        int64_t v = 0;
        if (!ParseJavaInt64(text, v)) return bad(type.ToString().c_str());
        out = Value::Int(v);
        return true;
      }
      case TypeKind::kDouble: {
        double d = 0;
        if (!ParseJavaDouble(text, d)) return bad("DOUBLE");
        out = Value::Double(d);
        return true;
      }
      case TypeKind::kDecimal: {
        Decimal d;
        if (!ParseDecimalFit(text, type.precision, type.scale, d, error)) return false;
        out = Value::Dec(d);
        return true;
      }
      case TypeKind::kBytes: {
        std::string bytes;
        if (!DecodeBase64(text, bytes)) return bad("base64 BYTES");
        out = Value::String(std::move(bytes));
        return true;
      }
      default:
        error = "The 'DELIMITED' format does not support type '" + type.ToString() + "'";
        return false;
    }
  }

  std::vector<FieldBinding> fields_;
  char delimiter_;
  std::vector<std::string_view> tokens_;
  std::string unquoted_;
  Value unread_;  // where unread fields are parsed
};

}  // namespace

std::unique_ptr<Decoder> MakeDelimitedDecoder(const FormatSpec& spec,
                                              std::vector<FieldBinding> fields) {
  return std::make_unique<DelimitedDecoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
