// Avro schema parsing: avro-c validates the text (names, types, references), then nlohmann-json
// builds riffle's node tree, keeping the logical-type attributes avro-c does not model.

#include "connectors/formats/avro/avro_schema.h"

#include <avro.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/common/error.h"
#include "core/common/nesting.h"

namespace riffle::formats::avro {

int Node::NullBranch() const {
  for (size_t i = 0; i < branches.size(); ++i) {
    if (branches[i]->kind == Kind::kNull) return static_cast<int>(i);
  }
  return -1;
}

const Node* Node::OptionalOf() const {
  if (kind != Kind::kUnion || branches.size() != 2 || NullBranch() < 0) return nullptr;
  return branches[NullBranch() == 0 ? 1 : 0];
}

namespace {

using nlohmann::json;

[[noreturn]] void Invalid(const std::string& why) {
  ThrowBind({}, "Invalid Avro schema: " + why);
}

// avro-c is the validator: it knows the spec's rules for names, defaults and references.
void ValidateWithAvroC(const std::string& text) {
  avro_schema_t schema = nullptr;
  if (avro_schema_from_json_length(text.data(), text.size(), &schema) != 0) {
    Invalid(avro_strerror());
  }
  avro_schema_decref(schema);
}

const std::map<std::string, Kind>& Primitives() {
  static const std::map<std::string, Kind> kMap = {
      {"null", Kind::kNull},     {"boolean", Kind::kBoolean}, {"int", Kind::kInt},
      {"long", Kind::kLong},     {"float", Kind::kFloat},     {"double", Kind::kDouble},
      {"bytes", Kind::kBytes},   {"string", Kind::kString}};
  return kMap;
}

std::string FullName(const json& j, const std::string& enclosing_ns) {
  std::string name = j.value("name", "");
  if (name.find('.') != std::string::npos) return name;
  std::string ns = j.contains("namespace") && j["namespace"].is_string()
                       ? j["namespace"].get<std::string>()
                       : enclosing_ns;
  return ns.empty() ? name : ns + "." + name;
}

std::string NamespaceOf(const std::string& full_name) {
  auto dot = full_name.rfind('.');
  return dot == std::string::npos ? "" : full_name.substr(0, dot);
}

}  // namespace

class Parser {
 public:
  explicit Parser(Schema& schema) : schema_(schema) {}

  const Node* Parse(const json& j, const std::string& ns) {
    if (j.is_string()) return Named(j.get<std::string>(), ns);
    if (j.is_array()) {
      Node* n = New(Kind::kUnion);
      for (const auto& b : j) n->branches.push_back(Parse(b, ns));
      return n;
    }
    if (!j.is_object() || !j.contains("type")) Invalid("expected a type");
    const json& type = j["type"];
    if (!type.is_string()) return Parse(type, ns);  // {"type": {...}} or {"type": [...]}
    const std::string t = type.get<std::string>();
    if (t == "record" || t == "error") return Record(j, ns);
    if (t == "enum" || t == "fixed") {
      Node* n = New(t == "enum" ? Kind::kEnum : Kind::kFixed);
      n->full_name = FullName(j, ns);
      named_[n->full_name] = n;
      if (n->kind == Kind::kEnum) {
        for (const auto& s : j.value("symbols", json::array())) n->symbols.push_back(s);
      } else {
        n->fixed_size = j.value("size", size_t{0});
        ApplyLogical(j, *n);
      }
      return n;
    }
    if (t == "array" || t == "map") {
      Node* n = New(t == "array" ? Kind::kArray : Kind::kMap);
      const char* child = t == "array" ? "items" : "values";
      if (!j.contains(child)) Invalid(std::string("missing \"") + child + "\"");
      n->items = Parse(j[child], ns);
      if (n->kind == Kind::kArray) n->map_entries = IsMapEntry(*n->items, j[child]);
      return n;
    }
    auto p = Primitives().find(t);
    if (p == Primitives().end()) return Named(t, ns);
    Node* n = New(p->second);
    ApplyLogical(j, *n);
    return n;
  }

