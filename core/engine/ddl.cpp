// CREATE STREAM/TABLE and DROP STREAM/TABLE.
#include <algorithm>
#include <set>

#include "core/common/text.h"
#include "core/engine/connector_ddl.h"
#include "core/engine/engine_impl.h"
#include "core/engine/schema_ddl.h"
#include "core/engine/with_properties.h"
#include "core/exec/registry_schemas.h"
#include "core/exec/source_layout.h"
#include "core/expr/scope.h"
#include "core/plan/timestamp_column.h"

namespace riffle {

namespace {

// Formats are checked before the columns, as ksqlDB checks WITH first: their names, and a
// delimiter with its format. (Other format problems, such as a missing VALUE_FORMAT, are
// reported with the columns.)
void CheckFormats(const Properties& props, const std::string& key_default,
                  const std::string& value_default) {
  std::map<std::string, std::string> strings;
  for (const auto& [name, value] : props) strings[name] = value.AsString();
  try {
    formats::CheckFormatNames(strings);
  } catch (const RiffleError& e) {
    auto at = props.find("FORMAT");
    if (at == props.end()) at = props.find("VALUE_FORMAT");
    if (at == props.end()) at = props.find("KEY_FORMAT");
    throw RiffleError(e.kind(), e.message(), at != props.end() ? at->second.pos : e.pos(),
                      e.suggestion());
  }
  for (bool is_key : {true, false}) {
    auto delimiter = props.find(is_key ? "KEY_DELIMITER" : "VALUE_DELIMITER");
    if (delimiter == props.end()) continue;
    try {
      formats::ParseFormatSpec(is_key ? key_default : value_default, strings, is_key);
    } catch (const RiffleError& e) {
      throw RiffleError(e.kind(), e.message(), delimiter->second.pos, e.suggestion());
    }
  }
}

int ParsePartitions(const PropertyValue& v) {
  int64_t n = 0;
  if (v.value.is_int()) {
    n = v.value.as_int();
  } else {
    n = ParseInt64(v.AsString()).value_or(0);
  }
  if (n < 1 || n > 10000) ThrowBind(v.pos, "PARTITIONS must be a positive integer, got " + v.AsString());
  return static_cast<int>(n);
}

}  // namespace

SourceInfo EngineImpl::DeclareSource(const CreateSourceStmt& s, const std::string& text,
                                     const TopicSampler& sample, RegistryColumns& inferred) {
  const bool external = IsExternalConnector(s.properties);
  auto topic_prop = s.properties.find("KAFKA_TOPIC");
  const std::string topic =
      topic_prop != s.properties.end() ? topic_prop->second.AsString() : s.name;
  if (!external) {
    inferred = InferRegistryColumns(s, topic, Property("ksql.persistence.default.format.key"),
                                    Property("ksql.persistence.default.format.value"),
                                    Schemas(), sample);
  }
  if (s.columns.empty() && inferred.key.empty() && inferred.value.empty() && !external) {
    ThrowBind(s.name_pos, "No columns supplied.",
              "list them: CREATE STREAM s (ID INT KEY, NAME STRING) WITH (...); JSON topics have "
              "them inferred from their records, AVRO, PROTOBUF and JSON_SR from the registered "
              "schema");
  }

  SourceInfo info;
  info.name = s.name;
  info.is_table = s.is_table;
  info.is_source = s.is_source;
  // Inferred columns are recorded in the statement too, as ksqlDB records them.
  info.sql = inferred.statement.empty() ? text : inferred.statement;
  std::set<std::string> names;
  bool has_key = !inferred.key.empty();
  for (const ColumnDef& c : inferred.key) {
    names.insert(AsciiUpper(c.name));
    info.schema.Add(c);
  }
  for (const ColumnSpec& c : s.columns) {
    if (IsSystemColumnName(c.name)) {
      ThrowBind(c.pos, "'" + c.name + "' is a reserved column name. You cannot use it as a name "
                       "for a column.");
    }
    if (!names.insert(AsciiUpper(c.name)).second) {
      ThrowBind(c.pos, "Duplicate column name '" + c.name + "'.");
    }
    if (s.is_table && c.key && !c.primary_key) {
      ThrowBind(c.pos, "Column " + c.name + " is a KEY column: tables use PRIMARY KEY.",
                "write " + c.name + " " + c.type->ToSqlString() + " PRIMARY KEY");
    }
    if (!s.is_table && c.primary_key) {
      ThrowBind(c.pos, "Column " + c.name + " is a PRIMARY KEY column: streams use KEY.",
                "write " + c.name + " " + c.type->ToSqlString() + " KEY");
    }
    ColumnDef def{c.name, c.type, ColumnRole::kValue, ""};
    if (c.key || c.primary_key) {
      def.role = ColumnRole::kKey;
      has_key = true;
    } else if (c.headers) {
      // ksqlDB's AstBuilder: HEADERS holds every header, HEADER('k') one header's bytes.
      TypePtr expected = c.header_key.empty()
                             ? Type::Array(Type::Struct({{"KEY", Type::String()},
                                                         {"VALUE", Type::Bytes()}}))
                             : Type::Bytes();
      if (!TypeEquals(*c.type, *expected)) {
        std::string column =
            c.header_key.empty() ? "HEADERS" : "HEADER('" + c.header_key + "')";
        ThrowBind(c.pos, "Invalid type for " + column + " column: expected " +
                             expected->ToString() + ", got " + c.type->ToString());
      }
      def.role = ColumnRole::kHeader;
      def.header_key = c.header_key;
    }
    info.schema.Add(def);
  }
  for (const ColumnDef& c : inferred.value) {
    if (!names.insert(AsciiUpper(c.name)).second) {
      ThrowBind(s.name_pos, "Duplicate column name '" + c.name + "' in the registered schema.");
    }
    info.schema.Add(c);
  }
  for (const auto& [name, value] : s.properties) info.properties[name] = value.AsString();
  for (const auto& [name, value] : inferred.properties) info.properties[name] = value;
  PrepareConnectorSource(s.properties, info);
  has_key = has_key || !info.schema.KeyIndexes().empty();
  if (s.is_table && !has_key) {
    ThrowBind(s.name_pos, "Tables require a PRIMARY KEY. Please define the PRIMARY KEY.",
              "e.g. ID INT PRIMARY KEY");
  }
  // ksqlDB's CreateSourceCommand: a window is a part of a key.
  if (!has_key && info.properties.count("WINDOW_TYPE")) {
    ThrowBind(s.name_pos, "Windowed sources require a key column.", "e.g. ID INT KEY");
  }
  // The session's ksql.persistence.wrap.single.values applies when WITH does not say.
  if (!info.properties.count("WRAP_SINGLE_VALUE") && info.schema.ValueIndexes().size() == 1 &&
      session_properties_.count("ksql.persistence.wrap.single.values")) {
    info.properties["WRAP_SINGLE_VALUE"] = Property("ksql.persistence.wrap.single.values");
  }

  // Formats: explicit, else FORMAT, else the session defaults (ksqlDB's).
  std::string key_default = Property("ksql.persistence.default.format.key");
  std::string value_default = Property("ksql.persistence.default.format.value");
  formats::FormatSpec key_spec = formats::ParseFormatSpec(key_default, info.properties, true);
  formats::FormatSpec value_spec;
  try {
    value_spec = formats::ParseFormatSpec(value_default, info.properties, false);
  } catch (const RiffleError& e) {
    auto it = s.properties.find("VALUE_FORMAT");
    auto fit = s.properties.find("FORMAT");
    SourcePos pos = it != s.properties.end()   ? it->second.pos
                    : fit != s.properties.end() ? fit->second.pos
                                                : s.name_pos;
    throw RiffleError(e.kind(), e.message(), pos, e.suggestion());
  }
  info.key_format = key_spec.name;
  info.value_format = value_spec.name;
  if (!has_key && info.key_format.empty()) info.key_format = "KAFKA";

  auto topic_it = s.properties.find("KAFKA_TOPIC");
  info.topic = topic_it != s.properties.end() ? topic_it->second.AsString() : s.name;
  if (auto ts = s.properties.find("TIMESTAMP"); ts != s.properties.end()) {
    std::optional<std::string> format;
    if (auto f = s.properties.find("TIMESTAMP_FORMAT"); f != s.properties.end()) {
      format = f->second.AsString();
    }
    int idx = ResolveTimestampColumn(info.schema, ts->second.AsString(), format, ts->second.pos);
    info.timestamp_column = info.schema[idx].name;
    info.timestamp_format = format.value_or("");
  }
  return info;
}

void EngineImpl::CreateSource(const CreateSourceStmt& s, const Statement& stmt, ResultSink& sink) {
  const char* kind = s.is_table ? "Table" : "Stream";
  if (s.as_query) {
    CreateAsSelect(s, stmt, sink);
    return;
  }
  ValidateWithProperties(s.properties, WithClause::kCreateSource);
  if (!IsExternalConnector(s.properties)) {
    CheckFormats(s.properties, Property("ksql.persistence.default.format.key"),
                 Property("ksql.persistence.default.format.value"));
  }
  const char* noun = s.is_table ? "table" : "stream";
  if (s.or_replace && s.is_source) {
    ThrowBind(s.name_pos, std::string("Cannot add ") + noun + " '" + s.name +
                              "': CREATE OR REPLACE is not supported on source " + noun + "s.");
  }
  if (auto existing = catalog_->GetSource(s.name)) {
    if (s.or_replace && existing->is_source) {
      ThrowBind(s.name_pos, std::string("Cannot add ") + noun + " '" + existing->name +
                                "': CREATE OR REPLACE is not supported on source " + noun + "s.");
    }
    if (s.if_not_exists) {
      sink.Notice(std::string(kind) + " " + existing->name + " already exists.");
      return;
    }
    if (!s.or_replace) {
      ThrowBind(s.name_pos,
                std::string("Cannot add ") + (s.is_table ? "table" : "stream") + " '" + s.name +
                    "': A " + (existing->is_table ? "table" : "stream") +
                    " with the same name already exists.",
                "use CREATE OR REPLACE, or DROP it first");
    }
    if (existing->is_table != s.is_table) {
      ThrowBind(s.name_pos, "Cannot replace a " +
                                std::string(existing->is_table ? "table" : "stream") + " with a " +
                                (s.is_table ? "table" : "stream") + ".");
    }
  }
  const bool external = IsExternalConnector(s.properties);
  kafka::KafkaSourceOptions sample_options;
  sample_options.bootstrap_servers = bootstrap_;
  sample_options.config = KafkaClientConfig();
  TopicSampler sample = [&](const std::string& t) {
    sample_options.topic = t;
    return SampleTopic(*admin_, sample_options);
  };
  RegistryColumns inferred;
  SourceInfo info = DeclareSource(s, stmt.text, sample, inferred);
  if (external) {
    FinishConnectorSource(s.properties, paths_, info);
    catalog_->CreateSource(info, s.or_replace);
    sink.Notice(std::string(kind) + " " + info.name + " created.");
    return;
  }
  // Validates the formats against the columns (throws with ksqlDB's messages).
  MakeSourceLayout(info);
  RegisterSourceSchemas(info, Schemas(), /*for_query_sink=*/false);

  int partitions = 1;
  auto part_it = s.properties.find("PARTITIONS");
  if (part_it != s.properties.end()) partitions = ParsePartitions(part_it->second);
  std::optional<int> existing_partitions = admin_->PartitionCount(info.topic);
  if (!existing_partitions) {
    admin_->CreateTopic(info.topic, partitions);
    sink.Notice("Created topic " + info.topic + " with " + std::to_string(partitions) +
                " partition(s).");
  } else if (part_it != s.properties.end() && *existing_partitions != partitions) {
    ThrowBind(part_it->second.pos,
              "A Kafka topic with the name '" + info.topic + "' already exists, with different "
              "partition count. Existing: " + std::to_string(*existing_partitions) +
              ", requested: " + std::to_string(partitions));
  }
  info.properties["PARTITIONS"] = std::to_string(existing_partitions.value_or(partitions));
  catalog_->CreateSource(info, s.or_replace);
  if (!inferred.notice.empty()) sink.Notice(inferred.notice);
  sink.Notice(std::string(kind) + " " + info.name + " created.");
}

void EngineImpl::DropSource(const DropSourceStmt& s, ResultSink& sink) {
  auto existing = catalog_->GetSource(s.name);
  const char* kind = s.is_table ? "table" : "stream";
  if (!existing) {
    if (s.if_exists) {
      sink.Notice(std::string("No ") + kind + " named " + s.name + " to drop.");
      return;
    }
    std::vector<std::string> names;
    for (const auto& src : catalog_->ListSources()) names.push_back(src.name);
    std::string hint = ClosestMatch(s.name, names);
    // ksqlDB's DropSourceFactory: "Stream X does not exist." / "Table X does not exist."
    ThrowBind(s.name_pos,
              std::string(s.is_table ? "Table " : "Stream ") + s.name + " does not exist.",
              hint.empty() ? "" : "did you mean " + hint + "?");
  }
  if (existing->is_table != s.is_table) {
    // ksqlDB's wording, its source types in lower case.
    ThrowBind(s.name_pos, "Incompatible data source type is " +
                              std::string(existing->is_table ? "table" : "stream") +
                              ", but statement was DROP " + (s.is_table ? "table" : "stream"),
              std::string("use DROP ") + (existing->is_table ? "TABLE " : "STREAM ") +
                  existing->name);
  }
  std::vector<std::string> writers = WritersOf(existing->name);
  std::vector<std::string> readers = ReadersOf(existing->name);
  if (!readers.empty()) {
    auto list = [](const std::vector<std::string>& ids) {
      std::string s;
      for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
      return s;
    };
    ThrowBind(s.name_pos, "Cannot drop " + existing->name +
                              ": The following queries read from this source: [" +
                              list(readers) + "]. The following queries write into this source: [" +
                              list(writers) + "]. You need to terminate them before dropping " +
                              existing->name + ".",
              "TERMINATE " + readers[0] + ";");
  }
  // As ksqlDB (since 0.15): the query a CREATE ... AS SELECT started with the source goes with
  // it, so a script can drop and recreate it without knowing the query's id; any other writer
  // (INSERT INTO ... SELECT) still has to be terminated first.
  std::vector<std::string> create_as;
  std::vector<std::string> others;
  for (const std::string& id : writers) {
    std::optional<JobInfo> job = catalog_->GetJob(id);
    bool is_create_as = job && (job->kind == "CSAS" || job->kind == "CTAS");
    (is_create_as ? create_as : others).push_back(id);
  }
  if (!others.empty()) {
    std::string list;
    for (const auto& w : writers) list += (list.empty() ? "" : ", ") + w;
    ThrowBind(s.name_pos, "Cannot drop " + existing->name +
                              ": The following queries write into this source: [" + list +
                              "]. You need to terminate them before dropping " + existing->name +
                              ".",
              "TERMINATE " + others[0] + ";");
  }
  if (s.delete_topic && existing->is_source) {
    ThrowBind(s.name_pos, "Cannot delete topic for read-only source: " + existing->name);
  }
  for (const std::string& id : create_as) {
    JobControlStmt terminate;
    terminate.action = JobControl::kTerminate;
    terminate.job_id = id;
    ControlJob(terminate, sink);
  }
  catalog_->DropSource(existing->name);
  if (s.delete_topic) {
    if (admin_->DeleteTopic(existing->topic) == kafka::DeleteTopicOutcome::kNotSupported) {
      sink.Warning("The broker cannot delete topics (it names no controller); topic " +
                   existing->topic + " remains.");
    }
  }
  sink.Notice(std::string(existing->is_table ? "Table " : "Stream ") + existing->name +
              " dropped.");
}

}  // namespace riffle
