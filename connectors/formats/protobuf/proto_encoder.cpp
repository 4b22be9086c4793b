// PROTOBUF encoding as Confluent's KafkaProtobufSerializer writes it: framing (magic byte,
// schema id, message indexes), then fields in field-number order, proto3 defaults and NULLs
// omitted (a NULL reads back as the default, as in ksqlDB), repeated scalars packed.

#include <cstring>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/protobuf/proto_plan.h"
#include "connectors/formats/protobuf/proto_time.h"
#include "connectors/formats/protobuf/proto_wire.h"

namespace riffle::formats {

namespace {

using namespace proto;  // NOLINT: this file is the protobuf codec

// A length-delimited payload written in place: one byte reserved for the length, widened
// afterwards when the payload is 128 bytes or more.
size_t BeginLen(std::string& out) {
  out.push_back('\0');
  return out.size();
}
void EndLen(std::string& out, size_t start) {
  size_t len = out.size() - start;
  size_t n = VarintSize(len);
  if (n > 1) out.insert(start, n - 1, '\0');
  char* p = &out[start - 1];
  while (len >= 0x80) {
    *p++ = static_cast<char>((len & 0x7f) | 0x80);
    len >>= 7;
  }
  *p = static_cast<char>(len);
}

void VarintField(int number, uint64_t v, std::string& out) {
  if (v == 0) return;
  WriteTag(number, kVarint, out);
  WriteVarint(v, out);
}

bool EnumNumber(const FieldPlan& f, const Value& v, int32_t& number, std::string& error) {
  const std::string& name = v.as_string();
  for (const auto& [n, value_name] : f.enum_values) {
    if (value_name == name) {
      number = n;
      return true;
    }
  }
  error = "field '" + f.name + "': '" + name + "' is not a value of the protobuf enum";
  return false;
}

bool IsDefault(const FieldPlan& f, const Value& v) {
  switch (f.kind) {
    case Kind::kFloat:
    case Kind::kDouble: {
      double d = v.as_double();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, 8);
      return bits == 0;  // -0.0 is written, as protobuf does
    }
    case Kind::kBool: return !v.as_bool();
    case Kind::kString:
    case Kind::kBytes: return v.as_string().empty();
    case Kind::kEnum:
      return !f.enum_values.empty() && f.enum_values[0].first == 0 &&
             v.as_string() == f.enum_values[0].second;
    case Kind::kMessage: case Kind::kWrapper: case Kind::kTimestamp: case Kind::kDate:
    case Kind::kTime: case Kind::kDecimal:
      return false;
    default: return v.as_int() == 0;
  }
}

class Writer {
 public:
  bool Message(const MessagePlan& plan, const Value* base, std::string& out, std::string& error);

 private:
  // The payload of one non-NULL element, without its tag.
  bool Payload(const FieldPlan& f, const Value& v, std::string& out, std::string& error);
  // Tag and payload; NULL writes the type's default (inside lists and maps).
  bool Element(const FieldPlan& f, const Value& v, std::string& out, std::string& error);
};

bool Writer::Payload(const FieldPlan& f, const Value& v, std::string& out, std::string& error) {
  switch (f.kind) {
    case Kind::kInt32:
      WriteVarint(static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v.as_int()))),
                  out);
      return true;
    case Kind::kInt64:
    case Kind::kUInt64: WriteVarint(static_cast<uint64_t>(v.as_int()), out); return true;
    case Kind::kUInt32: WriteVarint(static_cast<uint32_t>(v.as_int()), out); return true;
    case Kind::kSInt32: WriteVarint(ZigZagEncode(static_cast<int32_t>(v.as_int())), out); return true;
    case Kind::kSInt64: WriteVarint(ZigZagEncode(v.as_int()), out); return true;
    case Kind::kBool: out.push_back(v.as_bool() ? '\1' : '\0'); return true;
    case Kind::kEnum: {
      int32_t n = 0;
      if (!EnumNumber(f, v, n, error)) return false;
      WriteVarint(static_cast<uint64_t>(static_cast<int64_t>(n)), out);
      return true;
    }
    case Kind::kFixed32:
    case Kind::kSFixed32: WriteFixed32(static_cast<uint32_t>(v.as_int()), out); return true;
    case Kind::kFloat: {
      auto fl = static_cast<float>(v.as_double());
      uint32_t bits = 0;
      std::memcpy(&bits, &fl, 4);
      WriteFixed32(bits, out);
      return true;
    }
    case Kind::kFixed64:
    case Kind::kSFixed64: WriteFixed64(static_cast<uint64_t>(v.as_int()), out); return true;
    case Kind::kDouble: {
      double d = v.as_double();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, 8);
      WriteFixed64(bits, out);
      return true;
    }
    case Kind::kString:
    case Kind::kBytes:
      WriteVarint(v.as_string().size(), out);
      out += v.as_string();
      return true;
    default: break;
  }
  size_t start = BeginLen(out);
  switch (f.kind) {
    case Kind::kMessage:
      if (!Message(*f.nested, v.as_list().data(), out, error)) return false;
      break;
    case Kind::kWrapper:
      if (!Message(*f.nested, &v, out, error)) return false;
      break;
    case Kind::kTimestamp: {
      int64_t seconds = 0;
      int32_t nanos = 0;
      MillisToTimestamp(v.as_int(), seconds, nanos);
      VarintField(1, static_cast<uint64_t>(seconds), out);
      VarintField(2, static_cast<uint64_t>(static_cast<int64_t>(nanos)), out);
      break;
    }
    case Kind::kDate: {
      int32_t y = 0, m = 0, d = 0;
      CivilFromDays(v.as_int(), y, m, d);
      VarintField(1, static_cast<uint64_t>(static_cast<int64_t>(y)), out);
      VarintField(2, static_cast<uint64_t>(m), out);
      VarintField(3, static_cast<uint64_t>(d), out);
      break;
    }
    case Kind::kTime: {
      int64_t ms = v.as_int();
      VarintField(1, static_cast<uint64_t>(ms / 3600000), out);
      VarintField(2, static_cast<uint64_t>(ms / 60000 % 60), out);
      VarintField(3, static_cast<uint64_t>(ms / 1000 % 60), out);
      VarintField(4, static_cast<uint64_t>(ms % 1000 * 1000000), out);
      break;
    }
    case Kind::kDecimal: {
      Decimal d = v.as_decimal();
      if (d.scale != f.decimal_scale) d = d.Rescale(f.decimal_scale);
      WriteTag(1, kLen, out);
      size_t value_start = BeginLen(out);
      DecimalToBytes(d.unscaled, out);
      EndLen(out, value_start);
      VarintField(2, static_cast<uint64_t>(DecimalDigitCount(d.unscaled)), out);
      VarintField(3, static_cast<uint64_t>(static_cast<int64_t>(d.scale)), out);
      break;
    }
    default: break;
  }
  EndLen(out, start);
  return true;
}

