// Deriving a .proto schema from columns as ksqlDB does (Confluent's ProtobufData
// fromConnectSchema over ksqlDB's unnamed Connect schemas), and ksqlDB's checks on what
// PROTOBUF can carry.

#include <algorithm>
#include <set>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/protobuf/proto_schema.h"
#include "core/common/error.h"

namespace riffle::formats {

namespace {

struct DeriveContext {
  int next_default = 0;  // ConnectDefault<N>: one counter per schema, depth-first field order
  std::set<std::string> imports;
};

std::string NextDefaultName(DeriveContext& ctx) {
  return "ConnectDefault" + std::to_string(++ctx.next_default);
}

void WriteMessage(const std::string& name, const std::vector<StructField>& fields, int indent,
                  DeriveContext& ctx, std::string& out);

std::string ScalarName(const Type& t, DeriveContext& ctx, std::string& options) {
  switch (t.kind) {
    case TypeKind::kBoolean: return "bool";
    case TypeKind::kInt: return "int32";
    case TypeKind::kBigint: return "int64";
    case TypeKind::kDouble: return "double";
    case TypeKind::kString: return "string";
    case TypeKind::kBytes: return "bytes";
    case TypeKind::kDecimal:
      ctx.imports.insert("confluent/meta.proto");
      ctx.imports.insert("confluent/type/decimal.proto");
      options = " [(confluent.field_meta) = { params: [{ key: \"precision\", value: \"" +
                std::to_string(t.precision) + "\" }, { key: \"scale\", value: \"" +
                std::to_string(t.scale) + "\" }] }]";
      return "confluent.type.Decimal";
    case TypeKind::kDate:
      ctx.imports.insert("google/type/date.proto");
      return "google.type.Date";
    case TypeKind::kTime:
      ctx.imports.insert("google/type/timeofday.proto");
      return "google.type.TimeOfDay";
    case TypeKind::kTimestamp:
      ctx.imports.insert("google/protobuf/timestamp.proto");
      return "google.protobuf.Timestamp";
    default: return "";
  }
}

// Writes one field line; nested message definitions go to `nested` (written after the fields,
// as Confluent's schema printer orders them).
void WriteField(const StructField& field, int number, int indent, DeriveContext& ctx,
                std::string& body, std::string& nested) {
  const Type* t = field.type.get();
  std::string label;
  if (t->kind == TypeKind::kArray) {
    label = "repeated ";
    t = t->element.get();
  }
  std::string type_name, options;
  if (t->kind == TypeKind::kMap) {
    label = "repeated ";
    type_name = NextDefaultName(ctx) + "Entry";
    nested += "\n";
    WriteMessage(type_name, {{"key", t->key}, {"value", t->element}}, indent, ctx, nested);
  } else if (t->kind == TypeKind::kStruct) {
    type_name = NextDefaultName(ctx);
    // A message type may not share its field's name.
    if (type_name == field.name) type_name += "Message";
    nested += "\n";
    WriteMessage(type_name, t->fields, indent, ctx, nested);
  } else {
    type_name = ScalarName(*t, ctx, options);
  }
  body += std::string(static_cast<size_t>(indent), ' ') + label + type_name + " " +
          proto::ScrubName(field.name) + " = " + std::to_string(number) + options + ";\n";
}

void WriteMessage(const std::string& name, const std::vector<StructField>& fields, int indent,
                  DeriveContext& ctx, std::string& out) {
  std::string pad(static_cast<size_t>(indent), ' ');
  std::string body, nested;
  int number = 1;
  for (const auto& f : fields) WriteField(f, number++, indent + 2, ctx, body, nested);
  out += pad + "message " + name + " {\n" + body + nested + pad + "}\n";
}

bool HasNonStringMapKey(const Type& t) {
  if (t.kind == TypeKind::kMap && t.key && t.key->kind != TypeKind::kString) return true;
  if (t.key && HasNonStringMapKey(*t.key)) return true;
  if (t.element && HasNonStringMapKey(*t.element)) return true;
  for (const auto& f : t.fields) {
    if (f.type && HasNonStringMapKey(*f.type)) return true;
  }
  return false;
}

bool HasNestedCollectionInArray(const Type& t) {
  if (t.kind == TypeKind::kArray && t.element &&
      (t.element->kind == TypeKind::kArray || t.element->kind == TypeKind::kMap)) {
    return true;
  }
  if (t.key && HasNestedCollectionInArray(*t.key)) return true;
  if (t.element && HasNestedCollectionInArray(*t.element)) return true;
  for (const auto& f : t.fields) {
    if (f.type && HasNestedCollectionInArray(*f.type)) return true;
  }
  return false;
}

// Messages nested in a column of type `t`: one per STRUCT and per MAP (its entry message).
int NestedMessages(const Type& t) {
  int inner = 0;
  if (t.key) inner = std::max(inner, NestedMessages(*t.key));
  if (t.element) inner = std::max(inner, NestedMessages(*t.element));
  for (const auto& f : t.fields) {
    if (f.type) inner = std::max(inner, NestedMessages(*f.type));
  }
  return inner + (t.kind == TypeKind::kStruct || t.kind == TypeKind::kMap ? 1 : 0);
}

// libprotoc's parser refuses messages nested 32 deep ("Reached maximum recursion limit for
// nested messages"); the record's own message is the first.
constexpr int kMaxNestedMessages = 30;

}  // namespace

void ValidateProtobufFields(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  if (!spec.is_key && spec.wrap_single_value.has_value() && !*spec.wrap_single_value) {
    ThrowBind({}, "Format 'PROTOBUF' does not support 'WRAP_SINGLE_VALUE' set to 'false'.");
  }
  for (const auto& f : fields) {
    if (NestedMessages(*f.type) > kMaxNestedMessages) {
      ThrowBind({}, FieldContext(f) + "PROTOBUF format supports at most " +
                        std::to_string(kMaxNestedMessages) +
                        " levels of nested STRUCT and MAP (protobuf's limit on nested "
                        "messages), but the column's type has " +
                        std::to_string(NestedMessages(*f.type)));
    }
    if (HasNonStringMapKey(*f.type)) {
      ThrowBind({}, "PROTOBUF format only supports MAP types with STRING keys");
    }
    // ksqlDB's protobuf converter has no representation for an ARRAY or MAP inside an ARRAY
    // (repeated fields cannot nest); refuse rather than write something unreadable.
    if (HasNestedCollectionInArray(*f.type)) {
      ThrowBind({}, FieldContext(f) + "PROTOBUF format does not support an ARRAY or MAP as an "
                                      "ARRAY element: " + f.type->ToString());
    }
  }
}

std::string DeriveProtobufSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  ValidateProtobufFields(spec, fields);
  DeriveContext ctx;
  std::string package, name = spec.schema_full_name;
  if (auto dot = name.rfind('.'); dot != std::string::npos) {
    package = name.substr(0, dot);
    name = name.substr(dot + 1);
  }
  if (name.empty()) name = NextDefaultName(ctx);
  std::vector<StructField> columns;
  for (const auto& f : fields) columns.push_back({f.name, f.type});
  std::string message;
  WriteMessage(name, columns, 0, ctx, message);

  std::string out = "syntax = \"proto3\";\n";
  if (!package.empty()) out += "package " + package + ";\n";
  out += "\n";
  if (!ctx.imports.empty()) {
    for (const auto& i : ctx.imports) out += "import \"" + i + "\";\n";
    out += "\n";
  }
  return out + message;
}

}  // namespace riffle::formats
