// Avro encoding as ksqlDB's Avro serializer writes records: Confluent framing with the schema's
// id, then the Avro binary of the physical schema (the given one, else the derived one). Columns
// bind to the schema's record fields by name (exact, else case-insensitive); a nullable union
// takes its "null" branch for NULL, its first branch of a matching type otherwise.
//
// Like the decoder, the encoder walks a plan compiled once from (schema, columns).

#include <deque>

#include "connectors/formats/avro/avro_binary.h"
#include "connectors/formats/avro/avro_schema.h"
#include "connectors/formats/format_impl.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle::formats {

namespace {

using avro::Kind;
using avro::Logical;
using avro::Node;

enum class EOp : uint8_t {
  kNullOnly, kBool, kInt, kLong, kLongMicros, kFloat, kDouble, kString, kEnum, kBytes, kFixed,
  kDecimal, kArray, kMap, kMapEntries, kRecord, kUnion,
};

struct EncodeNode;

// One field of a writer record: the source slot (-1: always NULL) and how to write it.
struct EStep {
  int slot = -1;
  const EncodeNode* node = nullptr;
};

struct EncodeNode {
  EOp op = EOp::kNullOnly;
  const Node* writer = nullptr;
  std::string path;                      // for error messages
  const EncodeNode* child = nullptr;     // union value branch; array items; map values
  std::vector<EStep> steps;              // record fields; MapEntry (slot 0 key, 1 value)
  int null_branch = -1;                  // union
  int value_branch = -1;                 // union
};

bool Fail(const std::string& path, const std::string& what, std::string& error) {
  error = path.empty() ? what : "field `" + path + "`: " + what;
  return false;
}

class EncodePlan {
 public:
  EncodePlan(const Node& root, const std::vector<FieldBinding>& fields, bool unwrapped) {
    if (unwrapped) {
      root_ = Compile(root, *fields[0].type, fields[0].name, 0);
      root_slot_ = fields[0].index;
      return;
    }
    const Node* record = &root;
    if (record->kind == Kind::kUnion && record->OptionalOf() != nullptr) {
      root_union_branch_ = root.NullBranch() == 0 ? 1 : 0;
      record = record->OptionalOf();
    }
    if (record->kind != Kind::kRecord) {
      ThrowBind({}, "The Avro schema is not a record: it cannot hold the columns");
    }
    std::vector<std::pair<std::string, TypePtr>> named;
    std::vector<int> slots;
    for (const auto& f : fields) {
      named.emplace_back(f.name, f.type);
      slots.push_back(f.index);
    }
    top_ = CompileRecord(*record, named, slots, "", 0);
  }

  bool Encode(const std::vector<Value>& row, std::string& out, std::string& error) const {
    if (root_ != nullptr) return Write(*root_, row[root_slot_], out, error);
    if (root_union_branch_ >= 0) avro::WriteLong(root_union_branch_, out);
    return WriteSteps(top_->steps, row.data(), out, error);
  }

 private:
  EncodeNode* New(EOp op, const Node& w, const std::string& path) {
    nodes_.emplace_back();
    EncodeNode* n = &nodes_.back();
    n->op = op;
    n->writer = &w;
    n->path = path;
    return n;
  }

  [[noreturn]] static void Mismatch(const Node&, const Type& t, const std::string& path) {
    ThrowBind({}, "Avro schema field `" + path + "` cannot be written from a column of type " +
                      t.ToString());
  }

  EncodeNode* CompileRecord(const Node& w, const std::vector<std::pair<std::string, TypePtr>>& src,
                            const std::vector<int>& slots, const std::string& path, int depth) {
    EncodeNode* n = New(EOp::kRecord, w, path);
    std::vector<bool> used(src.size(), false);
    for (const auto& wf : w.fields) {
      const std::string fpath = path.empty() ? wf.name : path + "." + wf.name;
      int found = -1;
      for (size_t i = 0; i < src.size() && found < 0; ++i) {
        if (!used[i] && src[i].first == wf.name) found = static_cast<int>(i);
      }
      for (size_t i = 0; i < src.size() && found < 0; ++i) {
        if (!used[i] && AsciiIEquals(src[i].first, wf.name)) found = static_cast<int>(i);
      }
      EStep step;
      if (found < 0) {
        // No column for this field: it must accept NULL.
        if (wf.type->kind != Kind::kNull &&
            !(wf.type->kind == Kind::kUnion && wf.type->NullBranch() >= 0)) {
          ThrowBind({}, "Avro schema field `" + fpath +
                            "` is not nullable and no column provides it");
        }
        step.node = Compile(*wf.type, *Type::Null(), fpath, depth + 1);
      } else {
        used[static_cast<size_t>(found)] = true;
        step.slot = slots[static_cast<size_t>(found)];
        step.node = Compile(*wf.type, *src[static_cast<size_t>(found)].second, fpath, depth + 1);
      }
      n->steps.push_back(step);
    }
    return n;
  }

