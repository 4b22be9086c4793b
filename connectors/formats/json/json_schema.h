#pragma once
// JSON_SR: columns from a registered JSON Schema, mapped as ksqlDB maps them (through Kafka
// Connect's JSON Schema converter): "integer" -> BIGINT ("connect.type" int8/int16/int32 ->
// INT), "number" -> DOUBLE (Connect's Decimal title -> DECIMAL(p, s)), "string" -> STRING
// ("connect.type": "bytes" -> BYTES), "boolean" -> BOOLEAN, "array" -> ARRAY, "object" ->
// STRUCT of its properties (ordered by "connect.index" when given, else as written), an object
// with only "additionalProperties" or "connect.type": "map" -> MAP<STRING, ...>; Connect's
// Timestamp / Date / Time titles -> TIMESTAMP / DATE / TIME; "oneOf"/"anyOf" of null and one
// type, and "type": ["null", T], -> T; local "$ref"s ("#/definitions/X", "#/$defs/X") followed.

#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "core/types/type.h"

namespace riffle::formats {

// The columns of a JSON_SR key or value whose registered schema text is `schema_text`, names as
// the schema spells them. A value whose schema is an object with properties gives one column
// per property, unless spec.wrap_single_value is false; anything else (and every key, since
// keys are unwrapped) gives one column named ROWKEY / ROWVAL, as ksqlDB names them.
// Throws RiffleError(kBind) for text that is not JSON or a schema riffle cannot map, naming the
// field.
std::vector<StructField> JsonSchemaColumns(const FormatSpec& spec, const std::string& schema_text);

}  // namespace riffle::formats
