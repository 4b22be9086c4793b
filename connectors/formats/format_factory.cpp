// Picks the decoder / encoder implementation for a format.

#include "connectors/formats/avro/avro_schema.h"
#include "connectors/formats/format.h"
#include "connectors/formats/format_impl.h"
#include "connectors/formats/schema_format.h"
#include "core/common/error.h"

namespace riffle::formats {

std::unique_ptr<Decoder> MakeDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  ValidateFormatSchema(spec, fields);
  if (spec.name == "JSON" || spec.name == "JSON_SR") return MakeJsonDecoder(spec, std::move(fields));
  if (spec.name == "DELIMITED") return MakeDelimitedDecoder(spec, std::move(fields));
  if (spec.name == "KAFKA") return MakeKafkaDecoder(std::move(fields));
  if (spec.name == "NONE") return MakeNoneDecoder();
  if (spec.name == "AVRO") return MakeAvroDecoder(spec, std::move(fields));
  if (spec.name == "PROTOBUF" || spec.name == "PROTOBUF_NOSR") return MakeProtobufDecoder(spec, std::move(fields));
  ThrowBind({}, "The '" + spec.name + "' format is not supported by riffle yet");
}

std::unique_ptr<Encoder> MakeEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  ValidateFormatSchema(spec, fields);
  if (spec.name == "JSON" || spec.name == "JSON_SR") return MakeJsonEncoder(spec, std::move(fields));
  if (spec.name == "DELIMITED") return MakeDelimitedEncoder(spec, std::move(fields));
  if (spec.name == "KAFKA") return MakeKafkaEncoder(std::move(fields));
  if (spec.name == "NONE") return MakeNoneEncoder();
  if (spec.name == "AVRO") return MakeAvroEncoder(spec, std::move(fields));
  if (spec.name == "PROTOBUF" || spec.name == "PROTOBUF_NOSR") return MakeProtobufEncoder(spec, std::move(fields));
  ThrowBind({}, "The '" + spec.name + "' format is not supported by riffle yet");
}

bool IsSchemaFormat(const std::string& format_name) {
  return format_name == "AVRO" || format_name == "PROTOBUF";
}

std::string DeriveSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  ValidateFormatSchema(spec, fields);
  if (spec.name == "AVRO") {
    std::string text = DeriveAvroSchema(spec, fields);
    // What avro-c refuses (a schema nested deeper than its JSON parser's 2048 levels: about 500
    // levels of STRUCT) is refused when the stream is created rather than at its first record.
    avro::Schema::Parse(text);
    return text;
  }
  if (spec.name == "PROTOBUF") return DeriveProtobufSchema(spec, fields);
  ThrowBind({}, "The '" + spec.name + "' format has no schema to derive");
}

std::vector<StructField> SchemaColumns(const FormatSpec& spec, const RegisteredSchema& schema) {
  if (spec.name == "AVRO") return AvroSchemaColumns(spec, schema);
  if (spec.name == "PROTOBUF") return ProtobufSchemaColumns(spec, schema);
  ThrowBind({}, "The '" + spec.name + "' format does not support schema inference");
}

}  // namespace riffle::formats
