// Parsing .proto text at run time with libprotoc's Importer over an in-memory source tree, and
// mapping descriptors to riffle types (ksqlDB's ProtobufSchemaTranslator rules).

#include "connectors/formats/protobuf/proto_schema.h"

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <map>
#include <set>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/protobuf/proto_wire.h"
#include "core/common/error.h"

namespace riffle::formats::proto {

namespace {

constexpr const char* kMainFile = "riffle/registered_schema.proto";

// The imports ksqlDB's schemas use that Debian's protobuf does not ship. Same packages, names
// and field numbers as Confluent's and Google's files; decimal.proto re-exports meta.proto so a
// schema importing only decimal.proto may use (confluent.field_meta), as Confluent's lenient
// parser allows.
const std::map<std::string, std::string>& BuiltinFiles() {
  static const std::map<std::string, std::string> kFiles = {
      {"confluent/meta.proto",
       "syntax = \"proto3\";\npackage confluent;\nimport \"google/protobuf/descriptor.proto\";\n"
       "message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }\n"
       "extend google.protobuf.FileOptions { Meta file_meta = 1088; }\n"
       "extend google.protobuf.MessageOptions { Meta message_meta = 1088; }\n"
       "extend google.protobuf.FieldOptions { Meta field_meta = 1088; }\n"
       "extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }\n"
       "extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }\n"},
      {"confluent/type/decimal.proto",
       "syntax = \"proto3\";\npackage confluent.type;\nimport public \"confluent/meta.proto\";\n"
       "message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }\n"},
      {"google/type/date.proto",
       "syntax = \"proto3\";\npackage google.type;\n"
       "message Date { int32 year = 1; int32 month = 2; int32 day = 3; }\n"},
      {"google/type/timeofday.proto",
       "syntax = \"proto3\";\npackage google.type;\n"
       "message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; "
       "int32 nanos = 4; }\n"},
  };
  return kFiles;
}

class MemorySourceTree : public gpb::compiler::SourceTree {
 public:
  explicit MemorySourceTree(std::map<std::string, std::string> files) : files_(std::move(files)) {
    disk_.MapPath("", "/usr/include");
  }
  gpb::io::ZeroCopyInputStream* Open(const std::string& filename) override {
    auto it = files_.find(filename);
    if (it == files_.end()) {
      auto builtin = BuiltinFiles().find(filename);
      if (builtin != BuiltinFiles().end()) it = files_.emplace(filename, builtin->second).first;
    }
    if (it != files_.end()) {
      // The caller owns the stream (SourceTree's contract); the text stays in files_.
      return std::make_unique<gpb::io::ArrayInputStream>(it->second.data(),
                                                         static_cast<int>(it->second.size()))
          .release();
    }
    return disk_.Open(filename);
  }

