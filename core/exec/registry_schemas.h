#pragma once
// AVRO and PROTOBUF sources and the catalog's schema registry: which schema a source's records
// are written with, registering the schemas riffle derives, and columns from registered schemas.
// Subjects are named as Confluent's serializers name them: "<topic>-key", "<topic>-value".

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "connectors/formats/schema_format.h"
#include "core/exec/source_layout.h"

namespace riffle {

formats::RegisteredSchema ToRegistered(const StoredSchema& stored);
StoredSchema ToStored(const formats::RegisteredSchema& schema);

// Finds writer schemas by id in `registry`, which must outlive the returned function. An id the
// registry lacks gives nullopt (read with the reader's schema) or, when
// registry.IsShared(), an error; so does a registry that cannot be asked.
formats::SchemaLookup RegistrySchemaLookup(const SchemaRegistry& registry);

std::string SchemaSubject(const std::string& topic, bool is_key);

// For a schema format: sets spec.lookup, and spec.schema from the registry when spec.schema.id
// is set. Throws RiffleError(kBind) when that id is not registered, and the registry's error
// when it cannot be asked.
void ResolveRegisteredSchema(formats::FormatSpec& spec, const SchemaRegistry& registry);

// "KEY_SCHEMA_ID" / "VALUE_SCHEMA_ID": the property that records a side's schema id.
std::string SchemaIdProperty(bool is_key);

// For each schema-format side of `info` (columns and formats set): a side whose
// <SIDE>_SCHEMA_ID names a registered schema keeps it; otherwise the schema derived from its
// columns is registered under the topic's subject and its id recorded in info.properties, so
// its records carry that id and decode after a restart. `for_query_sink` false (CREATE with
// declared columns) and a shared registry (SchemaRegistry::IsShared) whose subject exists: the
// subject is left as it is, and the id recorded only when its latest version is the derived
// schema (as ksqlDB registers: CREATE only for a new subject, CREATE ... AS SELECT always).
void RegisterSourceSchemas(SourceInfo& info, SchemaRegistry& registry, bool for_query_sink);

// Throws RiffleError(kBind) when records of `layout` would be written to a shared registry's
// topic with an AVRO / PROTOBUF side that has columns but no registered schema (id 0).
// `name` is the source's name, for the message.
void RequireRegisteredWriteSchemas(const SourceLayout& layout, const SchemaRegistry& registry,
                                   const std::string& name);

}  // namespace riffle