  const EncodeNode* Compile(const Node& w, const Type& t, const std::string& path, int depth) {
    if (depth > avro::kMaxSchemaNodeDepth) {
      ThrowBind({}, "Avro schema field `" + path + "` is nested too deeply");
    }
    const TypeKind k = t.kind;
    if (k == TypeKind::kNull) {
      // Only ever NULL: a union's null branch or the null type.
      if (w.kind == Kind::kUnion) {
        EncodeNode* n = New(EOp::kUnion, w, path);
        n->null_branch = w.NullBranch();
        return n;
      }
      return New(EOp::kNullOnly, w, path);
    }
    switch (w.kind) {
      case Kind::kNull: break;
      case Kind::kBoolean:
        if (k == TypeKind::kBoolean) return New(EOp::kBool, w, path);
        break;
      case Kind::kInt:
        if (k == TypeKind::kInt || k == TypeKind::kDate || k == TypeKind::kTime ||
            k == TypeKind::kBigint) {
          return New(EOp::kInt, w, path);
        }
        break;
      case Kind::kLong:
        if ((w.logical == Logical::kTimestampMicros || w.logical == Logical::kTimeMicros) &&
            (k == TypeKind::kTimestamp || k == TypeKind::kTime)) {
          return New(EOp::kLongMicros, w, path);
        }
        if (k == TypeKind::kInt || k == TypeKind::kBigint || k == TypeKind::kTimestamp ||
            k == TypeKind::kDate || k == TypeKind::kTime) {
          return New(EOp::kLong, w, path);
        }
        break;
      case Kind::kFloat:
      case Kind::kDouble:
        if (k == TypeKind::kDouble || k == TypeKind::kInt || k == TypeKind::kBigint) {
          return New(w.kind == Kind::kFloat ? EOp::kFloat : EOp::kDouble, w, path);
        }
        break;
      case Kind::kString:
        if (k == TypeKind::kString) return New(EOp::kString, w, path);
        break;
      case Kind::kEnum:
        if (k == TypeKind::kString) return New(EOp::kEnum, w, path);
        break;
      case Kind::kBytes:
      case Kind::kFixed:
        if (k == TypeKind::kBytes && w.logical != Logical::kDecimal) {
          return New(w.kind == Kind::kBytes ? EOp::kBytes : EOp::kFixed, w, path);
        }
        if (k == TypeKind::kDecimal && w.logical == Logical::kDecimal) {
          return New(EOp::kDecimal, w, path);
        }
        break;
      case Kind::kArray:
        if (k == TypeKind::kArray) {
          EncodeNode* n = New(EOp::kArray, w, path);
          n->child = Compile(*w.items, *t.element, path, depth + 1);
          return n;
        }
        if (k == TypeKind::kMap && w.map_entries) {
          EncodeNode* n = New(EOp::kMapEntries, w, path);
          n->child = CompileRecord(*w.items, {{"key", Type::String()}, {"value", t.element}},
                                   {0, 1}, path, depth + 1);
          return n;
        }
        break;
      case Kind::kMap:
        if (k == TypeKind::kMap) {
          EncodeNode* n = New(EOp::kMap, w, path);
          n->child = Compile(*w.items, *t.element, path, depth + 1);
          return n;
        }
        break;
      case Kind::kRecord:
        if (k == TypeKind::kStruct) {
          std::vector<std::pair<std::string, TypePtr>> src;
          std::vector<int> slots;
          for (size_t i = 0; i < t.fields.size(); ++i) {
            src.emplace_back(t.fields[i].name, t.fields[i].type);
            slots.push_back(static_cast<int>(i));
          }
          return CompileRecord(w, src, slots, path, depth);
        }
        break;
      case Kind::kUnion: {
        EncodeNode* n = New(EOp::kUnion, w, path);
        n->null_branch = w.NullBranch();
        for (size_t b = 0; b < w.branches.size() && n->child == nullptr; ++b) {
          if (w.branches[b]->kind == Kind::kNull) continue;
          try {
            n->child = Compile(*w.branches[b], t, path, depth + 1);
            n->value_branch = static_cast<int>(b);
          } catch (const RiffleError&) {
            // try the next branch
          }
        }
        if (n->child == nullptr) Mismatch(w, t, path);
        return n;
      }
    }
    Mismatch(w, t, path);
  }

