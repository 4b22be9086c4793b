// SHOW STREAMS | TABLES | TOPICS [EXTENDED] | PROPERTIES | QUERIES | JOBS.
#include "core/common/secrets.h"
#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

std::vector<ResultColumn> StringColumns(const std::vector<std::string>& names) {
  std::vector<ResultColumn> cols;
  for (const auto& n : names) cols.push_back({n, Type::String()});
  return cols;
}

Value RateValue(double rate) {
  // One decimal is plenty for a rate, and keeps SHOW JOBS narrow.
  return Value::Double(static_cast<double>(static_cast<int64_t>(rate * 10 + 0.5)) / 10);
}

// A windowed table's key carries its window: a windowed aggregation's sink, or a table declared
// with WINDOW_TYPE (property names are stored upper-cased).
bool IsWindowed(const SourceInfo& source) { return source.properties.count("WINDOW_TYPE") > 0; }

}  // namespace

// SHOW QUERIES: ksqlDB's columns. SHOW JOBS (riffle's) and SHOW QUERIES EXTENDED add what each
// job reads, how long it has run and its live counters, read while the jobs run (Skipped: source
// offsets never read because they were deleted, or the topic re-created, before the job got
// there).
void EngineImpl::ShowJobs(bool extended, ResultSink& sink) {
  std::vector<std::vector<Value>> rows;
  for (const JobInfo& job : catalog_->ListJobs()) {
    JobStatus status = StatusOf(job);
    std::vector<Value> row = {Value::String(job.id), Value::String(job.kind),
                              Value::String(status.state)};
    if (extended) {
      std::string sources;
      for (const auto& name : status.sources) sources += (sources.empty() ? "" : ", ") + name;
      row.push_back(Value::String(sources));
    }
    row.push_back(Value::String(job.sink));
    if (extended) {
      if (status.running) {
        row.push_back(Value::String(FormatUptime(status.uptime_ms)));
        row.push_back(Value::Int(status.records_in));
        row.push_back(Value::Int(status.records_out));
        row.push_back(RateValue(status.rate));
        row.push_back(status.lag ? Value::Int(*status.lag) : Value());
        row.push_back(Value::Int(status.bad_records));
        row.push_back(Value::Int(status.skipped_offsets));
      } else {
        row.insert(row.end(), 7, Value());
      }
      row.push_back(Value::String(status.error));
    }
    row.push_back(Value::String(RedactSql(job.sql)));
    rows.push_back(std::move(row));
  }
  std::vector<ResultColumn> cols = StringColumns({"Query ID", "Query Type", "Status"});
  if (extended) cols.push_back({"Sources", Type::String()});
  cols.push_back({"Sink Name", Type::String()});
  if (extended) {
    cols.push_back({"Uptime", Type::String()});
    cols.push_back({"Records In", Type::Bigint()});
    cols.push_back({"Records Out", Type::Bigint()});
    cols.push_back({"Rate (rec/s)", Type::Double()});
    cols.push_back({"Lag", Type::Bigint()});
    cols.push_back({"Bad Records", Type::Bigint()});
    cols.push_back({"Skipped", Type::Bigint()});
    cols.push_back({"Error", Type::String()});
  }
  cols.push_back({"Query String", Type::String()});
  sink.Table(cols, rows);
}

void EngineImpl::Show(const ShowStmt& s, ResultSink& sink) {
  std::vector<std::vector<Value>> rows;
  switch (s.what) {
    case ShowWhat::kStreams:
    case ShowWhat::kTables: {
      bool tables = s.what == ShowWhat::kTables;
      for (const SourceInfo& src : catalog_->ListSources()) {
        if (src.is_table != tables) continue;
        std::vector<Value> row = {Value::String(src.name), Value::String(src.topic),
                                  Value::String(src.key_format), Value::String(src.value_format),
                                  Value::Bool(IsWindowed(src))};
        if (s.extended) {
          row.push_back(Value::String(src.schema.ToString(src.is_table)));
          row.push_back(Value::String(RedactSql(src.sql)));
        }
        rows.push_back(std::move(row));
      }
      std::vector<ResultColumn> cols = {{tables ? "Table Name" : "Stream Name", Type::String()},
                                        {"Kafka Topic", Type::String()},
                                        {"Key Format", Type::String()},
                                        {"Value Format", Type::String()},
                                        {"Windowed", Type::Boolean()}};
      if (s.extended) {
        cols.push_back({"Schema", Type::String()});
        cols.push_back({"Statement", Type::String()});
      }
      sink.Table(cols, rows);
      return;
    }
    case ShowWhat::kTopics: {
      for (const kafka::TopicInfo& t : admin_->ListTopics(s.all_topics)) {
        std::vector<Value> row = {Value::String(t.name), Value::Int(t.partitions),
                                  Value::Int(t.replicas)};
        if (s.extended) {
          int64_t records = 0;
          for (const auto& w : admin_->GetWatermarks(t.name)) records += w.high - w.low;
          row.push_back(Value::Int(records));
        }
        rows.push_back(std::move(row));
      }
      std::vector<ResultColumn> cols = {{"Kafka Topic", Type::String()},
                                        {"Partitions", Type::Int()},
                                        {"Partition Replicas", Type::Int()}};
      if (s.extended) cols.push_back({"Records", Type::Bigint()});
      sink.Table(cols, rows);
      return;
    }
    case ShowWhat::kProperties: {
      for (const auto& [name, def] : DefaultProperties()) {
        bool set = session_properties_.count(name) > 0;
        rows.push_back({Value::String(name), Value::String(set ? "SESSION" : ""),
                        Value::String(def), Value::String(Property(name))});
      }
      for (const auto& [name, value] : session_properties_) {
        if (DefaultProperties().count(name)) continue;
        rows.push_back({Value::String(name), Value::String("SESSION"), Value::String(""),
                        Value::String(IsSecretProperty(name) ? std::string(kRedacted) : value)});
      }
      sink.Table(StringColumns({"Property", "Scope", "Default", "Effective Value"}), rows);
      return;
    }
    case ShowWhat::kFunctions:
      ShowFunctions(sink);
      return;
    case ShowWhat::kQueries:
    case ShowWhat::kJobs:
      ShowJobs(s.what == ShowWhat::kJobs || s.extended, sink);
      return;
    case ShowWhat::kTypes:
      sink.Table(StringColumns({"Type Name", "Schema"}), rows);
      return;
    case ShowWhat::kVariables:
      sink.Table(StringColumns({"Variable Name", "Value"}), rows);
      return;
  }
}

}  // namespace riffle
