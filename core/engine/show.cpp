// SHOW STREAMS | TABLES | TOPICS [EXTENDED] | PROPERTIES | QUERIES | JOBS.
#include "catalog/secrets.h"
#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

std::vector<ResultColumn> StringColumns(const std::vector<std::string>& names) {
  std::vector<ResultColumn> cols;
  for (const auto& n : names) cols.push_back({n, Type::String()});
  return cols;
}

}  // namespace

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
                                  Value::Bool(false)};
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
                        Value::String(IsSecretProperty(name) ? "[hidden]" : value)});
      }
      sink.Table(StringColumns({"Property", "Scope", "Default", "Effective Value"}), rows);
      return;
    }
    case ShowWhat::kFunctions:
      ShowFunctions(sink);
      return;
    case ShowWhat::kQueries:
    case ShowWhat::kJobs: {
      // SHOW JOBS (riffle's) adds live counters to ksqlDB's SHOW QUERIES columns.
      bool jobs = s.what == ShowWhat::kJobs;
      for (const JobInfo& job : catalog_->ListJobs()) {
        std::vector<Value> row = {Value::String(job.id), Value::String(job.kind),
                                  Value::String(job.state), Value::String(job.sink)};
        if (jobs) {
          auto it = jobs_.find(job.id);
          if (it != jobs_.end()) {
            const JobMetrics& m = it->second.job->metrics();
            row.push_back(Value::Int(m.records_in.load()));
            row.push_back(Value::Int(m.records_out.load()));
            row.push_back(Value::Int(m.bad_records.load()));
          } else {
            row.insert(row.end(), 3, Value());
          }
        }
        row.push_back(Value::String(RedactSql(job.sql)));
        rows.push_back(std::move(row));
      }
      std::vector<ResultColumn> cols = StringColumns({"Query ID", "Query Type", "Status", "Sink Name"});
      if (jobs) {
        cols.push_back({"Records In", Type::Bigint()});
        cols.push_back({"Records Out", Type::Bigint()});
        cols.push_back({"Bad Records", Type::Bigint()});
      }
      cols.push_back({"Query String", Type::String()});
      sink.Table(cols, rows);
      return;
    }
    case ShowWhat::kTypes:
      sink.Table(StringColumns({"Type Name", "Schema"}), rows);
      return;
    case ShowWhat::kVariables:
      sink.Table(StringColumns({"Variable Name", "Value"}), rows);
      return;
  }
}

}  // namespace riffle
