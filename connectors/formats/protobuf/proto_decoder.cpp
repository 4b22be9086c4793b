// PROTOBUF decoding: Confluent framing, then a table-driven walk of the wire bytes into row
// slots. Absent proto3 scalars read as their defaults (0, "", false, the first enum name),
// absent messages and proto3 `optional` fields as NULL, absent repeated fields as empty
// ARRAY / MAP, as ksqlDB's protobuf deserializer reads them.

#include <map>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/protobuf/proto_plan.h"
#include "connectors/formats/protobuf/proto_time.h"
#include "connectors/formats/protobuf/proto_wire.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {

using namespace proto;  // NOLINT: this file is the protobuf codec

struct Acc {
  ValueList list;
  ValueMap map;
};

class Walker {
 public:
  // Sized once: Message() keeps a pointer into it while deeper levels decode.
  Walker() : acc_by_depth_(kMaxDepth + 2) {}
  static constexpr size_t kMaxDepth = 100;

  bool Message(const MessagePlan& plan, const uint8_t* p, const uint8_t* end, Value* base,
               size_t depth, std::string& error);

 private:
  bool Field(const FieldPlan& f, uint32_t wt, const uint8_t*& p, const uint8_t* end, Value& out,
             size_t depth, std::string& error);
  bool Scalar(const FieldPlan& f, const uint8_t*& p, const uint8_t* end, Value& out);
  bool Entry(const FieldPlan& f, std::string_view bytes, Acc& acc, size_t depth,
             std::string& error);

  std::vector<std::vector<Acc>> acc_by_depth_;
};

// Beyond this, seconds * 1000 overflows int64 milliseconds.
constexpr int64_t kMaxSeconds = 9'000'000'000'000'000;

bool Truncated(const FieldPlan& f, std::string& error) {
  error = "Malformed PROTOBUF record: truncated or invalid data in field '" + f.name + "'";
  return false;
}

bool Malformed(std::string& error) {
  error = "Malformed PROTOBUF record: truncated data or invalid varint";
  return false;
}

void ResetDefault(Value& slot, const Value& def) {
  if (def.is_string()) {
    slot.SetString(def.as_string());  // reuses the slot's buffer on the hot path
  } else if (def.is_int()) {
    slot.SetInt(def.as_int());
  } else {
    slot = def;
  }
}

bool Walker::Scalar(const FieldPlan& f, const uint8_t*& p, const uint8_t* end, Value& out) {
  uint64_t v = 0;
  switch (f.kind) {
    case Kind::kInt32:
      if (!ReadVarint(p, end, v)) return false;
      out.SetInt(static_cast<int32_t>(v));
      break;
    case Kind::kInt64:
    case Kind::kUInt64:
      if (!ReadVarint(p, end, v)) return false;
      out.SetInt(static_cast<int64_t>(v));
      break;
    case Kind::kUInt32:
      if (!ReadVarint(p, end, v)) return false;
      out.SetInt(static_cast<uint32_t>(v));
      break;
    case Kind::kSInt32:
    case Kind::kSInt64:
      if (!ReadVarint(p, end, v)) return false;
      out.SetInt(f.kind == Kind::kSInt32 ? static_cast<int32_t>(ZigZagDecode(v)) : ZigZagDecode(v));
      break;
    case Kind::kBool:
      if (!ReadVarint(p, end, v)) return false;
      out.SetBool(v != 0);
      break;
    case Kind::kEnum: {
      if (!ReadVarint(p, end, v)) return false;
      auto number = static_cast<int32_t>(v);
      for (const auto& [n, name] : f.enum_values) {
        if (n == number) {
          out.SetString(name);
          return true;
        }
      }
      out.SetString(std::to_string(number));  // an enum value this schema does not know
      break;
    }
    case Kind::kFixed32:
    case Kind::kSFixed32:
    case Kind::kFloat: {
      uint32_t x = 0;
      if (!ReadFixed32(p, end, x)) return false;
      if (f.kind == Kind::kFloat) {
        float fl = 0;
        std::memcpy(&fl, &x, 4);
        out.SetDouble(static_cast<double>(fl));
      } else {
        out.SetInt(f.kind == Kind::kFixed32 ? int64_t{x} : int64_t{static_cast<int32_t>(x)});
      }
      break;
    }
    case Kind::kFixed64:
    case Kind::kSFixed64:
    case Kind::kDouble: {
      uint64_t x = 0;
      if (!ReadFixed64(p, end, x)) return false;
      if (f.kind == Kind::kDouble) {
        double d = 0;
        std::memcpy(&d, &x, 8);
        out.SetDouble(d);
      } else {
        out.SetInt(static_cast<int64_t>(x));
      }
      break;
    }
    default: return false;
  }
  if (f.target->kind == TypeKind::kInt && out.is_int()) {
    out.SetInt(static_cast<int32_t>(out.as_int()));  // Java's narrowing to int
  }
  return true;
}

