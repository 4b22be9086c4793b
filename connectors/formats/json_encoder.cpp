// JSON encoding as ksqlDB's KsqlJsonSerializer writes it (Jackson, compact): columns in schema
// order under their stored names, doubles as Java prints them, decimals as plain numbers with
// their scale, BYTES as base64, DATE / TIME / TIMESTAMP as numbers.

#include <cmath>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/text_codec.h"

namespace riffle::formats {

namespace {

bool WrongValue(const Type& type, std::string& error) {
  error = "value does not match its column type " + type.ToString();
  return false;
}

bool WriteValue(const Value& v, const Type& type, std::string& out, std::string& error);

void WriteMapKey(const Value& key, const Type* key_type, std::string& out) {
  if (key.is_string()) {
    AppendJsonString(key.as_string(), out);
    return;
  }
  // JSON object keys are strings: render a non-string key as its text.
  std::string text;
  if (key.is_int()) {
    AppendInt(key.as_int(), text);
  } else if (key.is_double()) {
    AppendJavaDouble(key.as_double(), text);
  } else if (key.is_bool()) {
    text = key.as_bool() ? "true" : "false";
  } else if (key.is_decimal()) {
    AppendDecimal(key.as_decimal(), text);
  } else if (key_type != nullptr) {
    text = ValueToDisplayString(key, *key_type);
  }
  AppendJsonString(text, out);
}

bool WriteValue(const Value& v, const Type& type, std::string& out, std::string& error) {
  if (v.is_null()) {
    out += "null";
    return true;
  }
  switch (type.kind) {
    case TypeKind::kBoolean:
      if (!v.is_bool()) return WrongValue(type, error);
      out += v.as_bool() ? "true" : "false";
      return true;
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kDate:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
      if (!v.is_int()) return WrongValue(type, error);
      AppendInt(v.as_int(), out);
      return true;
    case TypeKind::kDouble: {
      double d = 0;
      if (v.is_double()) {
        d = v.as_double();
      } else if (v.is_int()) {
        d = static_cast<double>(v.as_int());
      } else {
        return WrongValue(type, error);
      }
      // Jackson quotes the non-finite values (QUOTE_NON_NUMERIC_NUMBERS).
      bool finite = std::isfinite(d);
      if (!finite) out.push_back('"');
      AppendJavaDouble(d, out);
      if (!finite) out.push_back('"');
      return true;
    }
    case TypeKind::kDecimal:
      if (!v.is_decimal()) return WrongValue(type, error);
      AppendDecimal(v.as_decimal(), out);
      return true;
    case TypeKind::kString:
      if (!v.is_string()) return WrongValue(type, error);
      AppendJsonString(v.as_string(), out);
      return true;
    case TypeKind::kBytes:
      if (!v.is_string()) return WrongValue(type, error);
      out.push_back('"');
      AppendBase64(v.as_string(), out);
      out.push_back('"');
      return true;
    case TypeKind::kArray: {
      if (!v.is_list()) return WrongValue(type, error);
      out.push_back('[');
      bool first = true;
      for (const Value& item : v.as_list()) {
        if (!first) out.push_back(',');
        first = false;
        if (!WriteValue(item, *type.element, out, error)) return false;
      }
      out.push_back(']');
      return true;
    }
    case TypeKind::kMap: {
      if (!v.is_map()) return WrongValue(type, error);
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.as_map()) {
        if (!first) out.push_back(',');
        first = false;
        WriteMapKey(key, type.key.get(), out);
        out.push_back(':');
        if (!WriteValue(value, *type.element, out, error)) return false;
      }
      out.push_back('}');
      return true;
    }
    case TypeKind::kStruct: {
      if (!v.is_list() || v.as_list().size() != type.fields.size()) return WrongValue(type, error);
      const ValueList& values = v.as_list();
      out.push_back('{');
      for (size_t i = 0; i < type.fields.size(); ++i) {
        if (i > 0) out.push_back(',');
        AppendJsonString(type.fields[i].name, out);
        out.push_back(':');
        if (!WriteValue(values[i], *type.fields[i].type, out, error)) return false;
      }
      out.push_back('}');
      return true;
    }
    case TypeKind::kNull:
      out += "null";
      return true;
  }
  return WrongValue(type, error);
}

class JsonEncoder final : public Encoder {
 public:
  JsonEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)),
        unwrapped_(IsUnwrapped(spec, fields_.size())),
        is_key_(spec.is_key) {
    // Field names are constant: pre-render each `"NAME":` once.
    for (size_t i = 0; i < fields_.size(); ++i) {
      std::string prefix = i == 0 ? "{" : ",";
      AppendJsonString(fields_[i].name, prefix);
      prefix.push_back(':');
      prefixes_.push_back(std::move(prefix));
    }
  }

  bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
              std::string& error) override {
    out.clear();
    is_null = false;
    if (unwrapped_) {
      const FieldBinding& f = fields_[0];
      const Value& v = row[f.index];
      if (v.is_null()) {
        is_null = true;
        return true;
      }
      return WithField(f, WriteValue(v, *f.type, out, error), error);
    }
    if (fields_.empty()) {
      if (is_key_) {
        is_null = true;
      } else {
        out = "{}";
      }
      return true;
    }
    if (is_key_) {
      if (AllFieldsNull(row, fields_)) {
        is_null = true;
        return true;
      }
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
      const FieldBinding& f = fields_[i];
      out += prefixes_[i];
      if (!WriteValue(row[f.index], *f.type, out, error)) return WithField(f, false, error);
    }
    out.push_back('}');
    return true;
  }

 private:
  static bool WithField(const FieldBinding& f, bool ok, std::string& error) {
    if (!ok) error = FieldContext(f) + error;
    return ok;
  }

  std::vector<FieldBinding> fields_;
  std::vector<std::string> prefixes_;
  bool unwrapped_;
  bool is_key_;
};

}  // namespace

std::unique_ptr<Encoder> MakeJsonEncoder(const FormatSpec& spec,
                                         std::vector<FieldBinding> fields) {
  return std::make_unique<JsonEncoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
