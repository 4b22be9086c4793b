#include "connectors/formats/json/json_schema.h"

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace riffle::formats {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kConnectDecimal = "org.apache.kafka.connect.data.Decimal";
constexpr const char* kConnectTimestamp = "org.apache.kafka.connect.data.Timestamp";
constexpr const char* kConnectDate = "org.apache.kafka.connect.data.Date";
constexpr const char* kConnectTime = "org.apache.kafka.connect.data.Time";

class Mapper {
 public:
  explicit Mapper(const ojson& document) : document_(document) {}

  // The non-null schema `s` stands for, following $refs and optional unions.
  const ojson& Resolve(const ojson& s, const std::string& where, int depth = 0) const {
    if (depth > 32) Fail(where, "too many nested $ref / oneOf");
    if (!s.is_object()) return s;
    if (auto ref = s.find("$ref"); ref != s.end() && ref->is_string()) {
      return Resolve(Follow(ref->get<std::string>(), where), where, depth + 1);
    }
    for (const char* combiner : {"oneOf", "anyOf"}) {
      auto it = s.find(combiner);
      if (it == s.end() || !it->is_array()) continue;
      const ojson* chosen = nullptr;
      for (const auto& member : *it) {
        const ojson& m = Resolve(member, where, depth + 1);
        if (m.is_object() && m.value("type", ojson()) == "null") continue;
        if (chosen != nullptr) {
          Fail(where, std::string(combiner) + " of several non-null types is not supported");
        }
        chosen = &m;
      }
      if (chosen == nullptr) Fail(where, std::string(combiner) + " without a non-null type");
      return *chosen;
    }
    return s;
  }

  TypePtr Map(const ojson& schema, const std::string& where) const {
    const ojson& s = Resolve(schema, where);
    if (!s.is_object()) Fail(where, "expected a schema object, got " + s.dump());
    std::string type = TypeName(s, where);
    std::string connect_type = StringOr(s, "connect.type");
    std::string title = StringOr(s, "title");
    if (type == "boolean") return Type::Boolean();
    if (type == "integer") {
      if (title == kConnectTimestamp) return Type::Timestamp();
      if (title == kConnectDate) return Type::Date();
      if (title == kConnectTime) return Type::Time();
      if (connect_type == "int8" || connect_type == "int16" || connect_type == "int32") {
        return Type::Int();
      }
      return Type::Bigint();
    }
    if (type == "number") {
      if (title == kConnectDecimal) return DecimalType(s, where);
      return Type::Double();
    }
    if (type == "string") {
      if (title == kConnectDecimal) return DecimalType(s, where);
      return connect_type == "bytes" ? Type::Bytes() : Type::String();
    }
    if (type == "array") {
      auto items = s.find("items");
      if (items == s.end()) Fail(where, "array without \"items\"");
      if (connect_type == "map") {
        // Connect writes a map with non-string keys as an array of {key, value} objects.
        const ojson& entry = Resolve(*items, where);
        const ojson* props = PropertiesOf(entry);
        if (props == nullptr || !props->contains("key") || !props->contains("value")) {
          Fail(where, "connect.type map array without key / value items");
        }
        return Type::Map(Map(props->at("key"), where + ".key"),
                         Map(props->at("value"), where + ".value"));
      }
      return Type::Array(Map(*items, where + "[]"));
    }
    if (type == "object") {
      const ojson* props = PropertiesOf(s);
      auto extra = s.find("additionalProperties");
      bool map = connect_type == "map" ||
                 ((props == nullptr || props->empty()) && extra != s.end() && extra->is_object());
      if (map) {
        if (extra == s.end() || !extra->is_object())
          Fail(where, "map without additionalProperties");
        return Type::Map(Type::String(), Map(*extra, where + ".*"));
      }
      if (props == nullptr || props->empty()) Fail(where, "object without properties");
      return Type::Struct(Fields(*props, where));
    }
    Fail(where, "type '" + type + "' is not supported");
  }

  // An object schema's properties in Connect's order: by "connect.index" when given.
  std::vector<StructField> Fields(const ojson& props, const std::string& where) const {
    struct Entry {
      std::string name;
      const ojson* schema;
      int index;
    };
    std::vector<Entry> entries;
    for (const auto& [name, schema] : props.items()) {
      int index = INT_MAX;
      if (schema.is_object()) {
        auto it = schema.find("connect.index");
        if (it != schema.end() && it->is_number_integer()) index = it->get<int>();
      }
      entries.push_back({name, &schema, index});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.index < b.index; });
    std::vector<StructField> fields;
    for (const Entry& e : entries) {
      fields.push_back({e.name, Map(*e.schema, where.empty() ? e.name : where + "." + e.name)});
    }
    return fields;
  }

  // The properties of `s` when it is an object schema that is not a map, else nullptr.
  static const ojson* PropertiesOf(const ojson& s) {
    if (!s.is_object()) return nullptr;
    auto it = s.find("properties");
    return it != s.end() && it->is_object() ? &*it : nullptr;
  }

  std::string TypeName(const ojson& s, const std::string& where) const {
    auto it = s.find("type");
    if (it == s.end()) {
      if (s.contains("properties")) return "object";
      if (s.contains("items")) return "array";
      if (s.contains("enum")) return "string";
      Fail(where, "schema without \"type\": " + s.dump());
    }
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array()) {  // "type": ["null", "string"]
      std::string chosen;
      for (const auto& t : *it) {
        if (!t.is_string() || t == "null") continue;
        if (!chosen.empty()) Fail(where, "a union of several non-null types is not supported");
        chosen = t.get<std::string>();
      }
      if (!chosen.empty()) return chosen;
    }
    Fail(where, "unsupported \"type\": " + it->dump());
  }

 private:
  const ojson& Follow(const std::string& ref, const std::string& where) const {
    if (ref.rfind("#/", 0) != 0) Fail(where, "only local $refs are supported, got '" + ref + "'");
    const ojson* node = &document_;
    size_t pos = 2;
    while (pos <= ref.size()) {
      size_t end = ref.find('/', pos);
      if (end == std::string::npos) end = ref.size();
      std::string part = ref.substr(pos, end - pos);
      if (!node->is_object() || !node->contains(part)) Fail(where, "$ref '" + ref + "' not found");
      node = &node->at(part);
      pos = end + 1;
    }
    return *node;
  }

  static TypePtr DecimalType(const ojson& s, const std::string& where) {
    auto params = s.find("connect.parameters");
    int precision = 64, scale = 0;
    if (params != s.end() && params->is_object()) {
      auto read = [&](const char* name, int fallback) {
        auto it = params->find(name);
        if (it == params->end()) return fallback;
        try {
          return it->is_string() ? std::stoi(it->get<std::string>()) : it->get<int>();
        } catch (const std::exception&) {
          Fail(where, std::string("bad decimal parameter ") + name);
        }
      };
      scale = read("scale", 0);
      precision = read("connect.decimal.precision", 64);
    }
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      Fail(where, "DECIMAL(" + std::to_string(precision) + ", " + std::to_string(scale) +
                      ") is outside DECIMAL's range (precision 1 to 38)");
    }
    return Type::Decimal(precision, scale);
  }

  static std::string StringOr(const ojson& s, const char* name) {
    auto it = s.find(name);
    return it != s.end() && it->is_string() ? it->get<std::string>() : std::string();
  }

  [[noreturn]] static void Fail(const std::string& where, const std::string& what) {
    ThrowBind({}, "Cannot map the JSON schema to columns" +
                      (where.empty() ? std::string() : " at field `" + where + "`") + ": " + what +
                      ".");
  }

  const ojson& document_;
};

}  // namespace

std::vector<StructField> JsonSchemaColumns(const FormatSpec& spec, const std::string& schema_text) {
  ojson doc = ojson::parse(schema_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    ThrowBind({}, "The registered JSON schema is not a JSON object: " + schema_text.substr(0, 80));
  }
  Mapper mapper(doc);
  const ojson& root = mapper.Resolve(doc, "");
  const ojson* props = Mapper::PropertiesOf(root);
  bool record = props != nullptr && !props->empty() && root.value("connect.type", "") != "map" &&
                root.is_object() && mapper.TypeName(root, "") == "object";
  if (record && !IsUnwrapped(spec, 1) &&
      !(spec.wrap_single_value.has_value() && !*spec.wrap_single_value)) {
    return mapper.Fields(*props, "");
  }
  const char* name = spec.is_key ? "ROWKEY" : "ROWVAL";
  return {{name, mapper.Map(root, "")}};
}

}  // namespace riffle::formats
