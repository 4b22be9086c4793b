// SELECT: a transient query run as a job on its own thread, its rows streamed to the sink.
// With EMIT CHANGES it runs until LIMIT or Ctrl-C; without, it reads the stream from the
// beginning up to its current end and stops (ksqlDB's pull query over a stream).
#include "core/engine/engine_impl.h"
#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/push_query.h"

namespace riffle {

namespace {

// Stops a bounded scan once every partition is read to the end it had when the query started.
class BoundedScanBody : public JobBody {
 public:
  BoundedScanBody(std::unique_ptr<PushQueryBody> inner, SourceScan* scan)
      : inner_(std::move(inner)), scan_(scan) {}
  bool Step(JobMetrics& metrics) override {
    int64_t before = metrics.records_in.load();
    if (!inner_->Step(metrics)) return false;
    if (metrics.records_in.load() == before && scan_->AtEnd()) return false;
    return true;
  }
  void Close() override { inner_->Close(); }

 private:
  std::unique_ptr<PushQueryBody> inner_;
  SourceScan* scan_;
};

}  // namespace

void EngineImpl::RunSelect(const SelectStmt& s, ResultSink& sink) {
  const Query& q = *s.query;
  QueryPlan plan = PlanQuery(q, *catalog_);
  bool push = q.emit == EmitKind::kChanges || q.emit == EmitKind::kFinal;
  if (!push && plan.is_table) {
    ThrowBind(q.from.pos, "Pull queries on tables are not supported yet.",
              "add EMIT CHANGES to follow the table's changes");
  }
  std::string job_id = "transient_" + plan.source.name + "_" + std::to_string(++push_query_seq_);

  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = bootstrap_;
  options.topic = plan.source.topic;
  options.reset = (!push || Property("auto.offset.reset") == "earliest")
                      ? kafka::OffsetReset::kEarliest
                      : kafka::OffsetReset::kLatest;
  auto scan = std::make_unique<SourceScan>(plan.layout, options, job_id, &processing_log_);
  SourceScan* scan_ptr = scan.get();
  std::vector<ResultColumn> columns = plan.output;

  RowQueue queue;
  auto body = std::make_unique<PushQueryBody>(std::move(plan), std::move(scan), &queue, &cancel_);
  std::unique_ptr<JobBody> job_body;
  if (push) {
    job_body = std::move(body);
  } else {
    job_body = std::make_unique<BoundedScanBody>(std::move(body), scan_ptr);
  }
  Job job(job_id, std::move(job_body));
  sink.BeginRows(columns);
  job.Start();

  std::vector<std::vector<Value>> rows;
  bool cancelled = false;
  while (true) {
    rows.clear();
    bool open = queue.PopAll(rows, 100);
    for (const auto& row : rows) sink.Row(row);
    if (!open) break;
    if (cancel_ && !cancelled) {
      cancelled = true;
      job.Cancel();
    }
  }
  job.Join();
  int64_t bad = job.metrics().bad_records.load();
  if (bad > 0) {
    auto recent = processing_log_.Recent(job_id);
    sink.Warning(std::to_string(bad) + " record(s) could not be decoded and were skipped" +
                 (recent.empty() ? std::string(".") : "; last error: " + recent.back().message));
  }
  switch (job.state()) {
    case JobState::kFailed:
      sink.EndRows("Query failed");
      ThrowRuntime("query failed: " + job.error());
    case JobState::kFinished:
      sink.EndRows(push ? "Limit Reached" : "Query Completed");
      break;
    default:
      sink.EndRows("Query terminated");
      break;
  }
}

void EngineImpl::Explain(const ExplainStmt& s, ResultSink& sink) {
  if (!s.query) {
    ThrowBind({}, "No job with id " + s.job_id + ".",
              "EXPLAIN a query text instead, e.g. EXPLAIN SELECT * FROM s EMIT CHANGES;");
  }
  QueryPlan plan = PlanQuery(*s.query, *catalog_);
  std::vector<std::vector<Value>> rows;
  int step = 0;
  for (const std::string& line : plan.Describe()) {
    rows.push_back({Value::Int(step++), Value::String(line)});
  }
  sink.Table({{"Step", Type::Int()}, {"Operator", Type::String()}}, rows);
  std::string schema;
  for (const auto& c : plan.output) {
    schema += (schema.empty() ? "" : ", ") + c.name + " " + c.type->ToSqlString();
  }
  sink.Notice("Output: " + schema);
}

}  // namespace riffle