 private:
  std::map<std::string, std::string> files_;
  gpb::compiler::DiskSourceTree disk_;
};

class Errors : public gpb::compiler::MultiFileErrorCollector {
 public:
  void AddError(const std::string& filename, int line, int column,
                const std::string& message) override {
    if (!text.empty()) text += "; ";
    if (filename != kMainFile) text += filename + ":";
    text += std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
  }
  std::string text;
};

}  // namespace

struct ProtoFile::State {
  explicit State(std::map<std::string, std::string> files)
      : tree(std::move(files)), importer(&tree, &errors) {}
  MemorySourceTree tree;
  Errors errors;
  gpb::compiler::Importer importer;
};

ProtoFile::ProtoFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
ProtoFile::~ProtoFile() = default;

std::unique_ptr<ProtoFile> ProtoFile::Parse(const RegisteredSchema& schema) {
  std::map<std::string, std::string> files;
  for (const auto& ref : schema.references) files[ref.name] = ref.text;
  files[kMainFile] = schema.text;
  std::unique_ptr<ProtoFile> parsed(new ProtoFile(std::make_unique<State>(std::move(files))));
  parsed->file_ = parsed->state_->importer.Import(kMainFile);
  if (parsed->file_ == nullptr) {
    ThrowBind({}, "Invalid PROTOBUF schema: " + parsed->state_->errors.text);
  }
  return parsed;
}

const gpb::Descriptor* ProtoFile::Select(const std::string& full_name) const {
  if (full_name.empty()) {
    if (file_->message_type_count() == 0) ThrowBind({}, "The PROTOBUF schema defines no message");
    return file_->message_type(0);
  }
  const auto* pool = file_->pool();
  const gpb::Descriptor* d = pool->FindMessageTypeByName(full_name);
  if (d == nullptr && !file_->package().empty()) {
    d = pool->FindMessageTypeByName(file_->package() + "." + full_name);
  }
  if (d == nullptr) {
    ThrowBind({}, "Protobuf message '" + full_name + "' is not defined in the schema");
  }
  return d;
}

const gpb::Descriptor* ProtoFile::ByIndexes(const std::vector<int>& indexes) const {
  if (indexes.empty() || indexes[0] >= file_->message_type_count()) return nullptr;
  const gpb::Descriptor* d = file_->message_type(indexes[0]);
  for (size_t i = 1; i < indexes.size(); ++i) {
    if (indexes[i] >= d->nested_type_count()) return nullptr;
    d = d->nested_type(indexes[i]);
  }
  return d;
}

std::vector<int> MessageIndexes(const gpb::Descriptor* message) {
  std::vector<int> path;
  for (const gpb::Descriptor* d = message; d != nullptr; d = d->containing_type()) {
    path.insert(path.begin(), d->index());
  }
  return path;
}

WellKnown WellKnownOf(const gpb::Descriptor* m) {
  const std::string& n = m->full_name();
  if (n == "google.protobuf.Timestamp") return WellKnown::kTimestamp;
  if (n == "google.type.Date") return WellKnown::kDate;
  if (n == "google.type.TimeOfDay") return WellKnown::kTime;
  if (n == "confluent.type.Decimal") return WellKnown::kDecimal;
  if (m->file()->name() == "google/protobuf/wrappers.proto") return WellKnown::kWrapper;
  return WellKnown::kNone;
}

bool IsMapField(const gpb::FieldDescriptor* f) {
  if (f->is_map()) return true;
  if (!f->is_repeated() || f->type() != gpb::FieldDescriptor::TYPE_MESSAGE) return false;
  const gpb::Descriptor* m = f->message_type();
  const std::string& name = m->name();
  return name.size() > 5 && name.compare(name.size() - 5, 5, "Entry") == 0 &&
         m->field_count() == 2 && m->field(0)->name() == "key" &&
         m->field(1)->name() == "value" && !m->field(0)->is_repeated() &&
         !m->field(1)->is_repeated();
}

void DecimalParams(const gpb::FieldDescriptor* field, int& precision, int& scale) {
  precision = 38;
  scale = 0;
  // The option lives in FieldOptions as extension 1088 (confluent.Meta); libprotobuf keeps it as
  // an unknown field, so read it from the serialized options: Meta.params (2) entries of
  // key (1) / value (2).
  std::string bytes = field->options().SerializeAsString();
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    uint64_t tag = 0;
    if (!ReadVarint(p, end, tag)) return;
    uint32_t wt = tag & 7;
    if ((tag >> 3) != 1088 || wt != kLen) {
      if (!SkipField(p, end, wt)) return;
      continue;
    }
    std::string_view meta;
    if (!ReadLen(p, end, meta)) return;
    const auto* q = reinterpret_cast<const uint8_t*>(meta.data());
    const auto* qend = q + meta.size();
    while (q < qend) {
      uint64_t mtag = 0;
      if (!ReadVarint(q, qend, mtag)) return;
      if ((mtag >> 3) != 2 || (mtag & 7) != kLen) {
        if (!SkipField(q, qend, mtag & 7)) return;
        continue;
      }
      std::string_view entry, key, value;
      if (!ReadLen(q, qend, entry)) return;
      const auto* e = reinterpret_cast<const uint8_t*>(entry.data());
      const auto* eend = e + entry.size();
      while (e < eend) {
        uint64_t etag = 0;
        if (!ReadVarint(e, eend, etag)) return;
        std::string_view* dst = (etag >> 3) == 1 ? &key : (etag >> 3) == 2 ? &value : nullptr;
        if (dst != nullptr && (etag & 7) == kLen) {
          if (!ReadLen(e, eend, *dst)) return;
        } else if (!SkipField(e, eend, etag & 7)) {
          return;
        }
      }
      int n = 0;
      bool digits = !value.empty() && value.size() < 4;
      for (char c : value) {
        if (c < '0' || c > '9') digits = false;
        n = n * 10 + (c - '0');
      }
      if (!digits) continue;
      if (key == "precision") precision = n;
      if (key == "scale") scale = n;
    }
  }
}

