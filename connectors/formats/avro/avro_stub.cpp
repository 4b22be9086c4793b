// Placeholder until the Avro codec lands: every entry point refuses with a clear message.

#include "connectors/formats/format_impl.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {
[[noreturn]] void Unsupported() { ThrowBind({}, "The 'AVRO' format is not supported by riffle yet"); }
}  // namespace

std::unique_ptr<Decoder> MakeAvroDecoder(const FormatSpec&, std::vector<FieldBinding>) { Unsupported(); }
std::unique_ptr<Encoder> MakeAvroEncoder(const FormatSpec&, std::vector<FieldBinding>) { Unsupported(); }
std::string DeriveAvroSchema(const FormatSpec&, const std::vector<FieldBinding>&) { Unsupported(); }
std::vector<StructField> AvroSchemaColumns(const FormatSpec&, const RegisteredSchema&) { Unsupported(); }
void ValidateAvroFields(const FormatSpec&, const std::vector<FieldBinding>&) {}

}  // namespace riffle::formats
