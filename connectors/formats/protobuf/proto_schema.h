#pragma once
// Run-time .proto parsing for the PROTOBUF format: a schema's text plus its references (imports)
// and the types ksqlDB's schemas import (google/protobuf/*.proto from the system,
// confluent/type/decimal.proto, confluent/meta.proto, google/type/date.proto and timeofday.proto
// supplied in code), and the mapping from protobuf types to riffle types as ksqlDB maps them.

#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "core/types/type.h"

namespace google::protobuf {
class Descriptor;
class FieldDescriptor;
class FileDescriptor;
}  // namespace google::protobuf

namespace riffle::formats::proto {

namespace gpb = google::protobuf;

// A parsed schema; owns every descriptor it hands out.
class ProtoFile {
 public:
  // Throws RiffleError(kBind) with the parser's messages when the text does not compile.
  static std::unique_ptr<ProtoFile> Parse(const RegisteredSchema& schema);
  ~ProtoFile();

  const gpb::FileDescriptor* file() const { return file_; }
  // The message named `full_name` (fully qualified, or relative to the file's package), else
  // the file's first message. Throws RiffleError(kBind) when there is none.
  const gpb::Descriptor* Select(const std::string& full_name) const;
  // The message a Confluent message-index list designates, or nullptr.
  const gpb::Descriptor* ByIndexes(const std::vector<int>& indexes) const;

 private:
  struct State;
  explicit ProtoFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  const gpb::FileDescriptor* file_ = nullptr;
};

// The message-index path of `message` within its file (as the framing writes it).
std::vector<int> MessageIndexes(const gpb::Descriptor* message);

// Messages ksqlDB reads as logical or primitive types rather than STRUCTs.
enum class WellKnown { kNone, kTimestamp, kDate, kTime, kDecimal, kWrapper };
WellKnown WellKnownOf(const gpb::Descriptor* message);

// A protobuf map, or a repeated `...Entry` message with exactly `key` and `value` fields (how
// Confluent's serializers write maps without the map_entry option).
bool IsMapField(const gpb::FieldDescriptor* field);

// precision / scale from a confluent.type.Decimal field's (confluent.field_meta) params;
// 38 / 0 when absent (riffle's widest DECIMAL).
void DecimalParams(const gpb::FieldDescriptor* field, int& precision, int& scale);

// The riffle type of `field` (repeated → ARRAY, map → MAP, message → STRUCT, well-known types
// as ksqlDB maps them). Throws RiffleError(kBind) naming the field for what cannot be mapped.
TypePtr ColumnType(const gpb::FieldDescriptor* field);

// ksqlDB's name scrubbing for derived field names: characters outside [A-Za-z0-9_] become '_'.
std::string ScrubName(const std::string& name);

}  // namespace riffle::formats::proto
