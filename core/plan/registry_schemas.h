#pragma once
// AVRO and PROTOBUF sources and the catalog's schema registry: which schema a source's records
// are written with, registering the schemas riffle derives, and columns from registered schemas.
// Subjects are named as Confluent's serializers name them: "<topic>-key", "<topic>-value".

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "connectors/formats/schema_format.h"

namespace riffle {

formats::RegisteredSchema ToRegistered(const StoredSchema& stored);
StoredSchema ToStored(const formats::RegisteredSchema& schema);

// Finds schemas by id in `catalog`, which must outlive the returned function.
formats::SchemaLookup CatalogSchemaLookup(const Catalog& catalog);

std::string SchemaSubject(const std::string& topic, bool is_key);

// For a schema format: sets spec.lookup, and spec.schema from the registry when spec.schema.id
// is set. Throws RiffleError(kBind) when that id is not registered.
void ResolveRegisteredSchema(formats::FormatSpec& spec, const Catalog& catalog);

// "KEY_SCHEMA_ID" / "VALUE_SCHEMA_ID": the property that records a side's schema id.
std::string SchemaIdProperty(bool is_key);

// For each schema-format side of `info` (columns and formats set): a side whose
// <SIDE>_SCHEMA_ID names a registered schema keeps it; otherwise the schema derived from its
// columns is registered under the topic's subject and its id recorded in info.properties, so
// its records carry that id and decode after a restart.
void RegisterSourceSchemas(SourceInfo& info, Catalog& catalog);

}  // namespace riffle
