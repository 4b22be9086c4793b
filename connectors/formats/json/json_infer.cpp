#include "connectors/formats/json/json_infer.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "core/common/text.h"
#include "core/sql/identifier.h"

namespace riffle::formats {

namespace {

using ojson = nlohmann::ordered_json;

enum class Kind : uint8_t { kNone, kBoolean, kInteger, kNumber, kString, kObject, kArray };

Kind KindOf(const ojson& v) {
  switch (v.type()) {
    case ojson::value_t::boolean:
      return Kind::kBoolean;
    case ojson::value_t::number_integer:
      return Kind::kInteger;
    case ojson::value_t::number_unsigned:
      // Above BIGINT's range only a DOUBLE holds it.
      return v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                 ? Kind::kNumber
                 : Kind::kInteger;
    case ojson::value_t::number_float:
      return Kind::kNumber;
    case ojson::value_t::string:
      return Kind::kString;
    case ojson::value_t::object:
      return Kind::kObject;
    case ojson::value_t::array:
      return Kind::kArray;
    default:
      return Kind::kNone;  // null, discarded, binary
  }
}

}  // namespace

// One position of the merged JSON documents: the root, an object's field or an array's element.
struct JsonTypeInferrer::Node {
  Kind kind = Kind::kNone;
  // kObject: fields by upper-cased key, in first-seen order.
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> fields;
  std::unordered_map<std::string, size_t> field_index;  // name -> position in fields
  std::unique_ptr<Node> element;                        // kArray

  void Clear() {
    fields.clear();
    field_index.clear();
    element.reset();
  }

  void Merge(const ojson& v) {
    Kind k = KindOf(v);
    if (k == Kind::kNone || kind == Kind::kString) return;  // nulls decide nothing
    if (kind == Kind::kNone) {
      kind = k;
    } else if (kind != k) {
      bool numbers = (kind == Kind::kInteger || kind == Kind::kNumber) &&
                     (k == Kind::kInteger || k == Kind::kNumber);
      kind = numbers ? Kind::kNumber : Kind::kString;
      if (kind == Kind::kString) Clear();
      return;
    }
    if (k == Kind::kObject) {
      for (const auto& [key, value] : v.items()) {
        // Keys that differ only by case are one column: column names are case-insensitive,
        // and the JSON decoder matches both keys to the upper-case name.
        std::string name = AsciiUpper(key);
        auto [it, added] = field_index.try_emplace(name, fields.size());
        if (added) fields.emplace_back(std::move(name), std::make_unique<Node>());
        fields[it->second].second->Merge(value);
      }
    } else if (k == Kind::kArray) {
      if (!element) element = std::make_unique<Node>();
      for (const auto& item : v) element->Merge(item);
    }
  }

  std::vector<StructField> NamedFields() const {
    std::vector<StructField> out;
    for (const auto& [name, node] : fields) out.push_back({name, node->ToType()});
    return out;
  }

  TypePtr ToType() const {
    switch (kind) {
      case Kind::kBoolean:
        return Type::Boolean();
      case Kind::kInteger:
        return Type::Bigint();
      case Kind::kNumber:
        return Type::Double();
      case Kind::kObject:
        return fields.empty() ? Type::String() : Type::Struct(NamedFields());
      case Kind::kArray:
        return Type::Array(element ? element->ToType() : Type::String());
      case Kind::kNone:
      case Kind::kString:
        break;
    }
    return Type::String();
  }
};

JsonTypeInferrer::JsonTypeInferrer() : root_(std::make_unique<Node>()) {}
JsonTypeInferrer::~JsonTypeInferrer() = default;

bool JsonTypeInferrer::Add(std::string_view json, bool objects_only) {
  // JSON_SR serializers frame the text with magic byte 0 and a 4-byte schema id.
  if (json.size() >= 5 && json[0] == '\0') json.remove_prefix(5);
  ojson doc = ojson::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    if (failed_++ == 0) {
      std::string shown(json.substr(0, 40));
      for (auto& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20) c = '.';
      }
      first_error_ = "not valid JSON: '" + shown + (json.size() > 40 ? "...'" : "'");
    }
    return false;
  }
  if (objects_only && !doc.is_object() && !doc.is_null()) {
    if (failed_++ == 0) first_error_ = "not a JSON object: " + doc.dump().substr(0, 40);
    return false;
  }
  ++added_;
  root_->Merge(doc);
  return true;
}

bool JsonTypeInferrer::AllObjects() const { return root_->kind == Kind::kObject; }
bool JsonTypeInferrer::HasValues() const { return root_->kind != Kind::kNone; }
std::vector<StructField> JsonTypeInferrer::Fields() const { return root_->NamedFields(); }
TypePtr JsonTypeInferrer::MergedType() const { return root_->ToType(); }

std::string TypeToSql(const Type& type) {
  switch (type.kind) {
    case TypeKind::kArray:
      return "ARRAY<" + TypeToSql(*type.element) + ">";
    case TypeKind::kMap:
      return "MAP<" + TypeToSql(*type.key) + ", " + TypeToSql(*type.element) + ">";
    case TypeKind::kStruct: {
      std::string out = "STRUCT<";
      for (size_t i = 0; i < type.fields.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatIdentifier(type.fields[i].name) + " " + TypeToSql(*type.fields[i].type);
      }
      return out + ">";
    }
    default:
      return type.ToSqlString();
  }
}

}  // namespace riffle::formats