 private:
  Node* New(Kind kind) {
    schema_.nodes_.push_back(std::make_unique<Node>());
    schema_.nodes_.back()->kind = kind;
    return schema_.nodes_.back().get();
  }

  const Node* Named(const std::string& name, const std::string& ns) {
    auto p = Primitives().find(name);
    if (p != Primitives().end()) return New(p->second);
    auto it = named_.find(name);
    if (it == named_.end() && !ns.empty()) it = named_.find(ns + "." + name);
    if (it == named_.end()) Invalid("unknown type " + name);
    return it->second;
  }

  const Node* Record(const json& j, const std::string& ns) {
    Node* n = New(Kind::kRecord);
    n->full_name = FullName(j, ns);
    named_[n->full_name] = n;  // before the fields: records may refer to themselves
    const std::string inner_ns = NamespaceOf(n->full_name);
    for (const auto& f : j.value("fields", json::array())) {
      NodeField field;
      field.name = f.value("name", "");
      field.type = Parse(f.at("type"), inner_ns);
      field.has_default = f.contains("default");
      field.default_null = field.has_default && f["default"].is_null();
      n->fields.push_back(std::move(field));
    }
    return n;
  }

  static void ApplyLogical(const json& j, Node& n) {
    if (!j.contains("logicalType") || !j["logicalType"].is_string()) return;
    const std::string lt = j["logicalType"];
    if (lt == "decimal" && (n.kind == Kind::kBytes || n.kind == Kind::kFixed)) {
      n.logical = Logical::kDecimal;
      // Connect's default when precision is absent (ksqlDB reads it as 64).
      n.precision = j.value("precision", 64);
      n.scale = j.value("scale", 0);
    } else if (lt == "date" && n.kind == Kind::kInt) {
      n.logical = Logical::kDate;
    } else if (lt == "time-millis" && n.kind == Kind::kInt) {
      n.logical = Logical::kTimeMillis;
    } else if (lt == "time-micros" && n.kind == Kind::kLong) {
      n.logical = Logical::kTimeMicros;
    } else if (lt == "timestamp-millis" && n.kind == Kind::kLong) {
      n.logical = Logical::kTimestampMillis;
    } else if (lt == "timestamp-micros" && n.kind == Kind::kLong) {
      n.logical = Logical::kTimestampMicros;
    }
  }

  // Connect writes a map with optional string keys as an array of key/value records marked
  // connect.internal.type=MapEntry (ksqlDB's maps look like this).
  static bool IsMapEntry(const Node& items, const json& j) {
    if (items.kind != Kind::kRecord || items.fields.size() != 2) return false;
    if (items.fields[0].name != "key" || items.fields[1].name != "value") return false;
    const Node* key = items.fields[0].type;
    if (key->kind == Kind::kUnion && key->OptionalOf() != nullptr) key = key->OptionalOf();
    if (key->kind != Kind::kString) return false;
    if (items.full_name == "io.confluent.connect.avro.MapEntry") return true;
    return j.is_object() && j.value("connect.internal.type", "") == "MapEntry";
  }

  Schema& schema_;
  std::map<std::string, const Node*> named_;
};

std::shared_ptr<const Schema> Schema::Parse(const std::string& text) {
  ValidateWithAvroC(text);
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) Invalid("malformed JSON");
  auto schema = std::make_shared<Schema>();
  Parser parser(*schema);
  schema->root_ = parser.Parse(j, "");
  return schema;
}

const Node* Schema::FindRecord(const std::string& name) const {
  for (const auto& n : nodes_) {
    if (n->kind != Kind::kRecord) continue;
    if (n->full_name == name) return n.get();
  }
  for (const auto& n : nodes_) {
    if (n->kind != Kind::kRecord) continue;
    auto dot = n->full_name.rfind('.');
    if (dot != std::string::npos && n->full_name.substr(dot + 1) == name) return n.get();
  }
  return nullptr;
}

