// Avro decoding as ksqlDB's Avro deserializer reads records: Confluent framing, then the Avro
// binary of the writer's schema, resolved by field name against the columns and coerced to
// their types (Connect's conversions plus ksqlDB's: numbers widen, anything primitive reads as
// STRING, enums as STRING, records as STRUCT, maps and MapEntry arrays as MAP).
//
// A plan is compiled once per writer schema: a tree of nodes that say what to read and how to
// convert it, so the per-record path is a walk over that tree with no lookups.

#include <deque>
#include <unordered_map>

#include "connectors/formats/avro/avro_binary.h"
#include "connectors/formats/avro/avro_schema.h"
#include "connectors/formats/format_impl.h"
#include "connectors/formats/text_codec.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {

using avro::BinaryReader;
using avro::Kind;
using avro::Logical;
using avro::Node;

enum class Op : uint8_t {
  kNull, kBool, kBoolToString, kInt, kIntToDouble, kIntToString, kLong, kLongMicros,
  kLongToDouble, kLongToString, kFloat, kFloatToString, kDouble, kDoubleToString, kString,
  kEnum, kBytes, kFixed, kDecimal, kArray, kMap, kMapEntries, kStruct, kUnion, kFail,
};

struct DecodeNode;

// One writer record field: read into slot `slot` with `node`, or skip when node is null.
struct Step {
  const Node* writer = nullptr;
  const DecodeNode* node = nullptr;
  int slot = -1;
};

struct DecodeNode {
  Op op = Op::kFail;
  const Node* writer = nullptr;
  const DecodeNode* child = nullptr;           // array items, map values
  std::vector<Step> steps;                     // struct fields; MapEntry record (slot 0 key, 1 value)
  size_t num_fields = 0;                       // struct target size
  std::vector<const DecodeNode*> branches;     // union
  std::vector<int> branch_slots;               // union into a STRUCT of branches; else empty
  int precision = 0, scale = 0;                // target decimal
  std::string message;                         // kFail
};

bool Truncated(std::string& error) {
  error = "Avro: malformed or truncated data";
  return false;
}

// Skips a value of writer type `w` (fields the columns do not use).
bool Skip(const Node& w, BinaryReader& r, std::string& error, int depth = 0) {
  if (depth > 64) {
    error = "Avro: data nested too deeply";
    return false;
  }
  int64_t n = 0;
  double d = 0;
  bool b = false;
  std::string_view s;
  switch (w.kind) {
    case Kind::kNull: return true;
    case Kind::kBoolean: return r.ReadBool(b) || Truncated(error);
    case Kind::kInt:
    case Kind::kLong:
    case Kind::kEnum: return r.ReadLong(n) || Truncated(error);
    case Kind::kFloat: return r.ReadFloat(d) || Truncated(error);
    case Kind::kDouble: return r.ReadDouble(d) || Truncated(error);
    case Kind::kBytes:
    case Kind::kString: return r.ReadBytes(s) || Truncated(error);
    case Kind::kFixed: return r.ReadFixed(w.fixed_size, s) || Truncated(error);
    case Kind::kRecord:
      for (const auto& f : w.fields) {
        if (!Skip(*f.type, r, error, depth + 1)) return false;
      }
      return true;
    case Kind::kArray:
    case Kind::kMap:
      while (true) {
        int64_t count = 0;
        if (!r.ReadBlockCount(count)) return Truncated(error);
        if (count == 0) return true;
        for (int64_t i = 0; i < count; ++i) {
          if (w.kind == Kind::kMap && !r.ReadBytes(s)) return Truncated(error);
          if (!Skip(*w.items, r, error, depth + 1)) return false;
        }
      }
    case Kind::kUnion:
      if (!r.ReadLong(n) || n < 0 || n >= static_cast<int64_t>(w.branches.size())) {
        return Truncated(error);
      }
      return Skip(*w.branches[static_cast<size_t>(n)], r, error, depth + 1);
  }
  return Truncated(error);
}

