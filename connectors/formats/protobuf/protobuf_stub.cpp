// Placeholder until the Protobuf codec lands: every entry point refuses with a clear message.

#include "connectors/formats/format_impl.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {
[[noreturn]] void Unsupported() { ThrowBind({}, "The 'PROTOBUF' format is not supported by riffle yet"); }
}  // namespace

std::unique_ptr<Decoder> MakeProtobufDecoder(const FormatSpec&, std::vector<FieldBinding>) { Unsupported(); }
std::unique_ptr<Encoder> MakeProtobufEncoder(const FormatSpec&, std::vector<FieldBinding>) { Unsupported(); }
std::string DeriveProtobufSchema(const FormatSpec&, const std::vector<FieldBinding>&) { Unsupported(); }
std::vector<StructField> ProtobufSchemaColumns(const FormatSpec&, const RegisteredSchema&) { Unsupported(); }
void ValidateProtobufFields(const FormatSpec&, const std::vector<FieldBinding>&) {}

}  // namespace riffle::formats