bool Writer::Element(const FieldPlan& f, const Value& v, std::string& out, std::string& error) {
  WriteTag(f.number, f.wire, out);
  if (!v.is_null()) return Payload(f, v, out, error);
  if (f.wire == kVarint) {
    out.push_back('\0');
  } else if (f.wire == kFixed32) {
    WriteFixed32(0, out);
  } else if (f.wire == kFixed64) {
    WriteFixed64(0, out);
  } else {
    out.push_back('\0');  // empty string, bytes or message
  }
  return true;
}

bool Writer::Message(const MessagePlan& plan, const Value* base, std::string& out,
                     std::string& error) {
  for (const auto& f : plan.fields) {
    const Value& v = base[f.slot];
    if (v.is_null()) continue;
    if (f.is_map) {
      for (const auto& [key, value] : v.as_map()) {
        WriteTag(f.number, kLen, out);
        size_t start = BeginLen(out);
        for (const auto& ef : f.nested->fields) {
          const Value& x = ef.slot == 0 ? key : value;
          if (x.is_null() || (!ef.presence && IsDefault(ef, x))) continue;
          WriteTag(ef.number, ef.wire, out);
          if (!Payload(ef, x, out, error)) return false;
        }
        EndLen(out, start);
      }
    } else if (f.repeated) {
      const ValueList& items = v.as_list();
      if (items.empty()) continue;
      if (f.packed) {
        WriteTag(f.number, kLen, out);
        size_t start = BeginLen(out);
        for (const auto& item : items) {
          if (item.is_null()) {
            if (f.wire == kVarint) out.push_back('\0');
            if (f.wire == kFixed32) WriteFixed32(0, out);
            if (f.wire == kFixed64) WriteFixed64(0, out);
          } else if (!Payload(f, item, out, error)) {
            return false;
          }
        }
        EndLen(out, start);
      } else {
        for (const auto& item : items) {
          if (!Element(f, item, out, error)) return false;
        }
      }
    } else {
      if (!f.presence && IsDefault(f, v)) continue;
      WriteTag(f.number, f.wire, out);
      if (!Payload(f, v, out, error)) return false;
    }
  }
  return true;
}

class ProtobufEncoder : public Encoder {
 public:
  ProtobufEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : schema_id_(spec.schema.id),
        is_key_(spec.is_key),
        framed_(spec.name != "PROTOBUF_NOSR"),
        fields_(std::move(fields)) {
    auto file = LoadSchema(spec, fields_);
    const auto* message = file->Select(spec.schema_full_name);
    plan_ = std::make_unique<CompiledMessage>(std::move(file), message, TargetsOf(fields_), true);
  }

  bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
              std::string& error) override {
    out.clear();
    is_null = false;
    if (is_key_ && AllFieldsNull(row, fields_)) {
      is_null = true;
      return true;
    }
    if (framed_) WriteFraming(schema_id_, plan_->indexes(), out);
    return writer_.Message(plan_->root(), row.data(), out, error);
  }

 private:
  int32_t schema_id_;
  bool is_key_;
  bool framed_;  // PROTOBUF_NOSR: bare protobuf, no Confluent framing
  std::vector<FieldBinding> fields_;
  std::unique_ptr<CompiledMessage> plan_;
  Writer writer_;
};

}  // namespace

std::unique_ptr<Encoder> MakeProtobufEncoder(const FormatSpec& spec,
                                             std::vector<FieldBinding> fields) {
  return std::make_unique<ProtobufEncoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