bool NameMatch(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

// For each target name, the index of the writer field it reads (exact, else case-insensitive).
std::vector<int> BindNames(const Node& record, const std::vector<std::string>& names) {
  std::vector<int> out(names.size(), -1);
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t k = 0; k < record.fields.size(); ++k) {
      if (record.fields[k].name == names[i]) out[i] = static_cast<int>(k);
    }
    if (out[i] >= 0) continue;
    for (size_t k = 0; k < record.fields.size(); ++k) {
      if (NameMatch(record.fields[k].name, names[i])) {
        out[i] = static_cast<int>(k);
        break;
      }
    }
  }
  return out;
}

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kBoolean: return "boolean";
    case Kind::kInt: return "int";
    case Kind::kLong: return "long";
    case Kind::kFloat: return "float";
    case Kind::kDouble: return "double";
    case Kind::kBytes: return "bytes";
    case Kind::kString: return "string";
    case Kind::kRecord: return "record";
    case Kind::kEnum: return "enum";
    case Kind::kArray: return "array";
    case Kind::kMap: return "map";
    case Kind::kUnion: return "union";
    case Kind::kFixed: return "fixed";
  }
  return "?";
}

// A compiled reading of one writer schema into the bound columns.
class DecodePlan {
 public:
  // Compiles; `error` is set (and the plan unusable) when the writer's top level cannot map to
  // the columns at all.
  DecodePlan(std::shared_ptr<const avro::Schema> writer, const std::vector<FieldBinding>& fields,
             bool unwrapped)
      : writer_(std::move(writer)) {
    const Node& root = writer_->root();
    if (unwrapped) {
      root_ = Compile(root, *fields[0].type, 0);
      root_slot_ = fields[0].index;
      return;
    }
    const Node* record = &root;
    if (record->kind == Kind::kUnion && record->OptionalOf() != nullptr) {
      record = record->OptionalOf();
      null_branch_ = root.NullBranch();
    }
    if (record->kind != Kind::kRecord) {
      error_ = std::string("Avro schema is a ") + KindName(root.kind) +
               ", expected a record holding the columns";
      return;
    }
    record_ = record;
    std::vector<std::string> names;
    for (const auto& f : fields) names.push_back(f.name);
    std::vector<int> bound = BindNames(*record, names);
    top_steps_.resize(record->fields.size());
    for (size_t k = 0; k < record->fields.size(); ++k) top_steps_[k].writer = record->fields[k].type;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (bound[i] < 0) {
        missing_slots_.push_back(fields[i].index);
        continue;
      }
      Step& s = top_steps_[static_cast<size_t>(bound[i])];
      s.node = Compile(*s.writer, *fields[i].type, 0);
      s.slot = static_cast<int>(i);
    }
  }

  const std::string& error() const { return error_; }

  bool Decode(BinaryReader& r, std::vector<Value>& row, const std::vector<FieldBinding>& fields,
              std::string& error) const {
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    if (root_ != nullptr) {
      if (Read(*root_, r, row[root_slot_], error)) return true;
      error = FieldContext(fields[0]) + error;
      return false;
    }
    if (null_branch_ >= 0) {
      int64_t b = 0;
      if (!r.ReadLong(b) || b < 0 || b > 1) return Truncated(error);
      if (b == null_branch_) {
        for (const auto& f : fields) row[f.index] = Value();
        return true;
      }
    }
    for (const Step& s : top_steps_) {
      if (s.node == nullptr) {
        if (!Skip(*s.writer, r, error)) return false;
        continue;
      }
      const FieldBinding& f = fields[static_cast<size_t>(s.slot)];
      if (!Read(*s.node, r, row[f.index], error)) {
        error = FieldContext(f) + error;
        return false;
      }
    }
    for (int slot : missing_slots_) row[slot] = Value();
    return true;
  }

 private:
  DecodeNode* New(Op op, const Node& w) {
    nodes_.emplace_back();
    nodes_.back().op = op;
    nodes_.back().writer = &w;
    return &nodes_.back();
  }

  DecodeNode* Fail(const Node& w, const Type& t) {
    DecodeNode* n = New(Op::kFail, w);
    n->message = std::string("cannot read Avro ") + KindName(w.kind) + " as " + t.ToString();
    return n;
  }

  const DecodeNode* Compile(const Node& w, const Type& t, int depth) {
    if (depth > avro::kMaxSchemaNodeDepth) return Fail(w, t);
    const TypeKind k = t.kind;
    const bool integral = k == TypeKind::kInt || k == TypeKind::kBigint || k == TypeKind::kDate ||
                          k == TypeKind::kTime || k == TypeKind::kTimestamp;
    switch (w.kind) {
      case Kind::kNull: return New(Op::kNull, w);
      case Kind::kBoolean:
        if (k == TypeKind::kBoolean) return New(Op::kBool, w);
        if (k == TypeKind::kString) return New(Op::kBoolToString, w);
        break;
      case Kind::kInt:
        if (integral) return New(Op::kInt, w);
        if (k == TypeKind::kDouble) return New(Op::kIntToDouble, w);
        if (k == TypeKind::kString) return New(Op::kIntToString, w);
        break;
      case Kind::kLong:
        if ((w.logical == Logical::kTimestampMicros || w.logical == Logical::kTimeMicros) &&
            (k == TypeKind::kTimestamp || k == TypeKind::kTime)) {
          return New(Op::kLongMicros, w);
        }
        if (k == TypeKind::kBigint || k == TypeKind::kTimestamp) return New(Op::kLong, w);
        if (k == TypeKind::kDouble) return New(Op::kLongToDouble, w);
        if (k == TypeKind::kString) return New(Op::kLongToString, w);
        break;
      case Kind::kFloat:
        if (k == TypeKind::kDouble) return New(Op::kFloat, w);
        if (k == TypeKind::kString) return New(Op::kFloatToString, w);
        break;
      case Kind::kDouble:
        if (k == TypeKind::kDouble) return New(Op::kDouble, w);
        if (k == TypeKind::kString) return New(Op::kDoubleToString, w);
        break;
      case Kind::kString:
        if (k == TypeKind::kString) return New(Op::kString, w);
        break;
      case Kind::kEnum:
        if (k == TypeKind::kString) return New(Op::kEnum, w);
        break;
      case Kind::kBytes:
      case Kind::kFixed:
        if (k == TypeKind::kBytes) return New(w.kind == Kind::kBytes ? Op::kBytes : Op::kFixed, w);
        if (k == TypeKind::kDecimal && w.logical == Logical::kDecimal) {
          DecodeNode* n = New(Op::kDecimal, w);
          n->precision = t.precision;
          n->scale = t.scale;
          return n;
        }
        break;
      case Kind::kArray:
        if (k == TypeKind::kArray) {
          DecodeNode* n = New(Op::kArray, w);
          n->child = Compile(*w.items, *t.element, depth + 1);
          return n;
        }
        if (k == TypeKind::kMap && w.items->kind == Kind::kRecord) {
          std::vector<int> kv = BindNames(*w.items, {"key", "value"});
          if (kv[0] < 0 || kv[1] < 0) break;
          DecodeNode* n = New(Op::kMapEntries, w);
          for (size_t f = 0; f < w.items->fields.size(); ++f) {
            Step s;
            s.writer = w.items->fields[f].type;
            if (static_cast<int>(f) == kv[0]) {
              s.node = Compile(*s.writer, *Type::String(), depth + 1);
              s.slot = 0;
            } else if (static_cast<int>(f) == kv[1]) {
              s.node = Compile(*s.writer, *t.element, depth + 1);
              s.slot = 1;
            }
            n->steps.push_back(s);
          }
          return n;
        }
        break;
      case Kind::kMap:
        if (k == TypeKind::kMap) {
          DecodeNode* n = New(Op::kMap, w);
          n->child = Compile(*w.items, *t.element, depth + 1);
          return n;
        }
        break;
      case Kind::kRecord:
        if (k == TypeKind::kStruct) {
          DecodeNode* n = New(Op::kStruct, w);
          n->num_fields = t.fields.size();
          std::vector<std::string> names;
          for (const auto& f : t.fields) names.push_back(f.name);
          std::vector<int> bound = BindNames(w, names);
          n->steps.resize(w.fields.size());
          for (size_t f = 0; f < w.fields.size(); ++f) n->steps[f].writer = w.fields[f].type;
          for (size_t i = 0; i < names.size(); ++i) {
            if (bound[i] < 0) continue;
            Step& s = n->steps[static_cast<size_t>(bound[i])];
            s.node = Compile(*s.writer, *t.fields[i].type, depth + 1);
            s.slot = static_cast<int>(i);
          }
          return n;
        }
        break;
      case Kind::kUnion: {
        DecodeNode* n = New(Op::kUnion, w);
        // A general union read into a STRUCT of its branches (Connect's mapping): each branch
        // fills the field named after it.
        bool as_struct = k == TypeKind::kStruct && w.OptionalOf() == nullptr;
        for (const Node* b : w.branches) {
          if (!as_struct || b->kind == Kind::kNull) {
            n->branches.push_back(Compile(*b, t, depth + 1));
            n->branch_slots.push_back(-1);
            continue;
          }
          int slot = t.FieldIndex(avro::UnionBranchName(*b));
          n->branches.push_back(slot < 0 ? New(Op::kNull, *b)
                                         : Compile(*b, *t.fields[static_cast<size_t>(slot)].type,
                                                   depth + 1));
          n->branch_slots.push_back(slot);
        }
        n->num_fields = as_struct ? t.fields.size() : 0;
        if (!as_struct) n->branch_slots.clear();
        return n;
      }
    }
    return Fail(w, t);
  }

  static bool Read(const DecodeNode& n, BinaryReader& r, Value& out, std::string& error) {
    int64_t i = 0;
    double d = 0;
    bool b = false;
    std::string_view s;
    switch (n.op) {
      case Op::kNull: out = Value(); return true;
      case Op::kBool:
        if (!r.ReadBool(b)) return Truncated(error);
        out.SetBool(b);
        return true;
      case Op::kBoolToString:
        if (!r.ReadBool(b)) return Truncated(error);
        out.SetString(b ? "true" : "false");
        return true;
      case Op::kInt:
        if (!r.ReadInt(i)) return Truncated(error);
        out.SetInt(i);
        return true;
      case Op::kIntToDouble:
        if (!r.ReadInt(i)) return Truncated(error);
        out.SetDouble(static_cast<double>(i));
        return true;
      case Op::kLong:
        if (!r.ReadLong(i)) return Truncated(error);
        out.SetInt(i);
        return true;
      case Op::kLongMicros:
        if (!r.ReadLong(i)) return Truncated(error);
        out.SetInt(i >= 0 ? i / 1000 : -((-i + 999) / 1000));  // floor, as Java's floorDiv
        return true;
      case Op::kLongToDouble:
        if (!r.ReadLong(i)) return Truncated(error);
        out.SetDouble(static_cast<double>(i));
        return true;
      case Op::kIntToString:
      case Op::kLongToString: {
        if (!(n.op == Op::kIntToString ? r.ReadInt(i) : r.ReadLong(i))) return Truncated(error);
        std::string text;
        AppendInt(i, text);
        out.SetString(text);
        return true;
      }
      case Op::kFloat:
        if (!r.ReadFloat(d)) return Truncated(error);
        out.SetDouble(d);
        return true;
      case Op::kDouble:
        if (!r.ReadDouble(d)) return Truncated(error);
        out.SetDouble(d);
        return true;
      case Op::kFloatToString:
      case Op::kDoubleToString: {
        if (!(n.op == Op::kFloatToString ? r.ReadFloat(d) : r.ReadDouble(d))) {
          return Truncated(error);
        }
        std::string text;
        AppendJavaDouble(d, text);
        out.SetString(text);
        return true;
      }
      case Op::kString:
      case Op::kBytes:
        if (!r.ReadBytes(s)) return Truncated(error);
        out.SetString(s);
        return true;
      case Op::kFixed:
        if (!r.ReadFixed(n.writer->fixed_size, s)) return Truncated(error);
        out.SetString(s);
        return true;
      case Op::kEnum:
        if (!r.ReadLong(i)) return Truncated(error);
        if (i < 0 || i >= static_cast<int64_t>(n.writer->symbols.size())) {
          error = "Avro: enum index " + std::to_string(i) + " out of range";
          return false;
        }
        out.SetString(n.writer->symbols[static_cast<size_t>(i)]);
        return true;
      case Op::kDecimal: return ReadDecimal(n, r, out, error);
      case Op::kArray: {
        ValueList items;
        if (!ReadBlocks(r, error, [&]() {
              items.emplace_back();
              return Read(*n.child, r, items.back(), error);
            })) {
          return false;
        }
        out = Value::List(std::move(items));
        return true;
      }
      case Op::kMap: {
        ValueMap entries;
        if (!ReadBlocks(r, error, [&]() {
              std::string_view key;
              if (!r.ReadBytes(key)) return Truncated(error);
              entries.emplace_back(Value::String(std::string(key)), Value());
              return Read(*n.child, r, entries.back().second, error);
            })) {
          return false;
        }
        out = Value::Map(std::move(entries));
        return true;
      }
      case Op::kMapEntries: {
        ValueMap entries;
        if (!ReadBlocks(r, error, [&]() {
              Value kv[2];
              if (!ReadSteps(n.steps, r, kv, error)) return false;
              entries.emplace_back(std::move(kv[0]), std::move(kv[1]));
              return true;
            })) {
          return false;
        }
        out = Value::Map(std::move(entries));
        return true;
      }
      case Op::kStruct: {
        ValueList fields(n.num_fields);
        if (!ReadSteps(n.steps, r, fields.data(), error)) return false;
        out = Value::List(std::move(fields));
        return true;
      }
      case Op::kUnion: {
        if (!r.ReadLong(i) || i < 0 || i >= static_cast<int64_t>(n.branches.size())) {
          return Truncated(error);
        }
        const DecodeNode& branch = *n.branches[static_cast<size_t>(i)];
        if (n.branch_slots.empty()) return Read(branch, r, out, error);
        int slot = n.branch_slots[static_cast<size_t>(i)];
        if (branch.writer->kind == Kind::kNull) {
          out = Value();
          return true;
        }
        ValueList fields(n.num_fields);
        Value scratch;
        if (!Read(branch, r, slot < 0 ? scratch : fields[static_cast<size_t>(slot)], error)) {
          return false;
        }
        out = Value::List(std::move(fields));
        return true;
      }
      case Op::kFail: error = n.message; return false;
    }
    return Truncated(error);
  }

  static bool ReadSteps(const std::vector<Step>& steps, BinaryReader& r, Value* slots,
                        std::string& error) {
    for (const Step& s : steps) {
      if (s.node == nullptr) {
        if (!Skip(*s.writer, r, error)) return false;
      } else if (!Read(*s.node, r, slots[s.slot], error)) {
        return false;
      }
    }
    return true;
  }

  template <class ReadItem>
  static bool ReadBlocks(BinaryReader& r, std::string& error, ReadItem read_item) {
    while (true) {
      int64_t count = 0;
      if (!r.ReadBlockCount(count)) return Truncated(error);
      if (count == 0) return true;
      for (int64_t i = 0; i < count; ++i) {
        if (!read_item()) return false;
      }
    }
  }

  static bool ReadDecimal(const DecodeNode& n, BinaryReader& r, Value& out, std::string& error) {
    std::string_view bytes;
    bool ok = n.writer->kind == Kind::kFixed ? r.ReadFixed(n.writer->fixed_size, bytes)
                                             : r.ReadBytes(bytes);
    if (!ok) return Truncated(error);
    Decimal d;
    if (!avro::ParseDecimalBytes(bytes, d.unscaled)) {
      error = "Avro: decimal does not fit 38 digits";
      return false;
    }
    d.scale = n.writer->scale;
    d.precision = n.precision;
    if (d.scale != n.scale) d = d.Rescale(n.scale);
    __int128 limit = 1;
    for (int p = 0; p < n.precision; ++p) limit *= 10;
    if (d.unscaled >= limit || d.unscaled <= -limit) {
      error = "Avro: decimal " + d.ToString() + " does not fit DECIMAL(" +
              std::to_string(n.precision) + ", " + std::to_string(n.scale) + ")";
      return false;
    }
    d.precision = n.precision;
    out = Value::Dec(d);
    return true;
  }

  std::shared_ptr<const avro::Schema> writer_;
  std::deque<DecodeNode> nodes_;
  std::string error_;
  const DecodeNode* root_ = nullptr;  // unwrapped
  int root_slot_ = 0;
  const Node* record_ = nullptr;
  int null_branch_ = -1;  // a ["null", record] root
  std::vector<Step> top_steps_;  // slot = index into the bindings
  std::vector<int> missing_slots_;
};

