// SELECT: a transient query run as a job on its own thread, its rows streamed to the sink.
// With EMIT CHANGES it runs until LIMIT or Ctrl-C. Without, it is finite: it reads its sources
// from the beginning up to the end they had when it started, then stops. Over a stream that is
// ksqlDB's pull query over a stream; over a table, the table's current rows; with GROUP BY or
// aggregates, the final result per group (riffle's extension, as Flink's batch mode).
#include <mutex>

#include "connectors/broker/local_broker.h"
#include "connectors/connector/connector_registry.h"
#include "connectors/kafka/kafka_source.h"
#include "core/common/secrets.h"
#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/engine/pull_query_rules.h"
#include "core/exec/source_scan.h"
#include "core/plan/logical_plan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/finite_aggregate.h"
#include "core/runtime/job.h"
#include "core/runtime/pull_query.h"
#include "core/runtime/push_query.h"
#include "core/types/datetime.h"

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

// Marks WINDOWSTART and WINDOWEND in a windowed query's result, named so or selected under an
// alias, for the human formats to show as timestamps.
void MarkWindowBounds(const Query& q, const QueryPlan& plan, std::vector<ResultColumn>& output) {
  if (!q.window && !plan.window) return;
  auto is_bound = [](const std::string& name) {
    std::string n = AsciiUpper(name);
    return n == "WINDOWSTART" || n == "WINDOWEND";
  };
  bool star = false;
  for (const SelectItem& item : q.select) star = star || item.expr->kind == ExprKind::kStar;
  for (size_t i = 0; i < output.size(); ++i) {
    bool bound = is_bound(output[i].name);
    if (!star && i < q.select.size() && q.select.size() == output.size()) {
      const Expr& e = *q.select[i].expr;
      bound = bound || (e.kind == ExprKind::kColumnRef && is_bound(e.name));
    }
    output[i].window_bound =
        bound && output[i].type != nullptr && output[i].type->kind == TypeKind::kBigint;
  }
}

// The windowed aggregation of a running push query, for its window timeline
// (ResultSink::SetWindowTimelineProvider); once the query has ended, the windows it had then.
struct TimelineTap {
  static constexpr size_t kFinalWindows = 500;
  std::mutex mu;
  const AggregateOperator* aggregate = nullptr;  // guarded by mu; null once ended
  std::optional<WindowTimeline> final;           // guarded by mu

  std::optional<WindowTimeline> Get(size_t max_windows) {
    std::lock_guard lock(mu);
    return aggregate != nullptr ? aggregate->Timeline(max_windows) : final;
  }
  // The query ended: its last windows are kept (one pass over them, once per query).
  void Close() {
    std::lock_guard lock(mu);
    if (aggregate != nullptr) final = aggregate->Timeline(kFinalWindows);
    aggregate = nullptr;
  }
};

// "; stream time ORDERS 2026-12-07T10:00:05.000, CLICKS none yet" for the end-of-query notice.
std::string StreamTimeSummary(const StreamTimeStatus& status) {
  std::string text;
  for (const SourceStreamTime& s : status.sources) {
    text += (text.empty() ? "stream time " : ", ") + s.source + " " +
            (s.stream_time_ms ? FormatTimestampIso(*s.stream_time_ms) : "none yet");
  }
  return text;
}

}  // namespace

