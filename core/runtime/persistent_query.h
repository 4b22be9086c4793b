#pragma once
// The body of a persistent query (CREATE STREAM ... AS SELECT, INSERT INTO ... SELECT): scan,
// operators, topic sink. After every batch it flushes the sink and publishes its source
// positions, so others can tell when it has caught up; about once a second it checkpoints those
// positions to the catalog (flush first, then offsets: at-least-once on restart).

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "catalog/catalog.h"
#include "core/exec/source_scan.h"
#include "core/exec/topic_sink.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"

namespace riffle {

// The state of every operator of `plan` as one blob for Catalog::SaveCheckpoint ("" when no
// operator keeps state).
std::string SaveOperatorStates(const QueryPlan& plan);
// Restores what SaveOperatorStates saved into a freshly planned `plan` of the same query.
// Throws RiffleError(kRuntime) when the blob is corrupt or does not fit the plan.
void RestoreOperatorStates(QueryPlan& plan, std::string_view blob);

class PersistentQueryBody : public JobBody {
 public:
  PersistentQueryBody(std::string job_id, QueryPlan plan, std::unique_ptr<SourceScan> scan,
                      std::unique_ptr<TopicSink> sink, Catalog* catalog);

  bool Step(JobMetrics& metrics) override;
  void Close() override;

  // Next offset to read per partition of the source, as of the last completed batch (its
  // output delivered). Thread-safe.
  std::map<int32_t, int64_t> Positions() const;
  const std::string& source_topic() const { return source_topic_; }
  // EXPLAIN's per-operator counters (safe to read while the job runs).
  const QueryPlan& plan() const { return plan_; }

 private:
  void Checkpoint();

  std::string job_id_;
  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  std::unique_ptr<TopicSink> sink_;
  Catalog* catalog_;
  std::string source_topic_;
  Batch batch_;
  EvalContext ctx_;
  mutable std::mutex mutex_;
  std::map<int32_t, int64_t> positions_;
  std::chrono::steady_clock::time_point last_checkpoint_;
  bool dirty_ = false;
};

}  // namespace riffle