namespace {

TypePtr ScalarType(const gpb::FieldDescriptor* f) {
  using FD = gpb::FieldDescriptor;
  switch (f->type()) {
    case FD::TYPE_INT32:
    case FD::TYPE_SINT32:
    case FD::TYPE_SFIXED32: return Type::Int();
    // Unsigned 32-bit values do not fit an INT: ksqlDB reads them as BIGINT.
    case FD::TYPE_UINT32:
    case FD::TYPE_FIXED32:
    case FD::TYPE_INT64:
    case FD::TYPE_SINT64:
    case FD::TYPE_SFIXED64:
    case FD::TYPE_UINT64:
    case FD::TYPE_FIXED64: return Type::Bigint();
    case FD::TYPE_FLOAT:
    case FD::TYPE_DOUBLE: return Type::Double();
    case FD::TYPE_BOOL: return Type::Boolean();
    case FD::TYPE_STRING:
    case FD::TYPE_ENUM: return Type::String();
    case FD::TYPE_BYTES: return Type::Bytes();
    default: return nullptr;
  }
}

TypePtr MessageType(const gpb::FieldDescriptor* f, std::set<const gpb::Descriptor*>& open);

TypePtr ElementType(const gpb::FieldDescriptor* f, std::set<const gpb::Descriptor*>& open) {
  if (f->type() == gpb::FieldDescriptor::TYPE_MESSAGE) return MessageType(f, open);
  if (f->type() == gpb::FieldDescriptor::TYPE_GROUP) {
    ThrowBind({}, "field `" + f->name() + "`: protobuf groups are not supported");
  }
  return ScalarType(f);
}

TypePtr FieldType(const gpb::FieldDescriptor* f, std::set<const gpb::Descriptor*>& open) {
  if (IsMapField(f)) {
    const gpb::Descriptor* entry = f->message_type();
    return Type::Map(ElementType(entry->field(0), open), ElementType(entry->field(1), open));
  }
  TypePtr element = ElementType(f, open);
  return f->is_repeated() ? Type::Array(element) : element;
}

TypePtr MessageType(const gpb::FieldDescriptor* f, std::set<const gpb::Descriptor*>& open) {
  const gpb::Descriptor* m = f->message_type();
  switch (WellKnownOf(m)) {
    case WellKnown::kTimestamp: return Type::Timestamp();
    case WellKnown::kDate: return Type::Date();
    case WellKnown::kTime: return Type::Time();
    case WellKnown::kDecimal: {
      int precision = 0, scale = 0;
      DecimalParams(f, precision, scale);
      return Type::Decimal(precision, scale);
    }
    case WellKnown::kWrapper: {
      const gpb::FieldDescriptor* v = m->FindFieldByName("value");
      if (v != nullptr) return ScalarType(v);
      break;
    }
    case WellKnown::kNone: break;
  }
  if (!open.insert(m).second) {
    ThrowBind({}, "field `" + f->name() + "`: recursive protobuf message '" + m->full_name() +
                      "' cannot be mapped to a column type");
  }
  std::vector<StructField> fields;
  for (int i = 0; i < m->field_count(); ++i) {
    fields.push_back({m->field(i)->name(), FieldType(m->field(i), open)});
  }
  open.erase(m);
  return Type::Struct(std::move(fields));
}

}  // namespace

TypePtr ColumnType(const gpb::FieldDescriptor* field) {
  std::set<const gpb::Descriptor*> open;
  if (field->containing_type() != nullptr) open.insert(field->containing_type());
  return FieldType(field, open);
}

std::string ScrubName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    if (!ok) c = '_';
  }
  return out;
}

}  // namespace riffle::formats::proto

namespace riffle::formats {

std::vector<StructField> ProtobufSchemaColumns(const FormatSpec& spec,
                                               const RegisteredSchema& schema) {
  auto file = proto::ProtoFile::Parse(schema);
  const auto* message = file->Select(spec.schema_full_name);
  std::vector<StructField> columns;
  for (int i = 0; i < message->field_count(); ++i) {
    columns.push_back({message->field(i)->name(), proto::ColumnType(message->field(i))});
  }
  return columns;
}

}  // namespace riffle::formats
