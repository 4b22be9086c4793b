#include "core/engine/schema_ddl.h"

#include <chrono>
#include <set>

#include "connectors/formats/json/json_infer.h"
#include "connectors/formats/json/json_schema.h"
#include "core/common/error.h"
#include "core/common/text.h"
#include "core/engine/format_detection.h"
#include "core/exec/registry_schemas.h"
#include "core/exec/source_layout.h"
#include "core/sql/identifier.h"

namespace riffle {

namespace {

std::string ColumnText(const std::string& name, const Type& type) {
  return "`" + name + "` " + type.ToString();
}

// ksqlDB upper-cases the names of columns (and struct fields) it infers from a subject's latest
// schema; with an explicit schema id it keeps them as the schema spells them.
TypePtr WithUpperNames(const TypePtr& type) {
  switch (type->kind) {
    case TypeKind::kStruct: {
      std::vector<StructField> fields;
      for (const auto& f : type->fields) fields.push_back({AsciiUpper(f.name), WithUpperNames(f.type)});
      return Type::Struct(std::move(fields));
    }
    case TypeKind::kArray: return Type::Array(WithUpperNames(type->element));
    case TypeKind::kMap: return Type::Map(type->key, WithUpperNames(type->element));
    default: return type;
  }
}

std::vector<ColumnDef> ToColumns(const std::vector<StructField>& fields, ColumnRole role) {
  std::vector<ColumnDef> columns;
  for (const auto& f : fields) columns.push_back(ColumnDef{f.name, f.type, role, ""});
  return columns;
}

// Formats whose columns a registered schema gives: AVRO, PROTOBUF and JSON_SR (JSON Schema).
bool ReadsRegistry(const std::string& format) {
  return formats::IsSchemaFormat(format) || format == "JSON_SR";
}

// The registry's name of a format's schema type (JSON_SR registers JSON schemas).
std::string RegistryFormat(const std::string& format) {
  return format == "JSON_SR" ? "JSON" : format;
}

std::vector<StructField> RegisteredColumns(const formats::FormatSpec& spec,
                                           const StoredSchema& stored) {
  if (spec.name == "JSON_SR") return formats::JsonSchemaColumns(spec, stored.text);
  return formats::SchemaColumns(spec, ToRegistered(stored));
}

std::string SqlQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string ProposedStatement(const CreateSourceStmt& s, const std::vector<ColumnDef>& columns) {
  std::string text = "CREATE ";
  if (s.or_replace) text += "OR REPLACE ";
  if (s.is_source) text += "SOURCE ";
  text += s.is_table ? "TABLE " : "STREAM ";
  if (s.if_not_exists) text += "IF NOT EXISTS ";
  text += FormatIdentifier(s.name) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDef& c = columns[i];
    if (i > 0) text += ", ";
    text += FormatIdentifier(c.name) + " " + formats::TypeToSql(*c.type);
    if (c.role == ColumnRole::kKey) text += s.is_table ? " PRIMARY KEY" : " KEY";
    if (c.role == ColumnRole::kHeader) {
      text += c.header_key.empty() ? " HEADERS" : " HEADER(" + SqlQuote(c.header_key) + ")";
    }
  }
  text += ") WITH (";
  bool first = true;
  for (const auto& [name, value] : s.properties) {
    text += (first ? "" : ", ") + name + "=";
    text += value.value.is_string() ? SqlQuote(value.AsString()) : value.AsString();
    first = false;
  }
  return text + ")";
}

namespace {

// Whether `s` declares a key column.
bool DeclaresKey(const CreateSourceStmt& s) {
  for (const ColumnSpec& c : s.columns) {
    if (c.key || c.primary_key) return true;
  }
  return false;
}

// CREATE with no value columns over JSON values: the columns the topic's first records suggest.
// Declared key (and header) columns are kept; with none, the key is inferred too.
void InferFromRecords(const CreateSourceStmt& s, const std::string& topic,
                      const formats::FormatSpec& key_spec, const TopicSampler& sample,
                      const SchemaRegistry& registry, RegistryColumns& result) {
  const bool declared_key = DeclaresKey(s);
  const std::string hint =
      "list the columns: CREATE " + std::string(s.is_table ? "TABLE " : "STREAM ") +
      FormatIdentifier(s.name) + " (ID BIGINT, NAME STRING) WITH (...)";
  std::optional<std::vector<kafka::KafkaRecord>> records = sample(topic);
  // Declared keys over a topic with nothing to infer from: the source is what was declared, as
  // in ksqlDB (a new topic is created with it).
  auto as_declared = [&](const std::string& why) {
    result.notice = "No value columns inferred: " + why + "; " + s.name + " has only the "
                    "declared columns.";
  };
  if (!records) {
    if (declared_key) return as_declared("topic '" + topic + "' does not exist yet");
    ThrowBind(s.name_pos, "Topic '" + topic + "' does not exist, so there are no records to "
                          "infer columns from.", hint);
  }
  if (records->empty()) {
    if (declared_key) return as_declared("topic '" + topic + "' has no records");
    ThrowBind(s.name_pos, "Topic '" + topic + "' has no records to infer columns from; list the "
                          "columns.", hint);
  }
  // A key read from the registry (JSON_SR) or declared is kept; a JSON key is inferred like the
  // values, a KAFKA key as PRINT detects it.
  const bool infer_key = result.key.empty() && !declared_key;
  const bool json_key = infer_key && (key_spec.name == "JSON" || key_spec.name == "JSON_SR");
  const bool kafka_key = infer_key && key_spec.name == "KAFKA";
  formats::JsonTypeInferrer values, keys;
  FormatDetector kafka_keys(/*is_key=*/true, registry);
  int64_t tombstones = 0;
  for (const kafka::KafkaRecord& r : *records) {
    if (r.value) {
      values.Add(*r.value, /*objects_only=*/true);
    } else {
      ++tombstones;
    }
    if (json_key && r.key) keys.Add(*r.key);
    if (kafka_key) kafka_keys.Format(r.key);
  }
  const std::string of_records = std::to_string(records->size()) + " record(s) of '" + topic + "'";
  if (!values.AllObjects()) {
    std::string why = values.failed() > 0 ? " (" + std::to_string(values.failed()) +
                                                " not JSON objects, the first " +
                                                values.first_error() + ")"
                                          : " (all null values)";
    if (declared_key) {
      return as_declared("none of the first " + of_records + " holds a JSON object value" + why);
    }
    ThrowBind(s.name_pos, "None of the first " + of_records + " holds a JSON object value" + why +
                              ", so no columns can be inferred.", hint);
  }
  std::vector<ColumnDef> inferred_key;
  std::string key_why;
  if (json_key && keys.HasValues()) {
    inferred_key.push_back(ColumnDef{"ROWKEY", keys.MergedType(), ColumnRole::kKey, ""});
  } else if (kafka_key) {
    if (TypePtr type = KafkaColumnType(kafka_keys, key_why)) {
      inferred_key.push_back(ColumnDef{"ROWKEY", type, ColumnRole::kKey, ""});
    }
  }
  if (s.is_table && !declared_key && result.key.empty() && inferred_key.empty()) {
    std::string why = kafka_key  ? "the KAFKA keys of '" + topic + "' do not say their type (" +
                                       key_why + ")"
                      : json_key ? "the keys of '" + topic + "' are all null"
                                 : "its KEY_FORMAT is " + key_spec.name;
    ThrowBind(s.name_pos, "Tables require a PRIMARY KEY. Please define the PRIMARY KEY: " + why +
                              ".",
              "declare the key and the value columns are inferred: CREATE TABLE " +
                  FormatIdentifier(s.name) + " (ID STRING PRIMARY KEY) WITH (...)");
  }
  if (!inferred_key.empty()) result.key = inferred_key;
  // The statement declares every column in the order the source has them: key, declared, value.
  std::vector<ColumnDef> columns = result.key;
  for (const ColumnSpec& c : s.columns) {
    ColumnDef def{c.name, c.type, ColumnRole::kValue, c.header_key};
    if (c.key || c.primary_key) def.role = ColumnRole::kKey;
    if (c.headers) def.role = ColumnRole::kHeader;
    columns.push_back(def);
  }
  // A value field named as a key or declared column (a key often repeats in the value) is left
  // out: the names of a source's columns are unique.
  std::set<std::string> taken;
  for (const ColumnDef& c : columns) taken.insert(AsciiUpper(c.name));
  std::string left_out;
  for (const StructField& f : values.Fields()) {
    if (taken.count(AsciiUpper(f.name))) {
      left_out += (left_out.empty() ? "" : ", ") + FormatIdentifier(f.name);
      continue;
    }
    result.value.push_back(ColumnDef{f.name, f.type, ColumnRole::kValue, ""});
    columns.push_back(result.value.back());
  }
  size_t count = inferred_key.size() + result.value.size();
  std::string notice = "Inferred " + std::to_string(count) + " column(s) from " + of_records;
  if (values.failed() > 0) {
    notice += " (" + std::to_string(values.failed()) + " skipped, not JSON objects; the first " +
              values.first_error() + ")";
  }
  if (tombstones > 0) notice += " (" + std::to_string(tombstones) + " null values)";
  if (!left_out.empty()) {
    notice += " (value field(s) " + left_out + " left out: a column has the name)";
  }
  if (kafka_key && inferred_key.empty()) {
    notice += "; the KAFKA key is not inferred (" + key_why + "): declare it to use it";
  }
  result.statement = ProposedStatement(s, columns);
  result.notice = notice + ":\n  " + result.statement + ";";
}

}  // namespace

std::optional<std::vector<kafka::KafkaRecord>> SampleTopic(kafka::KafkaAdmin& admin,
                                                           kafka::KafkaSourceOptions options,
                                                           size_t max_records, int max_ms) {
  if (!admin.TopicExists(options.topic)) return std::nullopt;
  options.reset = kafka::OffsetReset::kEarliest;
  options.start_offsets.clear();
  kafka::KafkaSource source(options);
  std::vector<kafka::KafkaRecord> out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
  while (out.size() < max_records && std::chrono::steady_clock::now() < deadline &&
         !source.AtEnd()) {
    for (auto& r : source.Poll(max_records - out.size(), 100)) out.push_back(std::move(r));
  }
  return out;
}

RegistryColumns InferRegistryColumns(const CreateSourceStmt& s, const std::string& topic,
                                     const std::string& key_default,
                                     const std::string& value_default,
                                     const SchemaRegistry& registry,
                                     const TopicSampler& sample) {
  std::map<std::string, std::string> props;
  for (const auto& [name, value] : s.properties) props[name] = value.AsString();
  RegistryColumns result;
  formats::FormatSpec key_spec;
  for (bool is_key : {true, false}) {
    const std::string side = is_key ? "KEY" : "VALUE";
    formats::FormatSpec spec;
    try {
      spec = formats::ParseFormatSpec(is_key ? key_default : value_default, props, is_key);
    } catch (const RiffleError&) {
      continue;  // reported with its position when the formats are resolved
    }
    if (is_key) key_spec = spec;
    bool declared = false;
    for (const ColumnSpec& c : s.columns) {
      bool key = c.key || c.primary_key;
      if (!c.headers && key == is_key) declared = true;
    }
    auto id_prop = s.properties.find(side + "_SCHEMA_ID");
    if (id_prop != s.properties.end()) {
      if (!ReadsRegistry(spec.name)) {
        ThrowBind(id_prop->second.name_pos,
                  side + "_FORMAT should support schema inference when " + side +
                      "_SCHEMA_ID is provided. Current format is " + spec.name + ".");
      }
      if (declared) {
        ThrowBind(id_prop->second.name_pos, "Table elements and " + side +
                                                "_SCHEMA_ID cannot both exist for create "
                                                "statement.");
      }
    }
    if (!is_key && spec.name == "JSON" && !declared && sample) {
      InferFromRecords(s, topic, key_spec, sample, registry, result);
      continue;
    }
    if (declared || !ReadsRegistry(spec.name)) continue;
    std::optional<StoredSchema> stored =
        spec.schema.id > 0 ? registry.SchemaById(spec.schema.id)
                           : registry.LatestSchema(SchemaSubject(topic, is_key));
    if (!stored) {
      if (spec.schema.id > 0) {
        ThrowBind(id_prop->second.pos, "Schema with id " + std::to_string(spec.schema.id) +
                                           " does not exist in the schema registry.");
      }
      if (is_key) continue;
      if (!s.columns.empty()) continue;  // key columns only: no value columns
      ThrowBind(s.name_pos,
                "Schema for message values on topic '" + topic +
                    "' does not exist in the Schema Registry.",
                "declare the columns, or register a schema for subject '" +
                    SchemaSubject(topic, false) + "'");
    }
    if (!stored->format.empty() && stored->format != RegistryFormat(spec.name)) {
      ThrowBind(s.name_pos, "Schema " + std::to_string(stored->id) + " is a " + stored->format +
                                " schema, not " + spec.name + ".");
    }
    std::vector<StructField> fields = RegisteredColumns(spec, *stored);
    if (spec.schema.id <= 0) {
      for (auto& f : fields) f = {AsciiUpper(f.name), WithUpperNames(f.type)};
    }
    auto columns = ToColumns(fields, is_key ? ColumnRole::kKey : ColumnRole::kValue);
    (is_key ? result.key : result.value) = std::move(columns);
    result.properties[SchemaIdProperty(is_key)] = std::to_string(stored->id);
  }
  return result;
}

void CheckSinkSchema(const SourceInfo& target, const SchemaRegistry& registry) {
  SourceLayout layout = MakeSourceLayout(target);
  const formats::FormatSpec& spec = layout.value_format;
  if (!formats::IsSchemaFormat(spec.name) || spec.schema.id <= 0) return;
  auto stored = registry.SchemaById(spec.schema.id);
  if (!stored) {
    ThrowBind({}, "Schema with id " + std::to_string(spec.schema.id) +
                      " does not exist in the schema registry.");
  }
  std::vector<StructField> fields = formats::SchemaColumns(spec, ToRegistered(*stored));
  std::string mismatched;
  for (size_t i = 0; i < layout.value_fields.size(); ++i) {
    const auto& f = layout.value_fields[i];
    bool same = i < fields.size() && fields[i].name == f.name &&
                fields[i].type->ToString() == f.type->ToString();
    if (!same) mismatched += (mismatched.empty() ? "" : ", ") + ColumnText(f.name, *f.type);
  }
  if (mismatched.empty()) return;
  std::string registry_columns;
  for (const auto& f : fields) {
    registry_columns += (registry_columns.empty() ? "" : ", ") + ColumnText(f.name, *f.type);
  }
  ThrowBind({}, "The following value columns are changed, missing or reordered: [" + mismatched +
                    "]. Schema from schema registry is [" + registry_columns + "]");
}

}  // namespace riffle
