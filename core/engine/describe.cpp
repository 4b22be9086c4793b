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
  if (partitions) {
    for (const auto& w : admin_->GetWatermarks(src.topic)) records += w.high - w.low;
  }
  add("Records in topic", std::to_string(records));
  add("Key format", src.key_format);
  add("Value format", src.value_format);
  add("Timestamp field", src.timestamp_column.empty() ? "Not set - using <ROWTIME>"
                                                      : src.timestamp_column);
  if (!src.timestamp_format.empty()) add("Timestamp format", src.timestamp_format);
  for (const auto& [k, v] : RedactProperties(src.properties)) add("WITH " + k, v);
  add("Statement", RedactSql(src.sql));
  sink.Table({{"Property", Type::String()}, {"Value", Type::String()}}, info);
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