void EngineImpl::RunSelect(const SelectStmt& s, ResultSink& sink) {
  const Query& q = *s.query;
  bool push = q.emit == EmitKind::kChanges || q.emit == EmitKind::kFinal;
  if (!push) {
    // ksqlDB's wording. GROUP BY, WINDOW and aggregates answer once (riffle's finite queries),
    // also over a join; a join alone or a repartition does not.
    bool aggregate_calls = q.having && ContainsAggregate(*q.having);
    for (const SelectItem& item : q.select) {
      aggregate_calls = aggregate_calls || (item.expr && ContainsAggregate(*item.expr));
    }
    const char* clause = !q.partition_by.empty()                   ? "PARTITION BY"
                         : !q.joins.empty() && !IsAggregation(q)   ? "JOIN"
                         : !q.group_by.empty() && !aggregate_calls ? "GROUP BY"
                         : q.window && !aggregate_calls            ? "WINDOW"
                                                                   : nullptr;
    if (clause != nullptr) {
      bool finite = std::string(clause) == "GROUP BY" || std::string(clause) == "WINDOW";
      ThrowBind(q.pos,
                std::string("Pull queries don't support ") + clause +
                    " clauses. See https://cnfl.io/queries for more info.\nAdd EMIT "
                    "CHANGES if you intended to issue a push query.",
                finite ? "riffle answers GROUP BY and WINDOW without EMIT CHANGES when the "
                         "query aggregates, e.g. SELECT k, COUNT(*) FROM s GROUP BY k;"
                       : "");
    }
  }
  const std::map<std::string, SourceInfo> topics = TopicSources(q, sink);
  PlanOptions planning = Planning(/*transient=*/true);
  planning.topics = &topics;
  planning.finite = !push;
  QueryPlan plan = PlanQuery(q, *catalog_, planning);
  if (!push && !plan.aggregates && !plan.is_join()) {
    PullQueryShape shape;
    shape.is_table = plan.source.is_table;
    shape.windowed = plan.layout.window != SourceLayout::Window::kNone;
    auto enabled = [this](const char* name) { return AsciiUpper(Property(name)) != "FALSE"; };
    shape.table_scans_enabled = enabled("ksql.query.pull.table.scan.enabled");
    shape.range_scans_enabled = enabled("ksql.query.pull.range.scan.enabled");
    shape.limit_enabled = enabled("ksql.query.pull.limit.clause.enabled");
    shape.schema = &plan.layout.schema;
    CheckPullQuery(q, shape);
  }
  MarkWindowBounds(q, plan, plan.output);
  // Without EMIT CHANGES every source is read to the end it has now: a generator needs one.
  if (!push) {
    std::vector<std::pair<const SourceInfo*, SourcePos>> inputs;
    if (plan.is_join()) {
      for (size_t i = 0; i < plan.join_inputs.size(); ++i) {
        inputs.emplace_back(&plan.join_inputs[i].source,
                            i == 0 ? q.from.pos : q.joins[i - 1].right.pos);
      }
    } else {
      inputs.emplace_back(&plan.source, q.from.pos);
    }
    for (const auto& [info, pos] : inputs) RequireEnd(*info, pos);
  }
  // Warned after the result: the state of the jobs behind the sources when the query began.
  std::vector<std::string> catching_up;
  if (!push) {
    std::vector<std::string> names{plan.source.name};
    for (size_t i = 1; i < plan.join_inputs.size(); ++i) {
      names.push_back(plan.join_inputs[i].source.name);
    }
    catching_up = CatchingUpWarnings(names);
  }
  // An aggregation without EMIT CHANGES: the final result per group (riffle's extension).
  bool finite_aggregate = !push && plan.aggregates;
  // A pull query over a table answers from the table's final state.
  bool pull_table = !push && plan.is_table && !plan.aggregates;
  std::string job_id = "transient_" + plan.source.name + "_" + std::to_string(++push_query_seq_);

  bool from_beginning = !push || Property("auto.offset.reset") == "earliest";
  if (!from_beginning) {
    // Files and generators are read from their start whatever the property says.
    bool kafka = SourceConnector(plan.source).kafka_topic;
    for (const JoinInputPlan& in : plan.join_inputs) {
      kafka = kafka || SourceConnector(in.source).kafka_topic;
    }
    if (kafka) {
      sink.Notice("Showing new records only: 'auto.offset.reset' is 'latest'. To read from the "
                  "beginning: SET 'auto.offset.reset'='earliest';");
    }
  }
  // Offsets a scan skips (deleted before this query read them, or a re-created topic): told to
  // the user once per skip, from this thread (the sink is not thread-safe).
  struct SkipWarnings {
    std::mutex mutex;
    std::vector<std::string> pending;
  };
  auto skip_warnings = std::make_shared<SkipWarnings>();
  SourceScan::SkipHandler on_skip = [skip_warnings](const std::string&, const SourceSkip& skip) {
    std::lock_guard lock(skip_warnings->mutex);
    skip_warnings->pending.push_back("skipped " + skip.message);
  };
  auto report_skips = [&] {
    std::vector<std::string> texts;
    {
      std::lock_guard lock(skip_warnings->mutex);
      texts.swap(skip_warnings->pending);
    }
    for (const std::string& t : texts) sink.Warning(t);
  };
  // A join reads every input (without EMIT CHANGES, only to aggregate it).
  std::vector<std::unique_ptr<SourceScan>> join_scans;
  for (const JoinInputPlan& in : plan.join_inputs) {
    ScanOptions in_options = ScanOptionsFor(in.source);
    in_options.from_beginning = from_beginning;
    in_options.bounded = !push;
    join_scans.push_back(OpenSourceScan(in.source, in.layout, in_options, job_id, &processing_log_));
    join_scans.back()->set_skip_handler(on_skip);
  }
  ScanOptions options = ScanOptionsFor(plan.source);
  options.from_beginning = from_beginning;
  options.bounded = !push;
  std::unique_ptr<SourceScan> scan;
  if (!plan.is_join()) {
    scan = OpenSourceScan(plan.source, plan.layout, options, job_id, &processing_log_);
    scan->set_skip_handler(on_skip);
  }
  SourceScan* scan_ptr = scan.get();
  std::vector<ResultColumn> columns = plan.output;
  // A live table sorts its rows by their key: it is told which columns that is.
  std::vector<ResultColumn> live_columns = plan.output;
  for (size_t i = 0; i < live_columns.size() && i < plan.output_roles.size(); ++i) {
    live_columns[i].key = plan.output_roles[i] == ColumnRole::kKey;
  }
  // Only a pull query over a table reports its key columns (as ksqlDB's REST header does).
  if (!pull_table) {
    for (auto& c : columns) c.key = false;
  }

  RowQueue queue;
  std::unique_ptr<JobBody> job_body;
  PushQueryBody* push_body = nullptr;  // for its positions (lag) and changelog mode
  // Rows are told apart by their key: without it in the result, no live table. (A join of
  // tables emits upserts without the rows they replace; its aggregation emits both.)
  bool keyed = false;
  for (size_t i = 0; i < plan.output.size() && i < plan.output_roles.size(); ++i) {
    keyed = keyed || plan.output_roles[i] == ColumnRole::kKey;
  }
  bool changes = push && plan.is_table && (!plan.is_join() || plan.aggregates);
  bool table_changes = changes && keyed;  // a push query on a keyed table: may show live
  bool changelog = changes && Property("riffle.changelog") == "true";
  bool show_late = push && Property("riffle.show.late") == "true";
  if (pull_table) {
    job_body = std::make_unique<PullTableBody>(std::move(plan), std::move(scan), &queue, &cancel_);
  } else if (finite_aggregate && plan.is_join()) {
    job_body = std::make_unique<FiniteAggregateBody>(std::move(plan), std::move(join_scans), &queue,
                                                     &cancel_);
  } else if (finite_aggregate) {
    job_body =
        std::make_unique<FiniteAggregateBody>(std::move(plan), std::move(scan), &queue, &cancel_);
  } else if (plan.is_join()) {
    auto body = std::make_unique<PushQueryBody>(std::move(plan), std::move(join_scans), &queue,
                                                &cancel_);
    push_body = body.get();
    job_body = std::move(body);
  } else {
    auto body =
        std::make_unique<PushQueryBody>(std::move(plan), std::move(scan), &queue, &cancel_);
    push_body = body.get();
    if (push) {
      job_body = std::move(body);
    } else {
      job_body = std::make_unique<BoundedScanBody>(std::move(body), scan_ptr);
    }
  }
  std::shared_ptr<const std::atomic<int64_t>> state_bytes;
  std::shared_ptr<const StreamTimeBoard> stream_time;
  auto timeline = std::make_shared<TimelineTap>();
  if (push_body != nullptr) {
    push_body->set_state_cap(ByteProperty(Property("riffle.state.max.bytes")));
    state_bytes = push_body->state_bytes();
    if (push) {
      stream_time = push_body->stream_time();
      sink.SetStreamTimeProvider([stream_time] { return stream_time->Get(); });
      timeline->aggregate = push_body->windowed_aggregate();
    }
  }
  if (timeline->aggregate != nullptr) {
    sink.SetWindowTimelineProvider(
        [timeline](size_t max_windows) { return timeline->Get(max_windows); });
  }
  if (push_body != nullptr) {
    // Only Kafka positions count as records: a file's are bytes, a generator has no end.
    sink.SetLagProvider([this, board = push_body->positions()]() -> std::optional<int64_t> {
      std::optional<int64_t> behind;
      for (const auto& [topic, positions] : board->Get()) {
        if (topic.empty() || !ConnectorAt(topic).kafka_topic) continue;
        try {
          behind = behind.value_or(0) + RecordsBehind(SourceWatermarks(topic), positions);
        } catch (const std::exception&) {
          return std::nullopt;  // the broker could not say
        }
      }
      return behind;
    });
  }
  // The live view needs every change with the old row, which changelog mode delivers.
  if (table_changes && sink.BeginLiveTable(live_columns)) {
    push_body->set_changelog(true);
  } else {
    if (changelog) {
      push_body->set_changelog(true);
      columns.insert(columns.begin(), ResultColumn{"OP", Type::String()});
    }
    // Late records as rows: the live view does not show them (its status line counts them).
    if (show_late && push_body != nullptr && push_body->set_show_late(true)) {
      columns.push_back(ResultColumn{"LATE", Type::String()});
    }
    sink.BeginRowsOf(push ? ResultSink::RowsKind::kPush : ResultSink::RowsKind::kPull, columns);
  }
  Job job(job_id, std::move(job_body));
  // Destroyed before the job (and the aggregation in its plan): the provider then gives the
  // windows the query ended with.
  struct CloseTap {
    TimelineTap& tap;
    ~CloseTap() { tap.Close(); }
  } close_tap{*timeline};
  job.Start();

  RowBatch rows;
  bool cancelled = false;
  // Records that moved stream time far ahead, told at the prompt as they come (the latest).
  int64_t jumps_told = 0;
  auto report_jumps = [&] {
    int64_t jumps = job.metrics().stream_time_jumps.load();
    if (jumps == jumps_told || push_body == nullptr) return;
    jumps_told = jumps;
    sink.Warning(push_body->last_stream_time_jump());
  };
  // Stream rows that found a joined table empty for being older than its first row: told once
  // as it happens (an INNER join shows nothing meanwhile), and the total at the end.
  int64_t early_told = 0;
  auto report_early = [&] {
    if (early_told > 0 || push_body == nullptr) return;
    early_told = job.metrics().rows_before_table.load();
    if (early_told > 0) sink.Warning(push_body->early_rows_message());
  };
  while (true) {
    rows.clear();
    bool open = queue.PopAll(rows, 100);
    report_skips();
    report_early();
    report_jumps();
    if (!rows.empty()) sink.Rows(rows);
    if (!open) break;
    sink.FlushRows();
    if (cancel_ && !cancelled) {
      cancelled = true;
      job.Cancel();
    }
  }
  job.Join();
  report_skips();
  report_jumps();
  if (early_told == 0) {
    report_early();
  } else if (int64_t early = job.metrics().rows_before_table.load(); early > early_told) {
    sink.Warning(std::to_string(early) + " rows in all found a joined table empty for coming "
                 "before its first row in event time.");
  }
  int64_t bad = job.metrics().bad_records.load();
  if (bad > 0) {
    auto recent = processing_log_.Recent(job_id);
    sink.Warning(std::to_string(bad) + " record(s) could not be decoded and were skipped" +
                 (recent.empty() ? std::string(".") : "; last error: " + recent.back().message));
  }
  // A stateful query (aggregation, join) tells how much state it held at the end, after the
  // rows (the footer itself stays ksqlDB's: REST clients match it).
  auto tell_state = [&] {
    if (int64_t bytes = state_bytes ? state_bytes->load() : 0; bytes > 0) {
      sink.Notice("The query held " + broker::HumanBytes(bytes) + " of state (" +
                  std::to_string(bytes) + " bytes).");
    }
    // Late records were dropped silently while the rows streamed: say so, with the stream
    // time that made them late.
    StreamTimeStatus time = stream_time ? stream_time->Get() : StreamTimeStatus{};
    if (time.late_dropped > 0) {
      sink.Notice(std::to_string(time.late_dropped) + " late record" +
                  (time.late_dropped == 1 ? " was" : "s were") + " dropped; " +
                  StreamTimeSummary(time) + ".");
    }
  };
  switch (job.state()) {
    case JobState::kFailed:
      sink.EndRows("Query failed");
      tell_state();
      ThrowRuntime("query failed: " + job.error());
    case JobState::kFinished:
      sink.EndRows(push ? "Limit Reached" : "Query Completed");
      break;
    default:
      sink.EndRows("Query terminated");
      break;
  }
  tell_state();
  for (const std::string& w : catching_up) sink.Warning(w);
}

