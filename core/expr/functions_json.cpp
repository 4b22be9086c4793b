// JSON functions: EXTRACTJSONFIELD, TO_JSON_STRING, IS_JSON_STRING, JSON_ARRAY_LENGTH,
// JSON_ARRAY_CONTAINS, JSON_KEYS, JSON_RECORDS, JSON_ITEMS, JSON_CONCAT.
//
// A small JSON tree that keeps each number's original text: ksqlDB (Jackson with BigDecimal
// floats) prints "1.23450" back as written, which a double-based parser would not.

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "core/common/text.h"
#include "core/expr/functions_util.h"
#include "core/types/json_string.h"

namespace riffle {
namespace {

using fn::Arity;

struct JNode {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  std::string text;  // string contents (unescaped), number text, "true"/"false"
  std::vector<JNode> items;
  std::vector<std::pair<std::string, JNode>> members;

  const JNode* Member(const std::string& k) const {
    for (const auto& [name, v] : members) {
      if (name == k) return &v;
    }
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}

  // The whole document, or nullopt when it is not valid JSON. With `lenient`, text after the
  // first value is ignored (as Jackson's readTree does for EXTRACTJSONFIELD).
  std::optional<JNode> ParseDocument(bool lenient) {
    JNode n;
    if (!Parse(n, 0)) return std::nullopt;
    Ws();
    if (!lenient && i_ != s_.size()) return std::nullopt;
    return n;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && std::strchr(" \t\r\n", s_[i_]) != nullptr && s_[i_] != '\0') ++i_;
  }
  bool Lit(const char* w) {
    size_t n = std::strlen(w);
    if (s_.compare(i_, n, w) != 0) return false;
    i_ += n;
    return true;
  }
  bool Hex4(uint32_t* cp) {
    if (i_ + 4 > s_.size()) return false;
    *cp = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      *cp = *cp * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }
  bool String(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && Lit("\\u")) {
            uint32_t lo;
            if (!Hex4(&lo)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(cp, out);
          break;
        }
        default: out += e;
      }
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  bool Parse(JNode& n, int depth) {
    if (depth > 200) return false;
    Ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      n.kind = JNode::kObject;
      Ws();
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      while (true) {
        Ws();
        std::string key;
        if (!String(key)) return false;
        Ws();
        if (i_ >= s_.size() || s_[i_++] != ':') return false;
        JNode v;
        if (!Parse(v, depth + 1)) return false;
        n.members.emplace_back(std::move(key), std::move(v));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        return i_ < s_.size() && s_[i_++] == '}';
      }
    }
    if (c == '[') {
      ++i_;
      n.kind = JNode::kArray;
      Ws();
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      while (true) {
        JNode v;
        if (!Parse(v, depth + 1)) return false;
        n.items.push_back(std::move(v));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        return i_ < s_.size() && s_[i_++] == ']';
      }
    }
    if (c == '"') {
      n.kind = JNode::kString;
      return String(n.text);
    }
    if (Lit("null")) return true;
    if (Lit("true") || Lit("false")) {
      n.kind = JNode::kBool;
      n.text = s_[i_ - 1] == 'e' && s_[i_ - 2] == 'u' ? "true" : "false";
      return true;
    }
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    size_t digits = i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) ||
                              std::strchr(".eE+-", s_[i_]) != nullptr)) {
      ++i_;
    }
    if (i_ == digits || !std::isdigit(static_cast<unsigned char>(s_[digits]))) return false;
    n.kind = JNode::kNumber;
    n.text = s_.substr(start, i_ - start);
    return true;
  }

  const std::string& s_;
  size_t i_ = 0;
};

std::optional<JNode> ParseJson(const std::string& s, bool lenient = false) {
  return JsonReader(s).ParseDocument(lenient);
}


