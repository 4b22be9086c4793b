// DELIMITED encoding as ksqlDB's KsqlDelimitedSerializer writes it through Apache Commons CSV's
// printer (DEFAULT format, minimal quoting, no trailing record separator).

#include "connectors/formats/format_impl.h"
#include "connectors/formats/text_codec.h"

namespace riffle::formats {

namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Commons CSV's MINIMAL quote rule (the version ksqlDB ships): quote an empty first field; a
// first field that does not start with a letter or digit; any field starting with a character
// up to '#', containing CR, LF, the quote or the delimiter, or ending with one up to ' '.
bool NeedsQuotes(std::string_view v, bool first, char delimiter) {
  if (v.empty()) return first;
  auto c = static_cast<unsigned char>(v[0]);
  if (first && !IsAsciiAlnum(c)) return true;
  if (c <= '#') return true;
  for (char ch : v) {
    if (ch == '\n' || ch == '\r' || ch == '"' || ch == delimiter) return true;
  }
  return static_cast<unsigned char>(v.back()) <= ' ';
}

class DelimitedEncoder final : public Encoder {
 public:
  DelimitedEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)), delimiter_(spec.delimiter), is_key_(spec.is_key) {}

  bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
              std::string& error) override {
    out.clear();
    is_null = false;
    if (is_key_) {
      if (AllFieldsNull(row, fields_)) {
        is_null = true;
        return true;
      }
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
      const FieldBinding& f = fields_[i];
      if (i > 0) out.push_back(delimiter_);
      const Value& v = row[f.index];
      if (v.is_null()) continue;  // NULL prints as nothing, unquoted
      token_.clear();
      if (!Render(v, *f.type, token_)) {
        error = FieldContext(f) + "value does not match its column type " + f.type->ToString();
        return false;
      }
      if (!NeedsQuotes(token_, i == 0, delimiter_)) {
        out += token_;
        continue;
      }
      out.push_back('"');
      for (char c : token_) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      out.push_back('"');
    }
    return true;
  }

 private:
  static bool Render(const Value& v, const Type& type, std::string& out) {
    switch (type.kind) {
      case TypeKind::kString:
        if (!v.is_string()) return false;
        out += v.as_string();
        return true;
      case TypeKind::kBoolean:
        if (!v.is_bool()) return false;
        out += v.as_bool() ? "true" : "false";
        return true;
      case TypeKind::kInt:
      case TypeKind::kBigint:
      case TypeKind::kDate:
      case TypeKind::kTime:
      case TypeKind::kTimestamp:
        if (!v.is_int()) return false;
        AppendInt(v.as_int(), out);
        return true;
      case TypeKind::kDouble:
        if (v.is_double()) {
          AppendJavaDouble(v.as_double(), out);
        } else if (v.is_int()) {
          AppendJavaDouble(static_cast<double>(v.as_int()), out);
        } else {
          return false;
        }
        return true;
      case TypeKind::kDecimal:
        if (!v.is_decimal()) return false;
        AppendDecimal(v.as_decimal(), out);  // BigDecimal.toPlainString()
        return true;
      case TypeKind::kBytes:
        if (!v.is_string()) return false;
        AppendBase64(v.as_string(), out);
        return true;
      default:
        return false;
    }
  }

  std::vector<FieldBinding> fields_;
  char delimiter_;
  bool is_key_;
  std::string token_;
};

}  // namespace

std::unique_ptr<Encoder> MakeDelimitedEncoder(const FormatSpec& spec,
                                              std::vector<FieldBinding> fields) {
  return std::make_unique<DelimitedEncoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