void EngineImpl::RequireEnd(const SourceInfo& info, SourcePos pos) const {
  const Connector& connector = SourceConnector(info);
  if (!connector.endless || !connector.endless(info.properties)) return;
  ThrowBind(pos,
            AsciiUpper(info.name) +
                " generates records without end (CONNECTOR='datagen' without "
                "COUNT), and a query without EMIT CHANGES reads its sources to their end.",
            "add EMIT CHANGES to watch it, or read a stream created WITH (..., COUNT=n)");
}

void EngineImpl::Explain(const ExplainStmt& s, ResultSink& sink) {
  if (!s.query) {
    ExplainJob(s.job_id, sink);
    return;
  }
  const std::map<std::string, SourceInfo> topics = TopicSources(*s.query, sink);
  // Without EMIT CHANGES the query is finite, as SELECT would run it.
  PlanOptions planning = Planning();
  planning.topics = &topics;
  planning.finite = s.query->emit == EmitKind::kNone;
  QueryPlan plan = PlanQuery(*s.query, *catalog_, planning);
  std::vector<std::vector<Value>> logical;
  // Plans render the query's expressions: a literal given to a secret-named column is masked as
  // in the statement text (core/common/secrets.h).
  for (const std::string& line : LogicalPlan(*s.query)) {
    logical.push_back({Value::String(RedactSql(line))});
  }
  sink.Table({{"Logical Plan", Type::String()}}, logical);
  std::vector<std::vector<Value>> rows;
  int step = 0;
  for (const std::string& line : plan.Describe()) {
    rows.push_back({Value::Int(step++), Value::String(RedactSql(line))});
  }
  sink.Table({{"Step", Type::Int()}, {"Physical Operator", Type::String()}}, rows);
  std::string schema;
  for (const auto& c : plan.output) {
    schema += (schema.empty() ? "" : ", ") + c.name + " " + c.type->ToSqlString();
  }
  sink.Notice("Output: " + schema);
}