// Compact rendering, as Jackson's JsonNode.toString.
void WriteJson(const JNode& n, std::string& out) {
  switch (n.kind) {
    case JNode::kNull: out += "null"; return;
    case JNode::kBool:
    case JNode::kNumber: out += n.text; return;
    case JNode::kString: AppendJsonString(n.text, out); return;
    case JNode::kArray:
      out += '[';
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        WriteJson(n.items[i], out);
      }
      out += ']';
      return;
    case JNode::kObject:
      out += '{';
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ',';
        AppendJsonString(n.members[i].first, out);
        out += ':';
        WriteJson(n.members[i].second, out);
      }
      out += '}';
      return;
  }
}
std::string JsonText(const JNode& n) {
  std::string out;
  WriteJson(n, out);
  return out;
}

// Follows a JSONPath of the form $.a.b[0]['c'] ; nullptr when absent or malformed.
const JNode* FollowPath(const JNode* n, const std::string& path) {
  size_t i = 0;
  if (i < path.size() && path[i] == '$') ++i;
  while (n != nullptr && i < path.size()) {
    if (path[i] == '.') {
      ++i;
      size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      if (n->kind != JNode::kObject) return nullptr;
      n = n->Member(path.substr(i, end - i));
      i = end;
    } else if (path[i] == '[') {
      size_t end = path.find(']', i);
      if (end == std::string::npos) return nullptr;
      std::string inner = path.substr(i + 1, end - i - 1);
      i = end + 1;
      if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"')) {
        if (n->kind != JNode::kObject) return nullptr;
        n = n->Member(inner.substr(1, inner.size() - 2));
        continue;
      }
      if (n->kind != JNode::kArray || inner.empty()) return nullptr;
      char* endp = nullptr;
      long idx = std::strtol(inner.c_str(), &endp, 10);
      if (*endp != '\0' || idx < 0 || static_cast<size_t>(idx) >= n->items.size()) return nullptr;
      n = &n->items[static_cast<size_t>(idx)];
    } else {
      return nullptr;
    }
  }
  return n;
}

// ---- TO_JSON_STRING: a SQL value as ksqlDB's JSON serializer writes it. ----
void ValueToJson(const Value& v, const Type& t, std::string& out) {
  if (v.is_null()) {
    out += "null";
    return;
  }
  switch (t.kind) {
    case TypeKind::kBoolean: out += v.as_bool() ? "true" : "false"; return;
    case TypeKind::kInt:
    case TypeKind::kBigint: out += std::to_string(v.as_int()); return;
    case TypeKind::kDouble: out += DoubleToString(v.as_double()); return;
    case TypeKind::kDecimal: out += ValueToDisplayString(v, t); return;
    case TypeKind::kArray: {
      out += '[';
      const auto& l = v.as_list();
      for (size_t i = 0; i < l.size(); ++i) {
        if (i) out += ',';
        ValueToJson(l[i], *t.element, out);
      }
      out += ']';
      return;
    }
    case TypeKind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [k, val] : v.as_map()) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(k.is_null() ? "null" : ValueToDisplayString(k, *t.key), out);
        out += ':';
        ValueToJson(val, *t.element, out);
      }
      out += '}';
      return;
    }
    case TypeKind::kStruct: {
      out += '{';
      const auto& l = v.as_list();
      for (size_t i = 0; i < t.fields.size() && i < l.size(); ++i) {
        if (i) out += ',';
        AppendJsonString(t.fields[i].name, out);
        out += ':';
        ValueToJson(l[i], *t.fields[i].type, out);
      }
      out += '}';
      return;
    }
    default:
      break;
  }
  AppendJsonString(ValueToDisplayString(v, t), out);
}

