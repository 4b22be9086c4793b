#include "tests/conformance/runner/record_codec.h"

#include <strings.h>

#include <cmath>
#include <stdexcept>

#include "connectors/formats/format.h"
#include "connectors/formats/schema_format.h"

namespace riffle::conformance {

namespace {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && strncasecmp(a.c_str(), b.c_str(), a.size()) == 0;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

int64_t ParseInteger(const JNode& node, const Type& type) {
  try {
    if (node.is_number() && node.IsIntegerText()) return std::stoll(node.text());
    if (node.is_string()) return std::stoll(node.text());
    if (node.is_number()) return static_cast<int64_t>(std::stod(node.text()));
  } catch (const std::exception&) {
  }
  throw std::runtime_error("cannot read " + node.Dump() + " as " + type.ToString());
}

int64_t ReadBigEndian64(const std::string& bytes, size_t at) {
  uint64_t v = 0;
  for (size_t i = at; i < at + 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int64_t>(v);
}

}  // namespace

JNode ValueToJson(const Value& value, const Type& type) {
  if (value.is_null()) return JNode::Null();
  switch (type.kind) {
    case TypeKind::kBoolean:
      if (value.is_bool()) return JNode::Bool(value.as_bool());
      break;
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kDate:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
      if (value.is_int()) return JNode::Number(std::to_string(value.as_int()));
      break;
    case TypeKind::kDouble:
      if (value.is_double()) {
        double d = value.as_double();
        if (!std::isfinite(d)) return JNode::String(DoubleToString(d));
        return JNode::Number(DoubleToString(d));
      }
      if (value.is_int()) return JNode::Number(std::to_string(value.as_int()));
      break;
    case TypeKind::kDecimal:
      if (value.is_decimal()) return JNode::Number(value.as_decimal().ToString());
      break;
    case TypeKind::kString:
      if (value.is_string()) return JNode::String(value.as_string());
      break;
    case TypeKind::kBytes:
      if (value.is_string()) return JNode::String(Base64Encode(value.as_string()));
      break;
    case TypeKind::kArray:
      if (value.is_list()) {
        std::vector<JNode> items;
        for (const Value& v : value.as_list()) items.push_back(ValueToJson(v, *type.element));
        return JNode::Array(std::move(items));
      }
      break;
    case TypeKind::kMap:
      if (value.is_map()) {
        std::vector<std::pair<std::string, JNode>> members;
        for (const auto& [k, v] : value.as_map()) {
          members.emplace_back(ValueToDisplayString(k, *type.key), ValueToJson(v, *type.element));
        }
        return JNode::Object(std::move(members));
      }
      break;
    case TypeKind::kStruct:
      if (value.is_list() && value.as_list().size() == type.fields.size()) {
        std::vector<std::pair<std::string, JNode>> members;
        for (size_t i = 0; i < type.fields.size(); ++i) {
          members.emplace_back(type.fields[i].name,
                               ValueToJson(value.as_list()[i], *type.fields[i].type));
        }
        return JNode::Object(std::move(members));
      }
      break;
    case TypeKind::kNull:
      return JNode::Null();
  }
  throw std::runtime_error("a value does not match its column type " + type.ToString());
}

Value JsonToValue(const JNode& node, const Type& type) {
  if (node.is_null()) return Value::Null();
  switch (type.kind) {
    case TypeKind::kBoolean:
      if (node.is_bool()) return Value::Bool(node.as_bool());
      if (node.is_string()) return Value::Bool(EqualsIgnoreCase(node.text(), "true"));
      break;
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kDate:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
      return Value::Int(ParseInteger(node, type));
    case TypeKind::kDouble:
      if (node.is_number() || node.is_string()) {
        try {
          return Value::Double(std::stod(node.text()));
        } catch (const std::exception&) {
        }
      }
      break;
    case TypeKind::kDecimal:
      if (node.is_number() || node.is_string()) {
        Decimal d = Decimal::Parse(node.text()).Rescale(type.scale);
        d.precision = type.precision;
        return Value::Dec(d);
      }
      break;
    case TypeKind::kString:
      return Value::String(node.is_string() ? node.text() : node.Dump());
    case TypeKind::kBytes:
      if (node.is_string()) {
        std::string raw;
        if (Base64Decode(node.text(), &raw)) return Value::String(std::move(raw));
      }
      break;
    case TypeKind::kArray:
      if (node.is_array()) {
        ValueList items;
        for (const JNode& item : node.items()) items.push_back(JsonToValue(item, *type.element));
        return Value::List(std::move(items));
      }
      break;
    case TypeKind::kMap:
      if (node.is_object()) {
        ValueMap entries;
        for (const auto& [k, v] : node.members()) {
          entries.emplace_back(JsonToValue(JNode::String(k), *type.key),
                               JsonToValue(v, *type.element));
        }
        return Value::Map(std::move(entries));
      }
      break;
    case TypeKind::kStruct:
      if (node.is_object()) {
        ValueList fields;
        for (const StructField& f : type.fields) {
          const JNode* member = node.Get(f.name);
          if (member == nullptr) {
            for (const auto& [k, v] : node.members()) {
              if (EqualsIgnoreCase(k, f.name)) member = &v;
            }
          }
          fields.push_back(member ? JsonToValue(*member, *f.type) : Value::Null());
        }
        return Value::List(std::move(fields));
      }
      break;
    case TypeKind::kNull:
      return Value::Null();
  }
  throw std::runtime_error("cannot read " + node.Dump() + " as " + type.ToString());
}

struct RecordCodec::Side {
  bool has_source = false;
  formats::FormatSpec spec;
  std::vector<formats::FieldBinding> fields;
  size_t row_size = 0;
  std::unique_ptr<formats::Encoder> encoder;
  std::unique_ptr<formats::Decoder> decoder;
  bool unwrapped = false;  // a single field written bare
};

RecordCodec::RecordCodec() : key_(std::make_unique<Side>()), value_(std::make_unique<Side>()) {}

RecordCodec::~RecordCodec() = default;

namespace {

// The type the corpus writes one side as: the column itself when unwrapped, else a struct.
TypePtr SideType(const std::vector<formats::FieldBinding>& fields, bool unwrapped) {
  if (unwrapped && fields.size() == 1) return fields[0].type;
  std::vector<StructField> struct_fields;
  for (const auto& f : fields) struct_fields.push_back({f.name, f.type});
  return Type::Struct(std::move(struct_fields));
}

bool IsJson(const std::string& format) { return format == "JSON" || format == "JSON_SR"; }

// Formats encoded through riffle's encoder field by field: AVRO, PROTOBUF, PROTOBUF_NOSR.
bool IsStructured(const std::string& format) {
  return formats::IsSchemaFormat(format) || format == "PROTOBUF_NOSR";
}

}  // namespace

RecordCodec::RecordCodec(const SourceInfo& source, const Catalog* catalog)
    : key_(std::make_unique<Side>()), value_(std::make_unique<Side>()) {
  SourceLayout layout = MakeSourceLayout(source, catalog);
  for (auto* side : {key_.get(), value_.get()}) {
    bool is_key = side == key_.get();
    side->has_source = true;
    side->spec = is_key ? layout.key_format : layout.value_format;
    side->fields = is_key ? layout.key_fields : layout.value_fields;
    side->row_size = layout.schema.size();
    const std::string& name = side->spec.name;
    if (name == "KAFKA" || IsStructured(name)) {
      side->encoder = formats::MakeEncoder(side->spec, side->fields);
      side->decoder = formats::MakeDecoder(side->spec, side->fields);
    } else if (!IsJson(name) && name != "DELIMITED" && name != "NONE") {
      throw std::runtime_error("the conformance runner cannot encode format " + name);
    }
  }
  bool value_unwrapped =
      value_->spec.name == "KAFKA" || formats::IsUnwrapped(value_->spec, value_->fields.size());
  key_->unwrapped = formats::IsUnwrapped(key_->spec, key_->fields.size());
  value_->unwrapped = value_unwrapped;
  key_type_ = SideType(key_->fields, !IsStructured(key_->spec.name) || key_->unwrapped);
  value_type_ = SideType(value_->fields, value_unwrapped);

  // Windowed sources (written by windowed aggregations) say so in their properties.
  auto type = source.properties.find("WINDOW_TYPE");
  if (type != source.properties.end()) {
    std::string kind = Upper(type->second);
    window_kind_ = kind == "SESSION" ? WindowKind::kSession : WindowKind::kTime;
    auto size = source.properties.find("WINDOW_SIZE");
    if (size != source.properties.end()) {
      try {
        window_size_ms_ = std::stoll(size->second);
      } catch (const std::exception&) {
        window_size_ms_ = 0;
      }
    }
  }
}

std::optional<std::string> RecordCodec::Encode(Side& side, const JNode& node) {
  if (node.is_null()) return std::nullopt;
  if (!side.has_source || side.fields.empty()) {
    return node.is_string() ? node.text() : node.Dump();
  }
  const std::string& name = side.spec.name;
  if (IsJson(name)) return node.Dump();
  if (name == "DELIMITED") return node.is_string() ? node.text() : node.Dump();
  if (name == "NONE") return std::nullopt;
  if (IsStructured(name)) return EncodeFields(side, node);
  // KAFKA: one primitive column.
  std::vector<Value> row(side.row_size);
  const formats::FieldBinding& f = side.fields[0];
  const JNode* inner = &node;
  if (node.is_object() && node.members().size() == 1) inner = &node.members()[0].second;
  row[f.index] = JsonToValue(*inner, *f.type);
  std::string out, error;
  bool is_null = false;
  if (!side.encoder->Encode(row, out, is_null, error)) {
    throw std::runtime_error("cannot encode " + node.Dump() + ": " + error);
  }
  if (is_null) return std::nullopt;
  return out;
}

JNode RecordCodec::Decode(Side& side, const std::optional<std::string>& bytes) {
  if (!bytes) return JNode::Null();
  const std::string& name = side.spec.name;
  if (!side.has_source || side.fields.empty() || IsJson(name)) {
    std::string_view text = *bytes;
    if (text.size() >= 5 && text[0] == '\0') text.remove_prefix(5);  // JSON_SR framing
    try {
      return ParseLenientJson(text);
    } catch (const std::exception& e) {
      if (side.has_source && IsJson(name)) {
        throw std::runtime_error(std::string("output is not JSON: ") + e.what());
      }
      return JNode::String(*bytes);
    }
  }
  if (name == "DELIMITED") return JNode::String(*bytes);
  if (name == "NONE") return JNode::Null();
  std::vector<Value> row(side.row_size);
  std::string error;
  if (!side.decoder->Decode(*bytes, false, row, error)) {
    throw std::runtime_error("output does not decode: " + error);
  }
  if (IsStructured(name) && !side.unwrapped) {
    std::vector<std::pair<std::string, JNode>> members;
    for (const auto& f : side.fields) members.emplace_back(f.name, ValueToJson(row[f.index], *f.type));
    return JNode::Object(std::move(members));
  }
  const formats::FieldBinding& f = side.fields[0];
  return ValueToJson(row[f.index], *f.type);
}

// AVRO / PROTOBUF: the corpus' JSON object (or bare value, when unwrapped) through riffle's
// encoder, fields matched by name (exactly, then ignoring case); absent fields are NULL.
std::optional<std::string> RecordCodec::EncodeFields(Side& side, const JNode& node) {
  std::vector<Value> row(side.row_size);
  if (side.unwrapped) {
    const JNode* inner = &node;
    if (node.is_object() && node.members().size() == 1 && side.fields[0].type->kind != TypeKind::kStruct) {
      inner = &node.members()[0].second;
    }
    row[side.fields[0].index] = JsonToValue(*inner, *side.fields[0].type);
  } else {
    if (!node.is_object()) throw std::runtime_error("expected an object, got " + node.Dump());
    for (const auto& f : side.fields) {
      const JNode* member = node.Get(f.name);
      if (member == nullptr) {
        for (const auto& [k, v] : node.members()) {
          if (Upper(k) == Upper(f.name)) member = &v;
        }
      }
      if (member != nullptr) row[f.index] = JsonToValue(*member, *f.type);
    }
  }
  std::string out, error;
  bool is_null = false;
  if (!side.encoder->Encode(row, out, is_null, error)) {
    throw std::runtime_error("cannot encode " + node.Dump() + ": " + error);
  }
  if (is_null) return std::nullopt;
  return out;
}

std::optional<std::string> RecordCodec::EncodeKey(const JNode& key) { return Encode(*key_, key); }

std::optional<std::string> RecordCodec::EncodeValue(const JNode& value) {
  return Encode(*value_, value);
}

JNode RecordCodec::DecodeKey(const std::optional<std::string>& bytes,
                             std::optional<JNode>* window) {
  if (window_kind_ == WindowKind::kNone || !bytes) return Decode(*key_, bytes);
  size_t suffix = window_kind_ == WindowKind::kSession ? 16 : 8;
  if (bytes->size() < suffix) throw std::runtime_error("windowed key shorter than its window");
  size_t at = bytes->size() - suffix;
  int64_t start = 0, end = 0;
  if (window_kind_ == WindowKind::kSession) {
    end = ReadBigEndian64(*bytes, at);  // Kafka Streams' session key: key, end, start
    start = ReadBigEndian64(*bytes, at + 8);
  } else {
    start = ReadBigEndian64(*bytes, at);
    end = start + window_size_ms_;
  }
  if (window != nullptr) {
    *window = JNode::Object(
        {{"start", JNode::Number(std::to_string(start))},
         {"end", JNode::Number(std::to_string(end))},
         {"type", JNode::String(window_kind_ == WindowKind::kSession ? "session" : "time")}});
  }
  std::optional<std::string> inner = bytes->substr(0, at);
  return Decode(*key_, inner);
}

JNode RecordCodec::DecodeValue(const std::optional<std::string>& bytes) {
  return Decode(*value_, bytes);
}

}  // namespace riffle::conformance
