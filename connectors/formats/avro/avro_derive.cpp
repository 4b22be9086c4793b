// The Avro schema ksqlDB derives from columns, ksqlDB's checks on columns Avro cannot carry, and
// the columns a given Avro schema maps to.
//
// ksqlDB's conventions (AvroSchemas + Connect's AvroData with connect.meta.data=false):
// - the record is `io.confluent.ksql.avro_schemas.KsqlDataSourceSchema` unless a full schema name
//   is configured; it carries "connect.name" with its full name;
// - nested records are named after their path: `<record full name>_<FIELD>`; a MAP's value
//   context appends `_MapValue`; ARRAY elements share their array's name;
// - every non-root schema is optional: ["null", T] with "default": null for fields;
// - MAP<STRING, V> is an array of MapEntry records {key: ["null","string"], value: ["null",V]}
//   named after the map's path (Connect's encoding of maps with optional keys);
// - a single unwrapped column (every single key column; a value with WRAP_SINGLE_VALUE=false) is
//   the column's own schema, not optional; several key columns form a record.

#include <nlohmann/json.hpp>

#include "connectors/formats/avro/avro_schema.h"
#include "connectors/formats/format_impl.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {

using ojson = nlohmann::ordered_json;

std::string AvroFieldName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '.') c = '_';
  }
  return out;
}

void SplitFullName(const std::string& full, std::string& ns, std::string& name) {
  auto dot = full.rfind('.');
  ns = dot == std::string::npos ? "" : full.substr(0, dot);
  name = dot == std::string::npos ? full : full.substr(dot + 1);
}

class Deriver {
 public:
  // `context` is the full name a record or map entry at this position takes.
  ojson Derive(const Type& type, const std::string& context, bool optional) {
    ojson t = Required(type, context);
    if (!optional) return t;
    return ojson::array({"null", std::move(t)});
  }

  ojson Record(const std::vector<StructField>& fields, const std::string& full_name) {
    std::string ns, name;
    SplitFullName(full_name, ns, name);
    ojson r = ojson::object();
    r["type"] = "record";
    r["name"] = name;
    if (!ns.empty() && ns != current_ns_) r["namespace"] = ns;
    std::string saved = current_ns_;
    current_ns_ = ns;
    ojson fs = ojson::array();
    for (const auto& f : fields) {
      ojson field = ojson::object();
      field["name"] = AvroFieldName(f.name);
      field["type"] = Derive(*f.type, full_name + "_" + f.name, true);
      field["default"] = nullptr;
      fs.push_back(std::move(field));
    }
    current_ns_ = saved;
    r["fields"] = std::move(fs);
    r["connect.name"] = full_name;
    return r;
  }

 private:
  ojson Required(const Type& type, const std::string& context) {
    switch (type.kind) {
      case TypeKind::kBoolean: return "boolean";
      case TypeKind::kInt: return "int";
      case TypeKind::kBigint: return "long";
      case TypeKind::kDouble: return "double";
      case TypeKind::kString: return "string";
      case TypeKind::kBytes: return "bytes";
      case TypeKind::kDecimal:
        return ojson{{"type", "bytes"},
                     {"logicalType", "decimal"},
                     {"precision", type.precision},
                     {"scale", type.scale}};
      case TypeKind::kDate: return ojson{{"type", "int"}, {"logicalType", "date"}};
      case TypeKind::kTime: return ojson{{"type", "int"}, {"logicalType", "time-millis"}};
      case TypeKind::kTimestamp:
        return ojson{{"type", "long"}, {"logicalType", "timestamp-millis"}};
      case TypeKind::kArray:
        return ojson{{"type", "array"}, {"items", Derive(*type.element, context, true)}};
      case TypeKind::kMap: {
        std::string ns, name;
        SplitFullName(context, ns, name);
        ojson entry = ojson::object();
        entry["type"] = "record";
        entry["name"] = name;
        if (!ns.empty() && ns != current_ns_) entry["namespace"] = ns;
        std::string saved = current_ns_;
        current_ns_ = ns;
        ojson key = {{"name", "key"}, {"type", ojson::array({"null", "string"})}, {"default", nullptr}};
        ojson value = ojson::object();
        value["name"] = "value";
        value["type"] = Derive(*type.element, context + "_MapValue", true);
        value["default"] = nullptr;
        current_ns_ = saved;
        entry["fields"] = ojson::array({std::move(key), std::move(value)});
        entry["connect.internal.type"] = "MapEntry";
        return ojson{{"type", "array"}, {"items", std::move(entry)}};
      }
      case TypeKind::kStruct: return Record(type.fields, context);
      case TypeKind::kNull: break;
    }
    ThrowBind({}, "Avro cannot carry a column of type " + type.ToString());
  }

  std::string current_ns_;
};

std::string FullNameOf(const FormatSpec& spec) {
  return spec.schema_full_name.empty() ? avro::kDefaultFullName : spec.schema_full_name;
}

// Avro's name rule (Schema.validateName), with ksqlDB's message.
void CheckName(const std::string& raw) {
  std::string name = AvroFieldName(raw);
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !letter(name[0])) {
    ThrowBind({}, "Schema is not compatible with Avro: Illegal initial character: " + name);
  }
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) {
      ThrowBind({}, "Schema is not compatible with Avro: Illegal character in: " + name);
    }
  }
}

void CheckType(const Type& type) {
  switch (type.kind) {
    case TypeKind::kArray: CheckType(*type.element); break;
    case TypeKind::kMap:
      if (type.key && type.key->kind != TypeKind::kString) {
        ThrowBind({}, "Avro only supports MAPs with STRING keys");
      }
      CheckType(*type.element);
      break;
    case TypeKind::kStruct:
      for (const auto& f : type.fields) {
        CheckName(f.name);
        CheckType(*f.type);
      }
      break;
    default: break;
  }
}

}  // namespace

void ValidateAvroFields(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  bool unwrapped = IsUnwrapped(spec, fields.size());
  for (const auto& f : fields) {
    CheckType(*f.type);
    if (!unwrapped) CheckName(f.name);
  }
}

std::string DeriveAvroSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  ValidateAvroFields(spec, fields);
  Deriver d;
  const std::string full_name = FullNameOf(spec);
  if (IsUnwrapped(spec, fields.size())) {
    return d.Derive(*fields[0].type, full_name, false).dump();
  }
  std::vector<StructField> columns;
  for (const auto& f : fields) columns.push_back({f.name, f.type});
  return d.Record(columns, full_name).dump();
}

std::vector<StructField> AvroSchemaColumns(const FormatSpec& spec, const RegisteredSchema& schema) {
  auto parsed = avro::Schema::Parse(schema.text);
  const avro::Node* root = &parsed->root();
  if (!spec.schema_full_name.empty()) {
    root = parsed->FindRecord(spec.schema_full_name);
    if (root == nullptr) {
      ThrowBind({}, "Schema with full name '" + spec.schema_full_name +
                        "' not found in the Avro schema");
    }
  }
  bool wrapped = root->kind == avro::Kind::kRecord && !IsUnwrapped(spec, 1);
  if (!wrapped || (spec.wrap_single_value.has_value() && !*spec.wrap_single_value)) {
    const char* name = spec.is_key ? "ROWKEY" : "ROWVAL";
    return {{name, avro::NodeType(*root, name)}};
  }
  std::vector<StructField> columns;
  for (const auto& f : root->fields) columns.push_back({f.name, avro::NodeType(*f.type, f.name)});
  return columns;
}

}  // namespace riffle::formats