TypePtr ResolveStrings(const std::string& name, std::vector<TypePtr>& a, SourcePos pos,
                       size_t n) {
  Arity(name, a, n, n, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}
TypePtr ResolveExtract(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 2);
}
TypePtr ResolveToJson(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}
TypePtr ResolveIsJson(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  ResolveStrings(name, a, pos, 1);
  return Type::Boolean();
}
TypePtr ResolveArrayLength(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  ResolveStrings(name, a, pos, 1);
  return Type::Int();
}
TypePtr ResolveArrayContains(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (!ArgIsString(a[0]) || !a[1]->IsPrimitive()) ThrowNoSignature(name, a, pos);
  if (a[0]->kind == TypeKind::kNull) a[0] = Type::String();
  return Type::Boolean();
}
TypePtr ResolveKeys(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  ResolveStrings(name, a, pos, 1);
  return Type::Array(Type::String());
}
TypePtr ResolveRecords(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  ResolveStrings(name, a, pos, 1);
  return Type::Map(Type::String(), Type::String());
}
TypePtr ResolveConcat(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.empty()) ThrowNoSignature(name, a, pos);
  return ResolveStrings(name, a, pos, a.size());
}

Value ExtractJsonField(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto doc = ParseJson(a[0]->as_string(), /*lenient=*/true);
  if (!doc) return Value();
  const JNode* n = FollowPath(&*doc, a[1]->as_string());
  if (n == nullptr || n->kind == JNode::kNull) return Value();
  if (n->kind == JNode::kString) return Value::String(n->text);
  return Value::String(JsonText(*n));
}
Value ToJsonString(const Value* const* a, size_t, const FnCall& call, EvalContext&) {
  std::string out;
  ValueToJson(*a[0], *call.arg_types[0], out);
  return Value::String(std::move(out));
}
Value IsJsonString(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value::Bool(false);
  return Value::Bool(ParseJson(a[0]->as_string()).has_value());
}
Value JsonArrayLength(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto doc = ParseJson(a[0]->as_string());
  if (!doc || doc->kind != JNode::kArray) return Value();
  return Value::Int(static_cast<int64_t>(doc->items.size()));
}
Value JsonArrayContains(const Value* const* a, size_t, const FnCall& call, EvalContext&) {
  if (a[0]->is_null()) return Value::Bool(false);
  auto doc = ParseJson(a[0]->as_string());
  if (!doc || doc->kind != JNode::kArray) return Value::Bool(false);
  const Value& v = *a[1];
  for (const auto& item : doc->items) {
    if (v.is_null()) {
      if (item.kind == JNode::kNull) return Value::Bool(true);
      continue;
    }
    switch (call.arg_types[1]->kind) {
      case TypeKind::kString:
        if (item.kind == JNode::kString && item.text == v.as_string()) return Value::Bool(true);
        break;
      case TypeKind::kBoolean:
        if (item.kind == JNode::kBool && (item.text == "true") == v.as_bool()) {
          return Value::Bool(true);
        }
        break;
      case TypeKind::kInt:
      case TypeKind::kBigint:
        if (item.kind == JNode::kNumber && item.text.find_first_of(".eE") == std::string::npos &&
            item.text == std::to_string(v.as_int())) {
          return Value::Bool(true);
        }
        break;
      case TypeKind::kDouble:
        if (item.kind == JNode::kNumber && item.text.find_first_of(".eE") != std::string::npos &&
            std::strtod(item.text.c_str(), nullptr) == v.as_double()) {
          return Value::Bool(true);
        }
        break;
      default:
        break;
    }
  }
  return Value::Bool(false);
}
Value JsonKeys(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto doc = ParseJson(a[0]->as_string());
  if (!doc || doc->kind != JNode::kObject) return Value();
  ValueList out;
  for (const auto& m : doc->members) out.push_back(Value::String(m.first));
  return Value::List(std::move(out));
}
Value JsonRecords(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto doc = ParseJson(a[0]->as_string());
  if (!doc || doc->kind != JNode::kObject) return Value();
  ValueMap out;
  for (const auto& m : doc->members) {
    const JNode& v = m.second;
    out.emplace_back(Value::String(m.first),
                     Value::String(v.kind == JNode::kString ? v.text : JsonText(v)));
  }
  return Value::Map(std::move(out));
}
Value JsonItems(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto doc = ParseJson(a[0]->as_string());
  if (!doc || doc->kind != JNode::kArray) return Value();
  ValueList out;
  for (const auto& item : doc->items) out.push_back(Value::String(JsonText(item)));
  return Value::List(std::move(out));
}
// Objects merge (later keys win); otherwise everything is concatenated into one array.
Value JsonConcat(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  std::vector<JNode> docs;
  bool all_objects = true;
  for (size_t k = 0; k < n; ++k) {
    if (a[k]->is_null()) return Value();
    auto doc = ParseJson(a[k]->as_string());
    if (!doc) return Value();
    all_objects = all_objects && doc->kind == JNode::kObject;
    docs.push_back(std::move(*doc));
  }
  JNode out;
  if (all_objects) {
    out.kind = JNode::kObject;
    for (auto& d : docs) {
      for (auto& [key, v] : d.members) {
        bool replaced = false;
        for (auto& m : out.members) {
          if (m.first == key) {
            m.second = v;
            replaced = true;
          }
        }
        if (!replaced) out.members.emplace_back(key, v);
      }
    }
  } else {
    out.kind = JNode::kArray;
    for (auto& d : docs) {
      if (d.kind == JNode::kArray) {
        for (auto& item : d.items) out.items.push_back(item);
      } else {
        out.items.push_back(d);
      }
    }
  }
  return Value::String(JsonText(out));
}

}  // namespace

