// What SHOW JOBS, SHOW QUERIES EXTENDED and EXPLAIN <job> report about a job: its sources,
// uptime, counters, input rate and consumer lag, read live while the job runs.
#include <chrono>

#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/sql/parser.h"
#include "core/types/datetime.h"

namespace riffle {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::vector<std::string> JobSourceNames(const JobInfo& info) {
  std::vector<std::string> names;
  try {
    Statement stmt = ParseStatement(info.sql);
    const Query* query = nullptr;
    if (auto* c = std::get_if<CreateSourceStmt>(&stmt.body)) query = c->as_query.get();
    if (auto* i = std::get_if<InsertSelectStmt>(&stmt.body)) query = i->query.get();
    if (query == nullptr) return names;
    names.push_back(AsciiUpper(query->from.source));
    for (const Join& join : query->joins) names.push_back(AsciiUpper(join.right.source));
  } catch (const std::exception&) {
    // A job's SQL parsed when it was created; a newer riffle may read it differently. It then
    // reports no sources rather than failing SHOW.
  }
  return names;
}

std::string FormatUptime(int64_t ms) {
  int64_t s = ms / 1000;
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm %02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  }
  return buf;
}

std::string DescribeOutage(const ReachabilityStatus& status, int64_t now_ms) {
  std::string text = "cannot reach Kafka since " + FormatTimestampIso(status.since_ms) +
                     " UTC (" + FormatUptime(std::max<int64_t>(0, now_ms - status.since_ms)) +
                     ")";
  if (!status.error.empty()) text += ": " + status.error;
  return text;
}

int64_t RecordsBehind(const std::vector<kafka::PartitionWatermarks>& marks,
                      const std::map<int32_t, int64_t>& positions) {
  int64_t behind = 0;
  for (const auto& w : marks) {
    auto p = positions.find(w.partition);
    int64_t pos = p == positions.end() ? w.low : std::max(p->second, w.low);
    behind += std::max<int64_t>(0, w.high - pos);
  }
  return behind;
}

JobStatus EngineImpl::StatusOf(const JobInfo& info) const {
  JobStatus status;
  status.id = info.id;
  status.kind = info.kind;
  status.sink = info.sink;
  status.sources = JobSourceNames(info);
  status.state = info.state;
  status.error = info.error;
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  auto it = jobs_.find(info.id);
  if (it == jobs_.end()) return status;
  const Job& job = *it->second.job;
  const JobMetrics& m = job.metrics();
  status.running = true;
  // A job that failed since the catalog was read says so at once.
  if (job.state() == JobState::kFailed) {
    status.state = "FAILED";
    status.error = job.error();
  }
  status.uptime_ms = std::max<int64_t>(0, NowMs() - m.started_at_ms.load());
  status.records_in = m.records_in.load();
  status.records_out = m.records_out.load();
  status.bad_records = m.bad_records.load();
  status.skipped_offsets = m.skipped_offsets.load();
  status.rate = status.state == "RUNNING" ? m.input_rate.load() : 0.0;
  if (int64_t w = m.watermark_ms.load(); w != JobMetrics::kNoWatermark) status.watermark_ms = w;
  const QueryPlan& plan = it->second.body->plan();
  // Where an operator judges lateness (a window, a stream-stream join), its stream time is the
  // watermark: records a WHERE drops before it move the source's time but not the window's.
  int64_t judged = Operator::kNoStreamTime;
  auto add_operator = [&](const Operator& op) {
    status.state_bytes += op.StateBytes();
    status.late_records += op.late_dropped.load();
    judged = std::max(judged, op.StreamTimeMs());
  };
  for (const auto& j : plan.joins) add_operator(*j);
  for (const auto& op : plan.operators) add_operator(*op);
  if (judged != Operator::kNoStreamTime) status.watermark_ms = judged;
  status.broker = it->second.body->Reachability();
  if (!status.broker.reachable) {
    if (status.state == "RUNNING") {
      status.state = "UNREACHABLE";
      status.error = DescribeOutage(status.broker, NowMs());
    }
    // Asking the cluster for the lag would only wait for it: unknown, shown as NULL.
    return status;
  }
  std::map<int32_t, int64_t> positions = it->second.body->Positions();
  try {
    status.lag = RecordsBehind(SourceWatermarks(it->second.body->source_topic()), positions);
  } catch (const std::exception&) {
    status.lag.reset();  // the broker could not say; shown as NULL
  }
  return status;
}

std::vector<JobStatus> EngineImpl::JobStatuses() {
  std::vector<JobStatus> out;
  for (const JobInfo& info : catalog_->ListJobs()) out.push_back(StatusOf(info));
  return out;
}

std::vector<std::string> EngineImpl::ReadersOf(const std::string& source_name) const {
  std::vector<std::string> ids;
  for (const JobInfo& info : catalog_->ListJobs()) {
    if (info.state == "TERMINATED") continue;
    for (const std::string& s : JobSourceNames(info)) {
      if (s == AsciiUpper(source_name)) {
        ids.push_back(info.id);
        break;
      }
    }
  }
  return ids;
}

}  // namespace riffle
