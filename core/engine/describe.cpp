// DESCRIBE name [EXTENDED], DESCRIBE STREAMS|TABLES [EXTENDED].
#include "core/common/secrets.h"
#include "core/engine/engine_impl.h"
#include "core/plan/query_plan.h"

namespace riffle {

namespace {

std::string ColumnTypeText(const ColumnDef& c, bool is_table) {
  std::string t = c.type->ToSqlString();
  if (c.role == ColumnRole::kKey) t += is_table ? "  (primary key)" : "  (key)";
  if (c.role == ColumnRole::kHeader) {
    t += c.header_key.empty() ? "  (headers)" : "  (header('" + c.header_key + "'))";
  }
  return t;
}

}  // namespace

void EngineImpl::DescribeSource(const SourceInfo& src, bool extended, ResultSink& sink) {
  sink.Notice(std::string("Name                 : ") + src.name + "\n" +
              "Type                 : " + (src.is_table ? "TABLE" : "STREAM"));
  std::vector<std::vector<Value>> rows;
  for (const ColumnDef& c : src.schema.columns()) {
    rows.push_back({Value::String(c.name), Value::String(ColumnTypeText(c, src.is_table))});
  }
  sink.Table({{"Field", Type::String()}, {"Type", Type::String()}}, rows);
  if (!extended) return;
  std::vector<std::vector<Value>> info;
  auto add = [&](const std::string& k, const std::string& v) {
    info.push_back({Value::String(k), Value::String(v)});
  };
  add("Kafka topic", src.topic);
  auto partitions = admin_->PartitionCount(src.topic);
  add("Partitions", partitions ? std::to_string(*partitions) : "(topic missing)");
  int64_t records = 0;
  std::string per_partition;
  if (partitions) {
    for (const auto& w : admin_->GetWatermarks(src.topic)) {
      records += w.high - w.low;
      per_partition += (per_partition.empty() ? "" : ", ") + std::to_string(w.partition) + ": " +
                       std::to_string(w.high - w.low);
    }
  }
  add("Records in topic", std::to_string(records));
  if (!per_partition.empty()) add("Records per partition", per_partition);
  add("Key format", src.key_format);
  add("Value format", src.value_format);
  add("Timestamp field", src.timestamp_column.empty() ? "Not set - using <ROWTIME>"
                                                      : src.timestamp_column);
  if (!src.timestamp_format.empty()) add("Timestamp format", src.timestamp_format);
  for (const auto& [k, v] : RedactProperties(src.properties)) add("WITH " + k, v);
  add("Statement", RedactSql(src.sql));
  sink.Table({{"Property", Type::String()}, {"Value", Type::String()}}, info);

  // As ksqlDB's "Queries that read from / write into this source": the jobs, with their state.
  std::vector<std::vector<Value>> jobs;
  auto add_jobs = [&](const std::vector<std::string>& ids, const char* role) {
    for (const std::string& id : ids) {
      std::optional<JobInfo> job = catalog_->GetJob(id);
      if (!job) continue;  // terminated meanwhile
      jobs.push_back({Value::String(job->id), Value::String(role),
                      Value::String(StatusOf(*job).state), Value::String(RedactSql(job->sql))});
    }
  };
  add_jobs(ReadersOf(src.name), "reads");
  add_jobs(WritersOf(src.name), "writes");
  if (jobs.empty()) {
    sink.Notice(std::string("No job reads or writes this ") + (src.is_table ? "table." : "stream."));
    return;
  }
  sink.Table({{"Job", Type::String()},
              {"Role", Type::String()},
              {"State", Type::String()},
              {"Statement", Type::String()}},
             jobs);
}

void EngineImpl::Describe(const DescribeStmt& s, ResultSink& sink) {
  if (s.is_topic) {
    DescribeTopic(s, sink);
    return;
  }
  if (s.is_function) {
    DescribeFunction(s, sink);
    return;
  }
  if (s.all_streams || s.all_tables) {
    for (const SourceInfo& src : catalog_->ListSources()) {
      if (src.is_table ? s.all_tables : s.all_streams) DescribeSource(src, s.extended, sink);
    }
    return;
  }
  DescribeSource(RequireSource(*catalog_, s.name, s.name_pos), s.extended, sink);
}

}  // namespace riffle
