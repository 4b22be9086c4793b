// The shell's `.timeline <job>`: a running job's windows, read from its windowed aggregation
// while the job goes on (AggregateOperator::Timeline takes the operator's state lock).
#include "core/engine/engine_impl.h"
#include "core/exec/aggregate_operator.h"

namespace riffle {

WindowTimeline EngineImpl::JobTimeline(const std::string& job_id, size_t max_windows) {
  auto info = catalog_->GetJob(job_id);
  if (!info) {
    std::vector<std::string> known;
    for (const JobInfo& j : catalog_->ListJobs()) known.push_back(j.id);
    std::string hint = ClosestMatch(job_id, known);
    ThrowBind({}, "Unknown queryId: " + job_id,
              hint.empty() ? "SHOW JOBS lists them" : "did you mean " + hint + "?");
  }
  // jobs_mu_ keeps the job and its plan alive while the snapshot is taken.
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  auto it = jobs_.find(info->id);
  if (it == jobs_.end()) {
    if (!RunsJobs()) {
      ThrowRuntime("job " + info->id +
                   " runs in the riffle process that owns this catalog: use .timeline there");
    }
    ThrowRuntime("job " + info->id + " is " + info->state + ": it holds no windows");
  }
  for (const auto& op : it->second.body->plan().operators) {
    if (const auto* aggregate = dynamic_cast<const AggregateOperator*>(op.get())) {
      if (auto timeline = aggregate->Timeline(max_windows)) return std::move(*timeline);
    }
  }
  ThrowBind({}, "job " + info->id + " has no windowed aggregation",
            "a timeline shows the windows of a query with WINDOW TUMBLING, HOPPING or SESSION");
}

}  // namespace riffle