  static bool Write(const EncodeNode& n, const Value& v, std::string& out, std::string& error) {
    if (v.is_null()) {
      if (n.op == EOp::kNullOnly) return true;
      if (n.op == EOp::kUnion && n.null_branch >= 0) {
        avro::WriteLong(n.null_branch, out);
        return true;
      }
      return Fail(n.path, "NULL for a non-nullable Avro field", error);
    }
    switch (n.op) {
      case EOp::kNullOnly:
        return Fail(n.path, "a value for an Avro field that only holds null", error);
      case EOp::kBool:
        if (!v.is_bool()) break;
        out.push_back(v.as_bool() ? 1 : 0);
        return true;
      case EOp::kInt:
        if (!v.is_int()) break;
        if (v.as_int() < INT32_MIN || v.as_int() > INT32_MAX) {
          return Fail(n.path, "value " + std::to_string(v.as_int()) + " out of range for Avro int",
                      error);
        }
        avro::WriteLong(v.as_int(), out);
        return true;
      case EOp::kLong:
        if (!v.is_int()) break;
        avro::WriteLong(v.as_int(), out);
        return true;
      case EOp::kLongMicros:
        if (!v.is_int()) break;
        avro::WriteLong(v.as_int() * 1000, out);
        return true;
      case EOp::kFloat:
      case EOp::kDouble: {
        double d = 0;
        if (v.is_double()) {
          d = v.as_double();
        } else if (v.is_int()) {
          d = static_cast<double>(v.as_int());
        } else {
          break;
        }
        if (n.op == EOp::kFloat) {
          avro::WriteFloat(static_cast<float>(d), out);
        } else {
          avro::WriteDouble(d, out);
        }
        return true;
      }
      case EOp::kString:
      case EOp::kBytes:
        if (!v.is_string()) break;
        avro::WriteBytes(v.as_string(), out);
        return true;
      case EOp::kFixed:
        if (!v.is_string()) break;
        if (v.as_string().size() != n.writer->fixed_size) {
          return Fail(n.path, "BYTES of length " + std::to_string(v.as_string().size()) +
                                  " for Avro fixed of size " +
                                  std::to_string(n.writer->fixed_size), error);
        }
        out += v.as_string();
        return true;
      case EOp::kEnum: {
        if (!v.is_string()) break;
        const auto& symbols = n.writer->symbols;
        for (size_t i = 0; i < symbols.size(); ++i) {
          if (symbols[i] == v.as_string()) {
            avro::WriteLong(static_cast<int64_t>(i), out);
            return true;
          }
        }
        return Fail(n.path, "'" + v.as_string() + "' is not a symbol of Avro enum " +
                                n.writer->full_name, error);
      }
      case EOp::kDecimal: return WriteDecimal(n, v, out, error);
      case EOp::kArray: {
        if (!v.is_list()) break;
        const ValueList& items = v.as_list();
        if (!items.empty()) {
          avro::WriteLong(static_cast<int64_t>(items.size()), out);
          for (const Value& item : items) {
            if (!Write(*n.child, item, out, error)) return false;
          }
        }
        out.push_back(0);
        return true;
      }
      case EOp::kMap:
      case EOp::kMapEntries: {
        if (!v.is_map()) break;
        const ValueMap& entries = v.as_map();
        if (!entries.empty()) {
          avro::WriteLong(static_cast<int64_t>(entries.size()), out);
          for (const auto& [key, value] : entries) {
            if (n.op == EOp::kMap) {
              if (!key.is_string()) return Fail(n.path, "a map key that is not a STRING", error);
              avro::WriteBytes(key.as_string(), out);
              if (!Write(*n.child, value, out, error)) return false;
            } else {
              const Value kv[2] = {key, value};
              if (!WriteSteps(n.child->steps, kv, out, error)) return false;
            }
          }
        }
        out.push_back(0);
        return true;
      }
      case EOp::kRecord:
        if (!v.is_list()) break;
        return WriteSteps(n.steps, v.as_list().data(), out, error, v.as_list().size());
      case EOp::kUnion:
        avro::WriteLong(n.value_branch, out);
        return Write(*n.child, v, out, error);
    }
    return Fail(n.path, "value does not match the column type", error);
  }