namespace {

// Connect's names for the fields of a general union's struct: the branch's type name, or the
// simple name of a named type.
std::string BranchName(const Node& n) {
  switch (n.kind) {
    case Kind::kBoolean: return "boolean";
    case Kind::kInt: return "int";
    case Kind::kLong: return "long";
    case Kind::kFloat: return "float";
    case Kind::kDouble: return "double";
    case Kind::kBytes: return "bytes";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kMap: return "map";
    default: {
      auto dot = n.full_name.rfind('.');
      return dot == std::string::npos ? n.full_name : n.full_name.substr(dot + 1);
    }
  }
}

// `open` holds the records being mapped: a record inside itself is a recursive schema.
TypePtr TypeOf(const Node& node, const std::string& context, std::set<const Node*>& open) {
  // A nullable type's union and the type are one level (a union cannot hold a union).
  const Node& n = node.OptionalOf() ? *node.OptionalOf() : node;
  NestingGuard guard(ErrorKind::kBind, "Avro schema");
  switch (n.kind) {
    case Kind::kNull:
      ThrowBind({}, "Avro type 'null' for " + context + " has no SQL type");
    case Kind::kBoolean: return Type::Boolean();
    case Kind::kInt:
      if (n.logical == Logical::kDate) return Type::Date();
      if (n.logical == Logical::kTimeMillis) return Type::Time();
      return Type::Int();
    case Kind::kLong:
      if (n.logical == Logical::kTimestampMillis || n.logical == Logical::kTimestampMicros) {
        return Type::Timestamp();
      }
      if (n.logical == Logical::kTimeMicros) return Type::Time();
      return Type::Bigint();
    case Kind::kFloat:
    case Kind::kDouble: return Type::Double();
    case Kind::kString:
    case Kind::kEnum: return Type::String();
    case Kind::kBytes:
    case Kind::kFixed:
      if (n.logical == Logical::kDecimal) {
        if (n.precision < 1 || n.precision > 38 || n.scale < 0 || n.scale > n.precision) {
          ThrowBind({}, "Avro decimal for " + context + " has precision " +
                            std::to_string(n.precision) + " and scale " +
                            std::to_string(n.scale) + ": riffle supports DECIMAL up to 38 digits");
        }
        return Type::Decimal(n.precision, n.scale);
      }
      return Type::Bytes();
    case Kind::kArray:
      if (n.map_entries) {
        return Type::Map(Type::String(), TypeOf(*n.items->fields[1].type, context, open));
      }
      return Type::Array(TypeOf(*n.items, context, open));
    case Kind::kMap: return Type::Map(Type::String(), TypeOf(*n.items, context, open));
    case Kind::kRecord: {
      if (!open.insert(&n).second) {
        ThrowBind({}, "Avro schema for " + context + " is recursive: riffle cannot map it");
      }
      std::vector<StructField> fields;
      for (const auto& f : n.fields) {
        fields.push_back({f.name, TypeOf(*f.type, context + "." + f.name, open)});
      }
      open.erase(&n);
      return Type::Struct(std::move(fields));
    }
    case Kind::kUnion: {
      std::vector<StructField> fields;
      for (const Node* b : n.branches) {
        if (b->kind == Kind::kNull) continue;
        fields.push_back({BranchName(*b), TypeOf(*b, context, open)});
      }
      if (fields.size() == 1) return fields[0].type;
      return Type::Struct(std::move(fields));
    }
  }
  ThrowBind({}, "unsupported Avro type for " + context);
}

}  // namespace

TypePtr NodeType(const Node& node, const std::string& context) {
  std::set<const Node*> open;
  return TypeOf(node, context, open);
}

std::string UnionBranchName(const Node& n) { return BranchName(n); }

}  // namespace riffle::formats::avro
