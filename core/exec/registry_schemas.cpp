#include "core/exec/registry_schemas.h"

#include "core/common/error.h"
#include "core/exec/source_layout.h"

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

formats::SchemaLookup RegistrySchemaLookup(const SchemaRegistry& registry) {
  return [&registry](int32_t id) -> std::optional<formats::RegisteredSchema> {
    std::optional<StoredSchema> stored;
    try {
      stored = registry.SchemaById(id);
    } catch (const RiffleError&) {
      if (registry.IsShared()) throw;
      // A catalog error while decoding: decode with the reader's schema instead.
    }
    if (stored) return ToRegistered(*stored);
    if (registry.IsShared()) {
      throw RiffleError(ErrorKind::kConnector,
                        "schema id " + std::to_string(id) + " is not in " + registry.Describe());
    }
    return std::nullopt;
  };
}

std::string SchemaSubject(const std::string& topic, bool is_key) {
  return topic + (is_key ? "-key" : "-value");
}

std::string SchemaIdProperty(bool is_key) { return is_key ? "KEY_SCHEMA_ID" : "VALUE_SCHEMA_ID"; }

void ResolveRegisteredSchema(formats::FormatSpec& spec, const SchemaRegistry& registry) {
  if (!formats::IsSchemaFormat(spec.name)) return;
  spec.lookup = RegistrySchemaLookup(registry);
  if (spec.schema.id <= 0 || !spec.schema.text.empty()) return;
  auto stored = registry.SchemaById(spec.schema.id);
  if (!stored) {
    ThrowBind({}, "Schema with id " + std::to_string(spec.schema.id) +
                      " does not exist in the schema registry.");
  }
  spec.schema = ToRegistered(*stored);
}

void RegisterSourceSchemas(SourceInfo& info, SchemaRegistry& registry, bool for_query_sink) {
  SourceLayout layout = MakeSourceLayout(info, &registry);
  for (bool is_key : {true, false}) {
    formats::FormatSpec& spec = is_key ? layout.key_format : layout.value_format;
    const auto& fields = is_key ? layout.key_fields : layout.value_fields;
    if (!formats::IsSchemaFormat(spec.name) || spec.schema.id > 0) continue;
    if (is_key && fields.empty()) continue;
    formats::RegisteredSchema derived;
    derived.format = spec.name;
    derived.text = formats::DeriveSchema(spec, fields);
    const std::string subject = SchemaSubject(info.topic, is_key);
    if (!for_query_sink && registry.IsShared()) {
      if (auto latest = registry.LatestSchema(subject)) {
        if (latest->format == derived.format && latest->text == derived.text) {
          info.properties[SchemaIdProperty(is_key)] = std::to_string(latest->id);
        }
        continue;
      }
    }
    int32_t id = registry.RegisterSchema(subject, ToStored(derived));
    info.properties[SchemaIdProperty(is_key)] = std::to_string(id);
  }
}

void RequireRegisteredWriteSchemas(const SourceLayout& layout, const SchemaRegistry& registry,
                                   const std::string& name) {
  if (!registry.IsShared()) return;
  for (bool is_key : {true, false}) {
    const formats::FormatSpec& spec = is_key ? layout.key_format : layout.value_format;
    const auto& fields = is_key ? layout.key_fields : layout.value_fields;
    if (!formats::IsSchemaFormat(spec.name) || spec.schema.id > 0 || fields.empty()) continue;
    ThrowBind({}, "Cannot write to " + name + ": its " + (is_key ? "key" : "value") +
                      " columns' schema is not registered in " + registry.Describe() +
                      " (its subject holds another schema, which riffle does not change).",
              "declare no columns to use the registered schema: CREATE STREAM s WITH "
              "(KAFKA_TOPIC='...', VALUE_FORMAT='" + spec.name + "')");
  }
}

}  // namespace riffle