// EXPLAIN <job>: the job's plan with live per-operator counters, read without stopping it.
void EngineImpl::ExplainJob(const std::string& id, ResultSink& sink) {
  auto info = catalog_->GetJob(id);
  if (!info) {
    std::vector<std::string> known;
    for (const JobInfo& j : catalog_->ListJobs()) known.push_back(j.id);
    std::string hint = ClosestMatch(id, known);
    ThrowBind({}, "Unknown queryId: " + id,
              hint.empty() ? "SHOW JOBS lists them" : "did you mean " + hint + "?");
  }
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  auto it = jobs_.find(info->id);
  // The live state: FAILED as soon as the job fails, UNREACHABLE with since when and why while
  // it cannot reach its cluster.
  JobStatus status = StatusOf(*info);
  sink.Notice("Job " + info->id + " (" + info->kind + ") writing " + info->sink + ": " +
              status.state + (status.error.empty() ? "" : " - " + status.error) + "\n" +
              RedactSql(info->sql));
  if (it == jobs_.end()) return;
  const Job& job = *it->second.job;
  const JobMetrics& m = job.metrics();
  const QueryPlan& plan = it->second.body->plan();
  std::map<std::string, int64_t> skipped;
  std::string last_skip;
  {
    std::lock_guard lock(it->second.skips->mutex);
    skipped = it->second.skips->by_source;
    last_skip = it->second.skips->last;
  }
  // "Source ORDERS (topic orders)", with what it skipped when it did.
  auto source_line = [&](const SourceInfo& in) {
    std::string line = "Source " + in.name + " (topic " + in.topic;
    if (auto s = skipped.find(in.topic); s != skipped.end() && s->second > 0) {
      line += "; " + kafka::FormatCount(s->second) + " offset" + (s->second == 1 ? "" : "s") +
              " skipped";
    }
    return Value::String(line + ")");
  };
  std::vector<std::vector<Value>> rows;
  auto ms = [](int64_t nanos) { return Value::Double(static_cast<double>(nanos / 1000) / 1000); };
  rows.push_back({source_line(plan.source), Value(), Value::Int(m.records_in.load()), Value(),
                  Value(), Value()});
  int64_t state_bytes = 0;
  // A join's other inputs, then its joins, run before the operators.
  std::vector<const Operator*> ops;
  for (size_t i = 1; i < plan.join_inputs.size(); ++i) {
    const SourceInfo& in = plan.join_inputs[i].source;
    rows.push_back({source_line(in), Value(), Value(), Value(), Value(), Value()});
  }
  for (const auto& j : plan.joins) ops.push_back(j.get());
  for (const auto& op : plan.operators) ops.push_back(op.get());
  for (const Operator* op : ops) {
    state_bytes += op->StateBytes();
    int64_t late = op->late_dropped.load();
    rows.push_back({Value::String(RedactSql(op->Describe())), Value::Int(op->rows_in.load()),
                    Value::Int(op->rows_out.load()), ms(op->nanos.load()),
                    Value::Int(op->StateBytes()), late > 0 ? Value::Int(late) : Value()});
  }
  rows.push_back({Value::String("Sink " + info->sink), Value(), Value::Int(m.records_out.load()),
                  Value(), Value(), Value()});
  sink.Table({{"Operator", Type::String()}, {"Rows In", Type::Bigint()},
              {"Rows Out", Type::Bigint()}, {"Time (ms)", Type::Double()},
              {"State (bytes)", Type::Bigint()}, {"Late Dropped", Type::Bigint()}},
             rows);
  std::string summary = "Uptime " + FormatUptime(status.uptime_ms) + ", " +
                        std::to_string(static_cast<int64_t>(status.rate)) + " records/s, state " +
                        std::to_string(state_bytes) + " bytes, watermark ";
  summary += status.watermark_ms ? FormatTimestampIso(*status.watermark_ms)
                                 : std::string("none (no record yet)");
  // What checkpoints cost: they write only the state that changed since the previous one.
  CheckpointStats cp = it->second.body->checkpoint_stats();
  summary += ", " + std::to_string(cp.count) + " checkpoint" + (cp.count == 1 ? "" : "s");
  if (cp.count > 0) {
    summary += " (last wrote " + std::to_string(cp.last_entries) + " state entr" +
               (cp.last_entries == 1 ? "y" : "ies") + ", " + std::to_string(cp.last_bytes) +
               " bytes; " + broker::HumanBytes(cp.total_bytes) + " in all)";
  }
  sink.Notice(summary);
  std::vector<std::vector<Value>> offsets;
  std::map<int32_t, int64_t> positions = it->second.body->Positions();
  if (status.broker.reachable) {
    for (const auto& w : SourceWatermarks(it->second.body->source_topic())) {
      int64_t pos = positions.count(w.partition) ? positions[w.partition] : 0;
      offsets.push_back({Value::Int(w.partition), Value::Int(pos), Value::Int(w.high),
                         Value::Int(std::max<int64_t>(0, w.high - pos))});
    }
  } else {
    // Asking an unreachable cluster for its end offsets would only wait: unknown (NULL).
    for (const auto& [partition, pos] : positions) {
      offsets.push_back({Value::Int(partition), Value::Int(pos), Value(), Value()});
    }
  }
  sink.Table({{"Partition", Type::Int()}, {"Next Offset", Type::Bigint()},
              {"End Offset", Type::Bigint()}, {"Lag", Type::Bigint()}},
             offsets);
  if (int64_t early = m.rows_before_table.load(); early > 0) {
    std::string first;
    for (const ProcessingLogEntry& e : processing_log_.Recent(info->id)) {
      if (e.type == ProcessingErrorType::kRowBeforeTable) first = e.message;
    }
    sink.Warning(first.empty() ? std::to_string(early) +
                                     " stream row(s) came before a joined table's first row "
                                     "in event time and found it empty."
                               : first + " So far: " + std::to_string(early) + ".");
  }
  if (int64_t jumps = m.stream_time_jumps.load(); jumps > 0) {
    std::string last;
    for (const ProcessingLogEntry& e : processing_log_.Recent(info->id)) {
      if (e.type != ProcessingErrorType::kStreamTimeJump) continue;
      last = "; the last at partition " + std::to_string(e.partition) + ", offset " +
             std::to_string(e.offset) + ": " + e.message;
    }
    sink.Warning(std::to_string(jumps) + " record(s) moved stream time more than 1 hour ahead at "
                 "once" + last + ".");
  }
  if (m.bad_records.load() > 0) {
    auto recent = processing_log_.Recent(info->id);
    sink.Warning(std::to_string(m.bad_records.load()) + " bad record(s)" +
                 (recent.empty() ? std::string() : "; last: " + recent.back().message));
  }
  if (int64_t n = m.skipped_offsets.load(); n > 0) {
    sink.Warning(kafka::FormatCount(n) + " source offset" + (n == 1 ? "" : "s") +
                 " skipped (never read); last: " + last_skip);
  }
}

}  // namespace riffle