class AvroDecoder final : public Decoder {
 public:
  AvroDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)),
        unwrapped_(IsUnwrapped(spec, fields_.size())),
        reader_id_(spec.schema.id),
        lookup_(spec.lookup) {
    std::string text =
        spec.schema.text.empty() ? DeriveAvroSchema(spec, fields_) : spec.schema.text;
    reader_ = std::make_unique<DecodePlan>(avro::Schema::Parse(text), fields_, unwrapped_);
    if (!reader_->error().empty()) ThrowBind({}, reader_->error());
  }

  bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
              std::string& error) override {
    if (is_null) {
      for (const auto& f : fields_) row[f.index] = Value();
      return true;
    }
    if (bytes.empty() || bytes[0] != 0) {
      error = "Unknown magic byte!";
      return false;
    }
    if (bytes.size() < avro::kFrameSize) {
      error = "Avro: record shorter than the 5-byte schema-registry header";
      return false;
    }
    const DecodePlan* plan = PlanFor(avro::FrameSchemaId(bytes), error);
    if (plan == nullptr) return false;
    BinaryReader r(bytes.data() + avro::kFrameSize, bytes.data() + bytes.size());
    return plan->Decode(r, row, fields_, error);
  }

 private:
  const DecodePlan* PlanFor(int32_t id, std::string& error) {
    if (id == reader_id_ || !lookup_) return reader_.get();
    auto it = writers_.find(id);
    if (it != writers_.end()) return it->second ? it->second.get() : reader_.get();
    std::unique_ptr<DecodePlan> plan;
    try {
      std::optional<RegisteredSchema> found = lookup_(id);
      if (found && !found->text.empty() && (found->format.empty() || found->format == "AVRO")) {
        plan = std::make_unique<DecodePlan>(avro::Schema::Parse(found->text), fields_, unwrapped_);
      }
    } catch (const RiffleError& e) {
      error = "Avro: writer schema " + std::to_string(id) + ": " + e.message();
      return nullptr;  // not cached: the registry may learn the schema later
    }
    const DecodePlan* result = plan ? plan.get() : reader_.get();
    writers_[id] = std::move(plan);
    return result;
  }

  std::vector<FieldBinding> fields_;
  bool unwrapped_;
  int32_t reader_id_;
  SchemaLookup lookup_;
  std::unique_ptr<DecodePlan> reader_;
  std::unordered_map<int32_t, std::unique_ptr<DecodePlan>> writers_;  // null: use the reader's
};

}  // namespace

std::unique_ptr<Decoder> MakeAvroDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  return std::make_unique<AvroDecoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
