// Compiling a message descriptor against riffle slots into flat field tables.

#include "connectors/formats/protobuf/proto_plan.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cctype>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/protobuf/proto_wire.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle::formats::proto {

namespace {

using FD = gpb::FieldDescriptor;

constexpr size_t kMaxTableNumber = 4096;

const FD* FindField(const gpb::Descriptor* m, const std::string& name) {
  if (const FD* f = m->FindFieldByName(name)) return f;
  for (int i = 0; i < m->field_count(); ++i) {
    if (AsciiIEquals(m->field(i)->name(), name)) return m->field(i);
  }
  std::string scrubbed = ScrubName(name);
  for (int i = 0; i < m->field_count(); ++i) {
    if (AsciiIEquals(m->field(i)->name(), scrubbed)) return m->field(i);
  }
  return nullptr;
}

Kind ScalarKind(FD::Type t) {
  switch (t) {
    case FD::TYPE_INT32: return Kind::kInt32;
    case FD::TYPE_INT64: return Kind::kInt64;
    case FD::TYPE_UINT32: return Kind::kUInt32;
    case FD::TYPE_UINT64: return Kind::kUInt64;
    case FD::TYPE_SINT32: return Kind::kSInt32;
    case FD::TYPE_SINT64: return Kind::kSInt64;
    case FD::TYPE_BOOL: return Kind::kBool;
    case FD::TYPE_ENUM: return Kind::kEnum;
    case FD::TYPE_FIXED32: return Kind::kFixed32;
    case FD::TYPE_SFIXED32: return Kind::kSFixed32;
    case FD::TYPE_FLOAT: return Kind::kFloat;
    case FD::TYPE_FIXED64: return Kind::kFixed64;
    case FD::TYPE_SFIXED64: return Kind::kSFixed64;
    case FD::TYPE_DOUBLE: return Kind::kDouble;
    case FD::TYPE_STRING: return Kind::kString;
    case FD::TYPE_BYTES: return Kind::kBytes;
    default: return Kind::kMessage;
  }
}

uint32_t WireOf(Kind k) {
  switch (k) {
    case Kind::kInt32: case Kind::kInt64: case Kind::kUInt32: case Kind::kUInt64:
    case Kind::kSInt32: case Kind::kSInt64: case Kind::kBool: case Kind::kEnum:
      return kVarint;
    case Kind::kFixed32: case Kind::kSFixed32: case Kind::kFloat: return kFixed32;
    case Kind::kFixed64: case Kind::kSFixed64: case Kind::kDouble: return kFixed64;
    default: return kLen;
  }
}

// Which riffle type a protobuf payload kind may be read into.
bool Compatible(Kind k, TypeKind t) {
  switch (k) {
    case Kind::kInt32: case Kind::kInt64: case Kind::kUInt32: case Kind::kUInt64:
    case Kind::kSInt32: case Kind::kSInt64: case Kind::kFixed32: case Kind::kSFixed32:
    case Kind::kFixed64: case Kind::kSFixed64:
      return t == TypeKind::kInt || t == TypeKind::kBigint;
    case Kind::kFloat: case Kind::kDouble: return t == TypeKind::kDouble;
    case Kind::kBool: return t == TypeKind::kBoolean;
    case Kind::kString: case Kind::kEnum: return t == TypeKind::kString;
    case Kind::kBytes: return t == TypeKind::kBytes;
    case Kind::kTimestamp: return t == TypeKind::kTimestamp;
    case Kind::kDate: return t == TypeKind::kDate;
    case Kind::kTime: return t == TypeKind::kTime;
    case Kind::kDecimal: return t == TypeKind::kDecimal;
    case Kind::kMessage: return t == TypeKind::kStruct;
    case Kind::kWrapper: return true;  // checked on the wrapped field
  }
  return false;
}

Value ScalarDefault(const FieldPlan& f) {
  switch (f.kind) {
    case Kind::kFloat: case Kind::kDouble: return Value::Double(0);
    case Kind::kBool: return Value::Bool(false);
    case Kind::kString: case Kind::kBytes: return Value::String("");
    case Kind::kEnum:
      for (const auto& [number, name] : f.enum_values) {
        if (number == 0) return Value::String(name);
      }
      return f.enum_values.empty() ? Value::Null() : Value::String(f.enum_values[0].second);
    case Kind::kMessage: case Kind::kWrapper: case Kind::kTimestamp: case Kind::kDate:
    case Kind::kTime: case Kind::kDecimal:
      return Value::Null();
    default: return Value::Int(0);
  }
}

[[noreturn]] void Incompatible(const FD* field, const std::string& target) {
  std::string proto_type = field->type() == FD::TYPE_MESSAGE ? field->message_type()->full_name()
                                                             : field->type_name();
  if (field->is_repeated()) proto_type = "repeated " + proto_type;
  ThrowBind({}, "field `" + field->name() + "`: cannot read protobuf type '" + proto_type +
                    "' as " + target);
}

}  // namespace

CompiledMessage::CompiledMessage(std::shared_ptr<const ProtoFile> file,
                                 const gpb::Descriptor* message,
                                 const std::vector<SlotTarget>& targets, bool require_all)
    : file_(std::move(file)), message_(message), indexes_(MessageIndexes(message)) {
  Build(message, targets, require_all, 0);
}