bool Walker::Field(const FieldPlan& f, uint32_t wt, const uint8_t*& p, const uint8_t* end,
                   Value& out, size_t depth, std::string& error) {
  if (f.wire != kLen) {
    if (!Scalar(f, p, end, out)) return Truncated(f, error);
    return true;
  }
  (void)wt;
  std::string_view bytes;
  if (!ReadLen(p, end, bytes)) return Truncated(f, error);
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto* e = b + bytes.size();
  switch (f.kind) {
    case Kind::kString:
    case Kind::kBytes: out.SetString(bytes); return true;
    case Kind::kMessage: {
      ValueList fields(static_cast<size_t>(f.nested->num_slots));
      if (!Message(*f.nested, b, e, fields.data(), depth + 1, error)) return false;
      out = Value::List(std::move(fields));
      return true;
    }
    case Kind::kWrapper: {
      Value inner;
      if (!Message(*f.nested, b, e, &inner, depth + 1, error)) return false;
      out = std::move(inner);
      return true;
    }
    default: break;
  }
  // The logical-type messages: a few varint / bytes fields read by number.
  int64_t n[5] = {0, 0, 0, 0, 0};
  std::string_view decimal_bytes;
  while (b < e) {
    uint64_t tag = 0;
    if (!ReadVarint(b, e, tag)) return Truncated(f, error);
    uint64_t number = tag >> 3;
    auto twt = static_cast<uint32_t>(tag & 7);
    if (f.kind == Kind::kDecimal && number == 1 && twt == kLen) {
      if (!ReadLen(b, e, decimal_bytes)) return Truncated(f, error);
    } else if (twt == kVarint && number >= 1 && number <= 4) {
      uint64_t v = 0;
      if (!ReadVarint(b, e, v)) return Truncated(f, error);
      n[number] = static_cast<int64_t>(v);
    } else if (!SkipField(b, e, twt)) {
      return Truncated(f, error);
    }
  }
  switch (f.kind) {
    case Kind::kTimestamp:  // seconds (int64), nanos (int32)
      if (n[1] > kMaxSeconds || n[1] < -kMaxSeconds) {
        error = "field '" + f.name + "': timestamp seconds out of range";
        return false;
      }
      out = Value::Int(TimestampMillis(n[1], static_cast<int32_t>(n[2])));
      return true;
    case Kind::kDate:  // year, month, day
      out = Value::Int(DaysFromCivil(static_cast<int32_t>(n[1]), static_cast<int32_t>(n[2]),
                                     static_cast<int32_t>(n[3])));
      return true;
    case Kind::kTime:  // hours, minutes, seconds, nanos
      out = Value::Int(TimeOfDayMillis(static_cast<int32_t>(n[1]), static_cast<int32_t>(n[2]),
                                       static_cast<int32_t>(n[3]), static_cast<int32_t>(n[4])));
      return true;
    case Kind::kDecimal: {  // value (two's complement, big-endian), precision, scale
      if (n[3] < 0 || n[3] > 38) {
        error = "field '" + f.name + "': decimal scale " + std::to_string(n[3]) + " out of range";
        return false;
      }
      Decimal d;
      if (!DecimalFromBytes(decimal_bytes, static_cast<int32_t>(n[3]), d)) {
        error = "field '" + f.name + "': decimal value wider than 128 bits";
        return false;
      }
      if (d.scale != f.decimal_scale) d = d.Rescale(f.decimal_scale);
      d.precision = f.decimal_precision;
      out = Value::Dec(d);
      return true;
    }
    default: return Truncated(f, error);
  }
}

bool Walker::Entry(const FieldPlan& f, std::string_view bytes, Acc& acc, size_t depth,
                   std::string& error) {
  Value kv[2];
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  if (!Message(*f.nested, b, b + bytes.size(), kv, depth + 1, error)) return false;
  // Later entries replace earlier ones with the same key, as protobuf maps merge.
  for (auto& [k, v] : acc.map) {
    if (k == kv[0]) {
      v = std::move(kv[1]);
      return true;
    }
  }
  acc.map.emplace_back(std::move(kv[0]), std::move(kv[1]));
  return true;
}