  static bool WriteSteps(const std::vector<EStep>& steps, const Value* slots, std::string& out,
                         std::string& error, size_t limit = SIZE_MAX) {
    static const Value kNull;
    for (const EStep& s : steps) {
      const Value& v = s.slot < 0 || static_cast<size_t>(s.slot) >= limit ? kNull : slots[s.slot];
      if (!Write(*s.node, v, out, error)) return false;
    }
    return true;
  }

  static bool WriteDecimal(const EncodeNode& n, const Value& v, std::string& out,
                           std::string& error) {
    if (!v.is_decimal()) return Fail(n.path, "value does not match the column type", error);
    Decimal d = v.as_decimal();
    if (d.scale != n.writer->scale) d = d.Rescale(n.writer->scale);
    if (n.writer->kind == Kind::kBytes) {
      avro::AppendDecimalBytes(d.unscaled, out);
      return true;
    }
    // fixed: sign-extended to the fixed size.
    std::string tmp;
    avro::AppendDecimalBytes(d.unscaled, tmp);
    avro::BinaryReader r(tmp.data(), tmp.data() + tmp.size());
    std::string_view bytes;
    r.ReadBytes(bytes);
    size_t size = n.writer->fixed_size;
    if (bytes.size() > size) return Fail(n.path, "decimal too large for Avro fixed", error);
    char fill = d.unscaled < 0 ? static_cast<char>(0xff) : 0;
    out.append(size - bytes.size(), fill);
    out.append(bytes);
    return true;
  }

  std::deque<EncodeNode> nodes_;
  const EncodeNode* root_ = nullptr;  // unwrapped
  int root_slot_ = 0;
  const EncodeNode* top_ = nullptr;   // wrapped: a record over the bindings
  int root_union_branch_ = -1;
};

class AvroEncoder final : public Encoder {
 public:
  AvroEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)),
        unwrapped_(IsUnwrapped(spec, fields_.size())),
        is_key_(spec.is_key),
        schema_id_(spec.schema.id) {
    std::string text =
        spec.schema.text.empty() ? DeriveAvroSchema(spec, fields_) : spec.schema.text;
    schema_ = avro::Schema::Parse(text);
    const avro::Node* root = &schema_->root();
    if (!spec.schema_full_name.empty() && !spec.schema.text.empty() &&
        root->kind == Kind::kUnion) {
      root = schema_->FindRecord(spec.schema_full_name);
      if (root == nullptr) {
        ThrowBind({}, "Schema with full name '" + spec.schema_full_name +
                          "' not found in the Avro schema");
      }
    }
    plan_ = std::make_unique<EncodePlan>(*root, fields_, unwrapped_);
  }

  bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
              std::string& error) override {
    out.clear();
    is_null = false;
    if ((unwrapped_ && row[fields_[0].index].is_null()) ||
        (is_key_ && AllFieldsNull(row, fields_))) {
      is_null = true;
      return true;
    }
    avro::WriteFrame(schema_id_, out);
    return plan_->Encode(row, out, error);
  }

 private:
  std::vector<FieldBinding> fields_;
  bool unwrapped_;
  bool is_key_;
  int32_t schema_id_;
  std::shared_ptr<const avro::Schema> schema_;
  std::unique_ptr<EncodePlan> plan_;
};

}  // namespace

std::unique_ptr<Encoder> MakeAvroEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields) {
  return std::make_unique<AvroEncoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
