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
#include "core/exec/join_driver.h"
#include "core/exec/source_scan.h"
#include "core/exec/topic_sink.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/processing_log.h"

namespace riffle {

// The state of every operator of `plan` as one blob for Catalog::SaveCheckpoint ("" when no
// operator keeps state).
std::string SaveOperatorStates(const QueryPlan& plan);
// Restores what SaveOperatorStates saved into a freshly planned `plan` of the same query.
// Throws RiffleError(kRuntime) when the blob is corrupt or does not fit the plan.
void RestoreOperatorStates(QueryPlan& plan, std::string_view blob);

// What a job does when a record cannot be processed. By default the record is counted, logged
// and skipped (ksqlDB's defaults); with a fail.on.* setting the job fails instead, showing why.
struct JobFailurePolicy {
  bool fail_on_deserialization_error = false;  // a record whose key or value cannot be decoded
  bool fail_on_processing_error = false;       // an expression that fails on a row
  ProcessingLog* log = nullptr;                // where evaluation errors are logged
};

class PersistentQueryBody : public JobBody {
 public:
  PersistentQueryBody(std::string job_id, QueryPlan plan, std::unique_ptr<SourceScan> scan,
                      std::unique_ptr<TopicSink> sink, Catalog* catalog);
  // A join query: one scan per plan.join_inputs entry, in order.
  PersistentQueryBody(std::string job_id, QueryPlan plan,
                      std::vector<std::unique_ptr<SourceScan>> scans,
                      std::unique_ptr<TopicSink> sink, Catalog* catalog);

  void set_failure_policy(JobFailurePolicy policy) { failure_ = policy; }

  bool Step(JobMetrics& metrics) override;
  void Close() override;

  // Next offset to read per partition of the source, as of the last completed batch (its
  // output delivered). Thread-safe.
  std::map<int32_t, int64_t> Positions() const;
  const std::string& source_topic() const { return source_topic_; }
  // Every input topic with its next offsets (one entry for a single-source query; one per
  // input for a join, as of the last records fully processed). Thread-safe.
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> AllPositions() const;
  // EXPLAIN's per-operator counters (safe to read while the job runs).
  const QueryPlan& plan() const { return plan_; }

 private:
  void Checkpoint();
  // Join queries: every input's positions, from the driver (job thread only).
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> JoinPositions() const;
  // AllPositions with mutex_ held.
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> AllPositionsLocked() const;
  // Counts and logs the rows whose expressions failed in the last batch; throws (failing the
  // job) when the policy says so.
  void HandleEvalErrors(JobMetrics& metrics);
  [[noreturn]] void ThrowJobFailure(const std::string& what) const;

  std::string job_id_;
  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  std::unique_ptr<JoinDriver> join_;  // instead of scan_ for join queries
  std::unique_ptr<TopicSink> sink_;
  Catalog* catalog_;
  std::string source_topic_;
  Batch batch_;
  EvalContext ctx_;
  mutable std::mutex mutex_;
  std::map<int32_t, int64_t> positions_;
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> join_positions_;
  std::chrono::steady_clock::time_point last_checkpoint_;
  bool dirty_ = false;
  JobFailurePolicy failure_;
};

}  // namespace riffle