void RegisterJsonFunctions(FunctionRegistry& r) {
  const char* kCat = "JSON";
  r.Register(fn::Make("EXTRACTJSONFIELD", kCat,
                      "The value at a JSONPath ($.a.b[0]) of a JSON string, as a string.",
                      {"EXTRACTJSONFIELD(json STRING, path STRING) -> STRING"}, ResolveExtract,
                      ExtractJsonField));
  r.Register(fn::Make("TO_JSON_STRING", kCat, "Any value serialized as a JSON string.",
                      {"TO_JSON_STRING(value ANY) -> STRING"}, ResolveToJson, ToJsonString,
                      false));
  r.Register(fn::Make("IS_JSON_STRING", kCat, "Whether a string is valid JSON.",
                      {"IS_JSON_STRING(str STRING) -> BOOLEAN"}, ResolveIsJson, IsJsonString,
                      false));
  r.Register(fn::Make("JSON_ARRAY_LENGTH", kCat,
                      "The number of elements of a JSON array (NULL if it is not one).",
                      {"JSON_ARRAY_LENGTH(json STRING) -> INT"}, ResolveArrayLength,
                      JsonArrayLength));
  r.Register(fn::Make("JSON_ARRAY_CONTAINS", kCat,
                      "Whether a JSON array contains a value of the same type.",
                      {"JSON_ARRAY_CONTAINS(json STRING, value T) -> BOOLEAN"},
                      ResolveArrayContains, JsonArrayContains, false));
  r.Register(fn::Make("JSON_KEYS", kCat, "The keys of a JSON object.",
                      {"JSON_KEYS(json STRING) -> ARRAY<STRING>"}, ResolveKeys, JsonKeys));
  r.Register(fn::Make("JSON_RECORDS", kCat,
                      "The members of a JSON object, each value as JSON text.",
                      {"JSON_RECORDS(json STRING) -> MAP<STRING, STRING>"}, ResolveRecords,
                      JsonRecords));
  r.Register(fn::Make("JSON_ITEMS", kCat, "The elements of a JSON array, each as JSON text.",
                      {"JSON_ITEMS(json STRING) -> ARRAY<STRING>"}, ResolveKeys, JsonItems));
  r.Register(fn::Make("JSON_CONCAT", kCat,
                      "Merges JSON objects, or concatenates JSON values into one array.",
                      {"JSON_CONCAT(json STRING, ...) -> STRING"}, ResolveConcat, JsonConcat,
                      false));
}

}  // namespace riffle
