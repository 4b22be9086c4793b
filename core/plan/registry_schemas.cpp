#include "core/plan/registry_schemas.h"

#include "core/common/error.h"
#include "core/plan/source_layout.h"

namespace riffle {

formats::RegisteredSchema ToRegistered(const StoredSchema& stored) {
  formats::RegisteredSchema schema;
  schema.id = stored.id;
  schema.format = stored.format;
  schema.text = stored.text;
  for (const auto& [name, text] : stored.references) schema.references.push_back({name, text});
  return schema;
}

StoredSchema ToStored(const formats::RegisteredSchema& schema) {
  StoredSchema stored;
  stored.id = schema.id;
  stored.format = schema.format;
  stored.text = schema.text;
  for (const auto& ref : schema.references) stored.references.emplace_back(ref.name, ref.text);
  return stored;
}

formats::SchemaLookup CatalogSchemaLookup(const Catalog& catalog) {
  return [&catalog](int32_t id) -> std::optional<formats::RegisteredSchema> {
    try {
      if (auto stored = catalog.SchemaById(id)) return ToRegistered(*stored);
    } catch (const RiffleError&) {
      // A catalog error while decoding: decode with the reader's schema instead.
    }
    return std::nullopt;
  };
}

std::string SchemaSubject(const std::string& topic, bool is_key) {
  return topic + (is_key ? "-key" : "-value");
}

std::string SchemaIdProperty(bool is_key) { return is_key ? "KEY_SCHEMA_ID" : "VALUE_SCHEMA_ID"; }

void ResolveRegisteredSchema(formats::FormatSpec& spec, const Catalog& catalog) {
  if (!formats::IsSchemaFormat(spec.name)) return;
  spec.lookup = CatalogSchemaLookup(catalog);
  if (spec.schema.id <= 0 || !spec.schema.text.empty()) return;
  auto stored = catalog.SchemaById(spec.schema.id);
  if (!stored) {
    ThrowBind({}, "Schema with id " + std::to_string(spec.schema.id) +
                      " does not exist in the schema registry.");
  }
  spec.schema = ToRegistered(*stored);
}

void RegisterSourceSchemas(SourceInfo& info, Catalog& catalog) {
  SourceLayout layout = MakeSourceLayout(info, &catalog);
  for (bool is_key : {true, false}) {
    formats::FormatSpec& spec = is_key ? layout.key_format : layout.value_format;
    const auto& fields = is_key ? layout.key_fields : layout.value_fields;
    if (!formats::IsSchemaFormat(spec.name) || spec.schema.id > 0) continue;
    if (is_key && fields.empty()) continue;
    formats::RegisteredSchema derived;
    derived.format = spec.name;
    derived.text = formats::DeriveSchema(spec, fields);
    int32_t id = catalog.RegisterSchema(SchemaSubject(info.topic, is_key), ToStored(derived));
    info.properties[SchemaIdProperty(is_key)] = std::to_string(id);
  }
}

}  // namespace riffle
