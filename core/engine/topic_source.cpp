// A quoted topic name in FROM or JOIN (riffle's: SELECT * FROM 'orders' WHERE ... EMIT CHANGES):
// the topic read as the stream CREATE STREAM would declare over it, with nothing declared. The
// key and value formats are detected as PRINT detects them (core/engine/format_detection.h), the
// columns inferred as CREATE without columns infers them (core/engine/schema_ddl.h):
// - key: KEY_FORMAT='JSON' when every non-null key is a JSON object or array, else KAFKA; a
//   ROWKEY column when its type can be told (PRINT's STRING / INT / BIGINT / DOUBLE), else none;
// - value: AVRO, PROTOBUF or JSON_SR (Confluent framing with a schema id the catalog has)
//   with the registered schema's columns; JSON objects with the columns inferred from them;
//   anything else KAFKA, one column ROWVAL (STRING, INT, BIGINT or DOUBLE when all values read
//   as it, else BYTES).
// The source is the query's own: it is never written to the catalog, and a persistent query
// cannot read a quoted name (its plan must not change with what the topic holds on restart).
#include <cctype>

#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/engine/format_detection.h"
#include "core/sql/identifier.h"
#include "connectors/formats/json/json_infer.h"

namespace riffle {

namespace {

// The first character of `bytes` that is not white space, or 0.
char FirstNonSpace(const std::string& bytes) {
  for (char c : bytes) {
    if (!std::isspace(static_cast<unsigned char>(c))) return c;
  }
  return 0;
}

// Whether `bytes` looks like a JSON object or array (the JSON inferrer checks it).
bool LooksLikeJsonContainer(const std::string& bytes) {
  char c = FirstNonSpace(bytes);
  return c == '{' || c == '[';
}

PropertyValue StringProperty(const std::string& text, SourcePos pos) {
  PropertyValue v;
  v.value = Value::String(text);
  v.type = Type::String();
  v.pos = pos;
  v.name_pos = pos;
  return v;
}

// The key column of the records' keys, and the key format; `why` says why there is none.
struct DetectedKey {
  std::string format = "KAFKA";
  TypePtr type;  // null: no key column
  std::string why;
};

DetectedKey DetectKey(const std::vector<kafka::KafkaRecord>& records,
                      const SchemaRegistry& schemas) {
  DetectedKey key;
  bool json = false;
  bool all_json = true;
  formats::JsonTypeInferrer json_keys;
  FormatDetector detector(/*is_key=*/true, schemas);
  for (const kafka::KafkaRecord& r : records) {
    detector.Format(r.key);
    if (!r.key) continue;
    json = true;
    all_json = all_json && LooksLikeJsonContainer(*r.key) && json_keys.Add(*r.key);
  }
  if (json && all_json) {
    key.format = "JSON";
    key.type = json_keys.MergedType();
    return key;
  }
  key.type = KafkaColumnType(detector, key.why);
  return key;
}

// The first framed value's schema id (Confluent framing: magic byte 0, 4-byte big-endian id).
int32_t FramedSchemaId(const std::vector<kafka::KafkaRecord>& records) {
  for (const kafka::KafkaRecord& r : records) {
    if (!r.value || r.value->size() < 5) continue;
    uint32_t id = 0;
    for (int i = 1; i <= 4; ++i) id = (id << 8) | static_cast<unsigned char>((*r.value)[i]);
    return static_cast<int32_t>(id);
  }
  return 0;
}

}  // namespace

std::map<std::string, SourceInfo> EngineImpl::TopicSources(const Query& q, ResultSink& sink) {
  std::map<std::string, SourceInfo> sources;
  std::vector<const Relation*> relations = {&q.from};
  for (const Join& j : q.joins) relations.push_back(&j.right);
  for (const Relation* r : relations) {
    if (!r->topic || sources.count(r->source)) continue;
    const std::string& topic = r->source;
    if (!admin_->TopicExists(topic)) {
      std::vector<std::string> names;
      for (const auto& t : admin_->ListTopics()) names.push_back(t.name);
      std::string hint = ClosestMatch(topic, names);
      if (!hint.empty()) {
        hint = "did you mean '" + hint + "'?";
      } else if (auto declared = catalog_->GetSource(topic)) {
        hint = "without quotes, " + declared->name + " names the " +
               (declared->is_table ? "table" : "stream") + " of that name";
      } else {
        hint = "SHOW TOPICS lists them";
      }
      ThrowBind(r->pos, "Topic '" + topic + "' does not exist.", hint);
    }
    kafka::KafkaSourceOptions options;
    options.bootstrap_servers = bootstrap_;
    options.config = KafkaClientConfig();
    options.topic = topic;
    std::vector<kafka::KafkaRecord> records = SampleTopic(*admin_, options).value_or(
        std::vector<kafka::KafkaRecord>{});
    const std::string name = TopicSourceName(topic);
    if (records.empty()) {
      ThrowBind(r->pos, "Topic '" + topic + "' has no records to infer its columns from.",
                "declare it: CREATE STREAM " + FormatIdentifier(name) +
                    " (ID BIGINT, NAME STRING) WITH (KAFKA_TOPIC='" + topic +
                    "', VALUE_FORMAT='JSON');");
    }

    CreateSourceStmt stmt;
    stmt.name = name;
    stmt.name_pos = r->pos;
    stmt.properties["KAFKA_TOPIC"] = StringProperty(topic, r->pos);
    DetectedKey key = DetectKey(records, Schemas());
    stmt.properties["KEY_FORMAT"] = StringProperty(key.format, r->pos);
    if (key.type) {
      stmt.columns.push_back(ColumnSpec{"ROWKEY", key.type, true, false, false, "", r->pos});
    }

    FormatDetector values(/*is_key=*/false, Schemas());
    bool objects = false;  // the first non-null value is a JSON object
    bool any_value = false;
    for (const kafka::KafkaRecord& r2 : records) {
      values.Format(r2.value);
      if (r2.value && !any_value) {
        any_value = true;
        objects = FirstNonSpace(*r2.value) == '{';
      }
    }
    std::string value_why;
    const std::vector<DetectedFormat>& found = values.candidates();
    DetectedFormat first = found.empty() ? DetectedFormat::kKafkaString : found.front();
    if (!found.empty() && (first == DetectedFormat::kAvro || first == DetectedFormat::kProtobuf ||
                           first == DetectedFormat::kJsonSr)) {
      stmt.properties["VALUE_FORMAT"] = StringProperty(DetectedFormatName(first), r->pos);
      PropertyValue id;
      id.value = Value::Int(FramedSchemaId(records));
      id.type = Type::Int();
      id.pos = id.name_pos = r->pos;
      stmt.properties["VALUE_SCHEMA_ID"] = id;
    } else if (objects) {
      stmt.properties["VALUE_FORMAT"] = StringProperty("JSON", r->pos);
    } else {
      stmt.properties["VALUE_FORMAT"] = StringProperty("KAFKA", r->pos);
      TypePtr type = KafkaColumnType(values, value_why);
      if (!type) type = Type::Bytes();
      stmt.columns.push_back(ColumnSpec{"ROWVAL", type, false, false, false, "", r->pos});
    }

    TopicSampler sampled = [&records](const std::string&) {
      return std::optional<std::vector<kafka::KafkaRecord>>(records);
    };
    RegistryColumns inferred;
    SourceInfo info = DeclareSource(stmt, "", sampled, inferred);
    std::string notice = "Topic '" + topic + "' read as stream " + FormatIdentifier(info.name) +
                         ", its columns inferred from " + std::to_string(records.size()) +
                         " record(s): key format " + info.key_format + ", value format " +
                         info.value_format;
    if (!key.type) notice += "; no key column (" + key.why + ")";
    if (!value_why.empty()) notice += "; ROWVAL is BYTES (" + value_why + ")";
    // With VALUE_SCHEMA_ID, the value columns come from the schema: declared, they would be
    // refused ("Table elements and VALUE_SCHEMA_ID cannot both exist").
    std::vector<ColumnDef> declare;
    for (const ColumnDef& c : info.schema.columns()) {
      if (c.role != ColumnRole::kValue || !stmt.properties.count("VALUE_SCHEMA_ID")) {
        declare.push_back(c);
      }
    }
    info.sql = ProposedStatement(stmt, declare);
    sink.Notice(notice + ". To declare it:\n  " + info.sql + ";");
    sources.emplace(topic, std::move(info));
  }
  return sources;
}

}  // namespace riffle
