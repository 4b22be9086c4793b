#pragma once
// Per-format factories behind MakeDecoder / MakeEncoder. Internal to connectors/formats: callers
// use format.h. Each assumes ValidateFormatSchema has accepted (spec, fields).

#include <memory>
#include <vector>

#include "connectors/formats/format.h"

namespace riffle::formats {

std::unique_ptr<Decoder> MakeJsonDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeJsonEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields);
std::unique_ptr<Decoder> MakeDelimitedDecoder(const FormatSpec& spec,
                                              std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeDelimitedEncoder(const FormatSpec& spec,
                                              std::vector<FieldBinding> fields);
std::unique_ptr<Decoder> MakeKafkaDecoder(std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeKafkaEncoder(std::vector<FieldBinding> fields);
std::unique_ptr<Decoder> MakeNoneDecoder();
std::unique_ptr<Encoder> MakeNoneEncoder();

// AVRO (connectors/formats/avro/) and PROTOBUF (connectors/formats/protobuf/): see
// schema_format.h for what Derive*/…Columns do. Validate* throw RiffleError(kBind) with ksqlDB's
// messages for columns the format cannot carry; ValidateFormatSchema calls them.
std::unique_ptr<Decoder> MakeAvroDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeAvroEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields);
std::string DeriveAvroSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields);
std::vector<StructField> AvroSchemaColumns(const FormatSpec& spec, const RegisteredSchema& schema);
void ValidateAvroFields(const FormatSpec& spec, const std::vector<FieldBinding>& fields);

std::unique_ptr<Decoder> MakeProtobufDecoder(const FormatSpec& spec,
                                             std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeProtobufEncoder(const FormatSpec& spec,
                                             std::vector<FieldBinding> fields);
std::string DeriveProtobufSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields);
std::vector<StructField> ProtobufSchemaColumns(const FormatSpec& spec,
                                               const RegisteredSchema& schema);
void ValidateProtobufFields(const FormatSpec& spec, const std::vector<FieldBinding>& fields);

// "field `NAME`: " prefixes for error messages.
std::string FieldContext(const FieldBinding& field);

// True when every bound field of `row` is NULL (or there are none): such a key is written as a
// Kafka null key, as ksqlDB writes a null GenericKey.
inline bool AllFieldsNull(const std::vector<Value>& row, const std::vector<FieldBinding>& fields) {
  for (const auto& f : fields) {
    if (!row[f.index].is_null()) return false;
  }
  return true;
}

}  // namespace riffle::formats
