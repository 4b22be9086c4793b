// Picks the decoder / encoder implementation for a format.

#include "connectors/formats/format.h"
#include "connectors/formats/format_impl.h"
#include "core/common/error.h"

namespace riffle::formats {

std::unique_ptr<Decoder> MakeDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  ValidateFormatSchema(spec, fields);
  if (spec.name == "JSON" || spec.name == "JSON_SR") return MakeJsonDecoder(spec, std::move(fields));
  if (spec.name == "DELIMITED") return MakeDelimitedDecoder(spec, std::move(fields));
  if (spec.name == "KAFKA") return MakeKafkaDecoder(std::move(fields));
  if (spec.name == "NONE") return MakeNoneDecoder();
  ThrowBind({}, "The '" + spec.name + "' format is not supported by riffle yet");
}

std::unique_ptr<Encoder> MakeEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  ValidateFormatSchema(spec, fields);
  if (spec.name == "JSON" || spec.name == "JSON_SR") return MakeJsonEncoder(spec, std::move(fields));
  if (spec.name == "DELIMITED") return MakeDelimitedEncoder(spec, std::move(fields));
  if (spec.name == "KAFKA") return MakeKafkaEncoder(std::move(fields));
  if (spec.name == "NONE") return MakeNoneEncoder();
  ThrowBind({}, "The '" + spec.name + "' format is not supported by riffle yet");
}

}  // namespace riffle::formats