MessagePlan* CompiledMessage::Build(const gpb::Descriptor* message,
                                    const std::vector<SlotTarget>& targets, bool require_all,
                                    int depth) {
  if (depth > 64) ThrowBind({}, "Protobuf message '" + message->full_name() + "' nests too deep");
  plans_.push_back(std::make_unique<MessagePlan>());
  MessagePlan* plan = plans_.back().get();
  plan->num_slots = static_cast<int>(targets.size());
  std::vector<int> seen;
  for (const auto& t : targets) {
    const FD* field = FindField(message, t.name);
    if (field != nullptr && std::find(seen.begin(), seen.end(), field->number()) != seen.end()) {
      field = nullptr;  // two columns matched one field case-insensitively: the first wins
    }
    if (field == nullptr) {
      if (require_all) {
        ThrowBind({}, "field `" + t.name + "`: not in the protobuf message '" +
                          message->full_name() + "'");
      }
      plan->unbound_slots.push_back(t.slot);
      continue;
    }
    seen.push_back(field->number());
    FieldPlan fp;
    fp.slot = t.slot;
    BindField(fp, field, t.type, depth);
    if (fp.repeated) fp.acc = plan->num_acc++;
    plan->fields.push_back(std::move(fp));
  }
  std::sort(plan->fields.begin(), plan->fields.end(),
            [](const FieldPlan& a, const FieldPlan& b) { return a.number < b.number; });
  size_t table = 0;
  for (const auto& f : plan->fields) {
    if (static_cast<size_t>(f.number) < kMaxTableNumber) {
      table = std::max(table, static_cast<size_t>(f.number) + 1);
    } else {
      plan->has_big_numbers = true;
    }
  }
  plan->by_number.assign(table, -1);
  for (size_t i = 0; i < plan->fields.size(); ++i) {
    auto n = static_cast<size_t>(plan->fields[i].number);
    if (n < table) plan->by_number[n] = static_cast<int16_t>(i);
  }
  return plan;
}

void CompiledMessage::BindField(FieldPlan& fp, const FD* field, const TypePtr& target,
                                int depth) {
  fp.name = field->name();
  fp.number = field->number();
  fp.repeated = field->is_repeated();
  fp.presence = field->has_presence() && !fp.repeated;
  if (fp.repeated && IsMapField(field) && target->kind == TypeKind::kMap) {
    fp.is_map = true;
    fp.kind = Kind::kMessage;
    fp.wire = kLen;
    fp.target = target;
    fp.nested = Build(field->message_type(),
                      {{"key", target->key, 0}, {"value", target->element, 1}}, false, depth + 1);
    return;
  }
  TypePtr element = target;
  if (fp.repeated) {
    if (target->kind != TypeKind::kArray) Incompatible(field, target->ToString());
    element = target->element;
  }
  fp.target = element;
  if (field->type() == FD::TYPE_GROUP) Incompatible(field, element->ToString());
  if (field->type() == FD::TYPE_MESSAGE) {
    const gpb::Descriptor* m = field->message_type();
    switch (WellKnownOf(m)) {
      case WellKnown::kTimestamp: fp.kind = Kind::kTimestamp; break;
      case WellKnown::kDate: fp.kind = Kind::kDate; break;
      case WellKnown::kTime: fp.kind = Kind::kTime; break;
      case WellKnown::kDecimal:
        fp.kind = Kind::kDecimal;
        fp.decimal_precision = element->precision;
        fp.decimal_scale = element->scale;
        break;
      case WellKnown::kWrapper: {
        fp.kind = Kind::kWrapper;
        const FD* value = m->FindFieldByName("value");
        if (value == nullptr || !Compatible(ScalarKind(value->type()), element->kind)) {
          Incompatible(field, element->ToString());
        }
        fp.nested = Build(m, {{"value", element, 0}}, true, depth + 1);
        break;
      }
      case WellKnown::kNone: {
        fp.kind = Kind::kMessage;
        if (element->kind != TypeKind::kStruct) Incompatible(field, element->ToString());
        std::vector<SlotTarget> inner;
        for (size_t i = 0; i < element->fields.size(); ++i) {
          inner.push_back({element->fields[i].name, element->fields[i].type, static_cast<int>(i)});
        }
        fp.nested = Build(m, inner, false, depth + 1);
        break;
      }
    }
  } else {
    fp.kind = ScalarKind(field->type());
    if (fp.kind == Kind::kEnum) {
      const gpb::EnumDescriptor* e = field->enum_type();
      for (int i = 0; i < e->value_count(); ++i) {
        fp.enum_values.emplace_back(e->value(i)->number(), e->value(i)->name());
      }
    }
  }
  if (!Compatible(fp.kind, element->kind)) Incompatible(field, element->ToString());
  fp.wire = WireOf(fp.kind);
  fp.packed = fp.repeated && fp.wire != kLen && field->is_packed();
  fp.default_value = fp.presence ? Value::Null() : ScalarDefault(fp);
}

std::shared_ptr<const ProtoFile> LoadSchema(const FormatSpec& spec,
                                            const std::vector<FieldBinding>& fields) {
  if (!spec.schema.text.empty()) return ProtoFile::Parse(spec.schema);
  RegisteredSchema derived = spec.schema;
  derived.text = DeriveProtobufSchema(spec, fields);
  return ProtoFile::Parse(derived);
}

std::vector<SlotTarget> TargetsOf(const std::vector<FieldBinding>& fields) {
  std::vector<SlotTarget> targets;
  for (const auto& f : fields) targets.push_back({f.name, f.type, f.index});
  return targets;
}

}  // namespace riffle::formats::proto
