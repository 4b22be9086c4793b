// A query without EMIT CHANGES answers from what its sources hold now. When one of them is
// written by a persistent job of this process that has not read its own inputs to their end
// (catching up after a start, or paused, or failed), the answer may be partial: say so.
#include "connectors/connector/connector_registry.h"
#include "connectors/kafka/kafka_source.h"
#include "core/common/text.h"
#include "core/engine/engine_impl.h"

namespace riffle {

std::vector<std::string> EngineImpl::CatchingUpWarnings(
    const std::vector<std::string>& source_names) const {
  std::vector<std::string> warnings;
  std::vector<JobInfo> jobs = catalog_->ListJobs();
  for (const std::string& name : source_names) {
    for (const JobInfo& info : jobs) {
      if (AsciiUpper(info.sink) != AsciiUpper(name) || info.state == "TERMINATED") continue;
      std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
      auto it = jobs_.find(info.id);
      if (it == jobs_.end()) continue;  // run by another process, or not at all
      JobState state = it->second.job->state();
      std::string error = it->second.job->error();
      // Counted in records: Kafka topics and generators with COUNT (a file's positions are
      // bytes; a generator without COUNT has no end to be behind).
      int64_t behind = 0;
      try {
        for (const auto& [topic, positions] : it->second.body->AllPositions()) {
          if (topic.empty() || !ConnectorAt(topic).record_positions) continue;
          behind += RecordsBehind(JobInputWatermarks(it->second.body->plan(), topic), positions);
        }
      } catch (const std::exception&) {
        continue;  // the broker could not say; the answer itself came from it
      }
      if (behind <= 0) continue;
      std::string what = state == JobState::kPaused   ? "is paused"
                         : state == JobState::kFailed ? "failed (" + error + ")"
                                                      : "is catching up";
      warnings.push_back("the job behind " + AsciiUpper(name) + " (" + info.id + ") " + what +
                         ": " + kafka::FormatCount(behind) + " record" + (behind == 1 ? "" : "s") +
                         " behind; results may be partial");
    }
  }
  return warnings;
}

}  // namespace riffle
