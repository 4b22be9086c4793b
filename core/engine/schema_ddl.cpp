#include "core/engine/schema_ddl.h"

#include "core/common/error.h"
#include "core/plan/registry_schemas.h"
#include "core/plan/source_layout.h"

namespace riffle {

namespace {

std::string ColumnText(const std::string& name, const Type& type) {
  return "`" + name + "` " + type.ToString();
}

std::string UpperName(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// ksqlDB upper-cases the names of columns (and struct fields) it infers from a subject's latest
// schema; with an explicit schema id it keeps them as the schema spells them.
TypePtr WithUpperNames(const TypePtr& type) {
  switch (type->kind) {
    case TypeKind::kStruct: {
      std::vector<StructField> fields;
      for (const auto& f : type->fields) fields.push_back({UpperName(f.name), WithUpperNames(f.type)});
      return Type::Struct(std::move(fields));
    }
    case TypeKind::kArray: return Type::Array(WithUpperNames(type->element));
    case TypeKind::kMap: return Type::Map(type->key, WithUpperNames(type->element));
    default: return type;
  }
}

std::vector<ColumnDef> ToColumns(const std::vector<StructField>& fields, ColumnRole role) {
  std::vector<ColumnDef> columns;
  for (const auto& f : fields) columns.push_back(ColumnDef{f.name, f.type, role, ""});
  return columns;
}

}  // namespace

RegistryColumns InferRegistryColumns(const CreateSourceStmt& s, const std::string& topic,
                                     const std::string& key_default,
                                     const std::string& value_default, const Catalog& catalog) {
  std::map<std::string, std::string> props;
  for (const auto& [name, value] : s.properties) props[name] = value.AsString();
  RegistryColumns result;
  for (bool is_key : {true, false}) {
    const std::string side = is_key ? "KEY" : "VALUE";
    formats::FormatSpec spec;
    try {
      spec = formats::ParseFormatSpec(is_key ? key_default : value_default, props, is_key);
    } catch (const RiffleError&) {
      continue;  // reported with its position when the formats are resolved
    }
    bool declared = false;
    for (const ColumnSpec& c : s.columns) {
      bool key = c.key || c.primary_key;
      if (!c.headers && key == is_key) declared = true;
    }
    auto id_prop = s.properties.find(side + "_SCHEMA_ID");
    if (id_prop != s.properties.end()) {
      if (!formats::IsSchemaFormat(spec.name)) {
        ThrowBind(id_prop->second.name_pos,
                  side + "_FORMAT should support schema inference when " + side +
                      "_SCHEMA_ID is provided. Current format is " + spec.name + ".");
      }
      if (declared) {
        ThrowBind(id_prop->second.name_pos, "Table elements and " + side +
                                                "_SCHEMA_ID cannot both exist for create "
                                                "statement.");
      }
    }
    if (declared || !formats::IsSchemaFormat(spec.name)) continue;
    std::optional<StoredSchema> stored =
        spec.schema.id > 0 ? catalog.SchemaById(spec.schema.id)
                           : catalog.LatestSchema(SchemaSubject(topic, is_key));
    if (!stored) {
      if (spec.schema.id > 0) {
        ThrowBind(id_prop->second.pos, "Schema with id " + std::to_string(spec.schema.id) +
                                           " does not exist in the schema registry.");
      }
      if (is_key) continue;
      if (!s.columns.empty()) continue;  // key columns only: no value columns
      ThrowBind(s.name_pos,
                "Schema for message values on topic '" + topic +
                    "' does not exist in the Schema Registry.",
                "declare the columns, or register a schema for subject '" +
                    SchemaSubject(topic, false) + "'");
    }
    if (!stored->format.empty() && stored->format != spec.name) {
      ThrowBind(s.name_pos, "Schema " + std::to_string(stored->id) + " is a " + stored->format +
                                " schema, not " + spec.name + ".");
    }
    std::vector<StructField> fields = formats::SchemaColumns(spec, ToRegistered(*stored));
    if (spec.schema.id <= 0) {
      for (auto& f : fields) f = {UpperName(f.name), WithUpperNames(f.type)};
    }
    auto columns = ToColumns(fields, is_key ? ColumnRole::kKey : ColumnRole::kValue);
    (is_key ? result.key : result.value) = std::move(columns);
    result.properties[SchemaIdProperty(is_key)] = std::to_string(stored->id);
  }
  return result;
}

void CheckSinkSchema(const SourceInfo& target, const Catalog& catalog) {
  SourceLayout layout = MakeSourceLayout(target);
  const formats::FormatSpec& spec = layout.value_format;
  if (!formats::IsSchemaFormat(spec.name) || spec.schema.id <= 0) return;
  auto stored = catalog.SchemaById(spec.schema.id);
  if (!stored) {
    ThrowBind({}, "Schema with id " + std::to_string(spec.schema.id) +
                      " does not exist in the schema registry.");
  }
  std::vector<StructField> fields = formats::SchemaColumns(spec, ToRegistered(*stored));
  std::string mismatched;
  for (size_t i = 0; i < layout.value_fields.size(); ++i) {
    const auto& f = layout.value_fields[i];
    bool same = i < fields.size() && fields[i].name == f.name &&
                fields[i].type->ToString() == f.type->ToString();
    if (!same) mismatched += (mismatched.empty() ? "" : ", ") + ColumnText(f.name, *f.type);
  }
  if (mismatched.empty()) return;
  std::string registry;
  for (const auto& f : fields) {
    registry += (registry.empty() ? "" : ", ") + ColumnText(f.name, *f.type);
  }
  ThrowBind({}, "The following value columns are changed, missing or reordered: [" + mismatched +
                    "]. Schema from schema registry is [" + registry + "]");
}

}  // namespace riffle