bool Walker::Message(const MessagePlan& plan, const uint8_t* p, const uint8_t* end, Value* base,
                     size_t depth, std::string& error) {
  if (depth > kMaxDepth) {
    error = "PROTOBUF record nests too deep";
    return false;
  }
  for (const auto& f : plan.fields) {
    if (!f.repeated) ResetDefault(base[f.slot], f.default_value);
  }
  for (int s : plan.unbound_slots) base[s] = Value();
  std::vector<Acc>* accs = nullptr;
  if (plan.num_acc > 0) {
    accs = &acc_by_depth_[depth];
    accs->resize(static_cast<size_t>(plan.num_acc));
    for (auto& a : *accs) {
      a.list.clear();
      a.map.clear();
    }
  }
  while (p < end) {
    uint64_t tag = 0;
    if (!ReadVarint(p, end, tag)) return Malformed(error);
    auto wt = static_cast<uint32_t>(tag & 7);
    const FieldPlan* f = plan.Find(tag >> 3);
    if ((tag >> 3) == 0) return Malformed(error);
    if (f == nullptr) {
      if (!SkipField(p, end, wt)) return Malformed(error);
      continue;
    }
    if (!f->repeated) {
      // A wire type the schema does not expect is an unknown field to protobuf parsers.
      if (wt != f->wire) {
        if (!SkipField(p, end, wt)) return Malformed(error);
        continue;
      }
      if (!Field(*f, wt, p, end, base[f->slot], depth, error)) return false;
      continue;
    }
    Acc& acc = (*accs)[static_cast<size_t>(f->acc)];
    if (f->is_map) {
      std::string_view bytes;
      if (wt != kLen || !ReadLen(p, end, bytes)) return Truncated(*f, error);
      if (!Entry(*f, bytes, acc, depth, error)) return false;
    } else if (wt == kLen && f->wire != kLen) {  // packed scalars
      std::string_view bytes;
      if (!ReadLen(p, end, bytes)) return Truncated(*f, error);
      const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
      const auto* e = b + bytes.size();
      while (b < e) {
        acc.list.emplace_back();
        if (!Scalar(*f, b, e, acc.list.back())) return Truncated(*f, error);
      }
    } else if (wt == f->wire) {
      acc.list.emplace_back();
      if (!Field(*f, wt, p, end, acc.list.back(), depth, error)) return false;
    } else if (!SkipField(p, end, wt)) {
      return Malformed(error);
    }
  }
  for (const auto& f : plan.fields) {
    if (!f.repeated) continue;
    Acc& acc = (*accs)[static_cast<size_t>(f.acc)];
    base[f.slot] = f.is_map ? Value::Map(std::move(acc.map)) : Value::List(std::move(acc.list));
  }
  return true;
}

class ProtobufDecoder : public Decoder {
 public:
  ProtobufDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : spec_(spec), fields_(std::move(fields)), framed_(spec.name != "PROTOBUF_NOSR") {
    auto file = LoadSchema(spec_, fields_);
    const auto* message = file->Select(spec_.schema_full_name);
    reader_file_ = file;
    main_ = std::make_unique<CompiledMessage>(std::move(file), message, TargetsOf(fields_),
                                              false);
  }

  bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
              std::string& error) override {
    if (is_null) {
      for (const auto& f : fields_) row[f.index] = Value();
      return true;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto* end = p + bytes.size();
    if (!framed_) return walker_.Message(main_->root(), p, end, row.data(), 0, error);
    int32_t id = 0;
    if (!ReadFraming(p, end, id, indexes_, error)) return false;
    const CompiledMessage* plan = main_.get();
    if (id != spec_.schema.id || indexes_ != main_->indexes()) {
      plan = Writer(id, error);
      if (plan == nullptr) return false;
    }
    return walker_.Message(plan->root(), p, end, row.data(), 0, error);
  }

 private:
  // The plan for a record written with another schema id or message: compiled once per
  // (id, message indexes) and cached.
  const CompiledMessage* Writer(int32_t id, std::string& error) {
    auto key = std::make_pair(id, indexes_);
    auto it = writers_.find(key);
    if (it != writers_.end()) return it->second.get();
    std::shared_ptr<const ProtoFile> file;
    try {
      if (id != spec_.schema.id && spec_.lookup) {
        if (auto schema = spec_.lookup(id)) file = ProtoFile::Parse(*schema);
      }
      if (!file) {
        // Unknown writer schema: read with the reader's message, as the framing's indexes
        // refer to a file riffle does not have.
        if (id != spec_.schema.id) return main_.get();
        file = reader_file_;
      }
      const auto* message = file->ByIndexes(indexes_);
      if (message == nullptr) {
        error = "PROTOBUF record names message indexes not in schema id " + std::to_string(id);
        return nullptr;
      }
      auto compiled = std::make_unique<CompiledMessage>(file, message, TargetsOf(fields_), false);
      return writers_.emplace(key, std::move(compiled)).first->second.get();
    } catch (const RiffleError& e) {
      error = "Cannot read PROTOBUF record with schema id " + std::to_string(id) + ": " + e.what();
      return nullptr;
    }
  }

  FormatSpec spec_;
  std::vector<FieldBinding> fields_;
  bool framed_;  // PROTOBUF_NOSR: bare protobuf, no Confluent framing
  std::shared_ptr<const ProtoFile> reader_file_;
  std::unique_ptr<CompiledMessage> main_;
  std::map<std::pair<int32_t, std::vector<int>>, std::unique_ptr<CompiledMessage>> writers_;
  std::vector<int> indexes_;
  Walker walker_;
};

}  // namespace

std::unique_ptr<Decoder> MakeProtobufDecoder(const FormatSpec& spec,
                                             std::vector<FieldBinding> fields) {
  return std::make_unique<ProtobufDecoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
