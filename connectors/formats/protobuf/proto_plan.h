#pragma once
// A compiled codec plan: one message's descriptor matched to riffle slots once, flattened into
// tables indexed by field number, so decoding and encoding never touch protobuf reflection.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/formats/format.h"
#include "connectors/formats/protobuf/proto_schema.h"

namespace riffle::formats::proto {

// How one field's payload is read and written.
enum class Kind : uint8_t {
  kInt32, kInt64, kUInt32, kUInt64, kSInt32, kSInt64,  // varint
  kBool, kEnum,                                        // varint
  kFixed32, kSFixed32, kFloat,                         // 4 bytes
  kFixed64, kSFixed64, kDouble,                        // 8 bytes
  kString, kBytes,                                     // length-delimited
  kMessage, kWrapper, kTimestamp, kDate, kTime, kDecimal,  // length-delimited messages
};

struct MessagePlan;

struct FieldPlan {
  std::string name;  // the protobuf field name, for messages
  int number = 0;
  int slot = 0;      // row index (top-level message) or STRUCT field index (nested)
  Kind kind = Kind::kInt32;
  uint32_t wire = 0;           // wire type of one element
  bool repeated = false;       // ARRAY (or MAP when is_map)
  bool is_map = false;
  bool packed = false;         // repeated scalar written packed
  bool presence = false;       // absent reads NULL (message, wrapper, proto3 optional, oneof)
  int acc = -1;                // accumulator for repeated / map fields
  TypePtr target;              // riffle type of one element (the MAP type when is_map)
  int decimal_scale = 0;       // DECIMAL targets
  int decimal_precision = 0;
  const MessagePlan* nested = nullptr;  // kMessage / kWrapper / map entry (slots: 0 key, 1 value)
  std::vector<std::pair<int, std::string>> enum_values;  // kEnum: number → name
  Value default_value;         // what an absent singular field reads as
};

struct MessagePlan {
  std::vector<FieldPlan> fields;      // bound fields, ascending field number (encode order)
  std::vector<int16_t> by_number;     // field number → index in fields, -1 when unbound
  std::vector<int> unbound_slots;     // slots with no protobuf field: always NULL
  int num_slots = 0;                  // STRUCT width for nested messages
  int num_acc = 0;

  bool has_big_numbers = false;       // some field number is past the by_number table

  const FieldPlan* Find(uint64_t number) const {
    if (number < by_number.size()) {
      int16_t i = by_number[number];
      return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
    }
    if (has_big_numbers) {
      for (const auto& f : fields) {
        if (static_cast<uint64_t>(f.number) == number) return &f;
      }
    }
    return nullptr;
  }
};

// One riffle slot a message field binds to.
struct SlotTarget {
  std::string name;
  TypePtr type;
  int slot = 0;
};

// A plan tree for one message over a set of slots; owns the schema it was compiled from.
class CompiledMessage {
 public:
  // Matches `targets` to the message's fields by name (exact, then case-insensitive, then
  // scrubbed). With `require_all` (encoding), a target without a field is an error.
  // Throws RiffleError(kBind) for incompatible types, naming the field.
  CompiledMessage(std::shared_ptr<const ProtoFile> file, const gpb::Descriptor* message,
                  const std::vector<SlotTarget>& targets, bool require_all);

  const MessagePlan& root() const { return *plans_.front(); }
  const std::vector<int>& indexes() const { return indexes_; }
  const gpb::Descriptor* message() const { return message_; }

 private:
  MessagePlan* Build(const gpb::Descriptor* message, const std::vector<SlotTarget>& targets,
                     bool require_all, int depth);
  void BindField(FieldPlan& plan, const gpb::FieldDescriptor* field, const TypePtr& target,
                 int depth);

  std::shared_ptr<const ProtoFile> file_;
  const gpb::Descriptor* message_;
  std::vector<int> indexes_;
  std::vector<std::unique_ptr<MessagePlan>> plans_;  // plans_[0] is the root
};

// The reader's (or writer's) schema for `spec`: spec.schema.text, or the schema derived from
// `fields` when there is none; and the message spec.schema_full_name selects.
std::shared_ptr<const ProtoFile> LoadSchema(const FormatSpec& spec,
                                            const std::vector<FieldBinding>& fields);
std::vector<SlotTarget> TargetsOf(const std::vector<FieldBinding>& fields);

}  // namespace riffle::formats::proto
