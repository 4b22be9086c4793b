#pragma once
// Formats whose records carry a registered schema: AVRO and PROTOBUF. Their bytes are framed as
// Confluent's serializers frame them: magic byte 0, 4-byte big-endian schema id, then (protobuf)
// the message-index list, then the Avro binary / protobuf encoding.
//
// riffle derives a schema from a source's columns exactly as ksqlDB does (so a ksqlDB consumer
// reads riffle's topics and vice versa), and maps a registered or given schema back to columns
// (CREATE STREAM without columns, VALUE_SCHEMA_ID, VALUE_SCHEMA_FILE).

#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "core/types/type.h"

namespace riffle::formats {

// True for AVRO and PROTOBUF.
bool IsSchemaFormat(const std::string& format_name);

// The schema text riffle registers and writes for `fields` in spec's format (spec.is_key,
// spec.wrap_single_value and spec.schema_full_name apply), as ksqlDB derives it.
// Throws RiffleError(kBind) for columns the format cannot carry.
std::string DeriveSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields);

// The columns `schema` gives, in order, with riffle types (names as the schema spells them).
// An unwrapped key or value schema (a primitive) gives one column named ROWKEY (key) or
// ROWVAL (value), as ksqlDB names them. spec.schema_full_name picks the record / message when the
// schema defines several. Throws RiffleError(kBind) for what riffle cannot map, naming the field.
std::vector<StructField> SchemaColumns(const FormatSpec& spec, const RegisteredSchema& schema);

}  // namespace riffle::formats
