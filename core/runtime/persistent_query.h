#pragma once
// The body of a persistent query (CREATE STREAM ... AS SELECT, INSERT INTO ... SELECT): scan,
// operators, topic sink. After every batch it flushes the sink and publishes its source
// positions, so others can tell when it has caught up; about once a second it checkpoints those
// positions to the catalog (flush first, then offsets: at-least-once on restart) with the
// operator state that changed since the previous checkpoint, in one transaction
// (operator_state.h). riffle.checkpoint.max.bytes.per.second spaces checkpoints out so that
// their writes stay under that rate on average (a big one delays the next; nothing is dropped:
// changes accumulate and are written by the next). riffle.state.max.bytes fails the job when its
// operators hold more state than that.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "catalog/catalog.h"
#include "core/exec/join_driver.h"
#include "core/exec/processing_log.h"
#include "core/exec/sink_writer.h"
#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/operator_state.h"

namespace riffle {

// riffle's checkpoint and state limits of a job (0: no limit).
struct CheckpointPolicy {
  int64_t max_bytes_per_second = 0;  // riffle.checkpoint.max.bytes.per.second
  int64_t state_max_bytes = 0;       // riffle.state.max.bytes
};

// What the job's checkpoints wrote, for EXPLAIN.
struct CheckpointStats {
  int64_t count = 0;         // checkpoints saved by this process
  int64_t last_bytes = 0;    // state bytes (keys and values) the last one wrote
  int64_t last_entries = 0;  // state rows it upserted or deleted
  int64_t total_bytes = 0;
};

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
                      std::unique_ptr<SinkWriter> sink, Catalog* catalog);
  // A join query: one scan per plan.join_inputs entry, in order.
  PersistentQueryBody(std::string job_id, QueryPlan plan,
                      std::vector<std::unique_ptr<SourceScan>> scans,
                      std::unique_ptr<SinkWriter> sink, Catalog* catalog);

  void set_failure_policy(JobFailurePolicy policy) { failure_ = policy; }
  void set_checkpoint_policy(CheckpointPolicy policy) { checkpoint_policy_ = policy; }
  // Restores the operators' state from the job's last checkpoint, before it starts.
  void RestoreState(const Checkpoint& cp);
  int64_t RestoredStreamTime() const override { return restored_stream_time_; }
  CheckpointStats checkpoint_stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
  }

  bool Step(JobMetrics& metrics) override;
  void Close() override;

  // Next offset to read per partition of the source, as of the last completed batch (its
  // output delivered). Thread-safe.
  std::map<int32_t, int64_t> Positions() const;
  const std::string& source_topic() const { return source_topic_; }
  // Every input's topic with its next offsets: one entry for a single-source query, one per
  // plan.join_inputs entry, in order, for a join (as of the last records fully processed). The
  // index of an entry is the input number the job's checkpoints store. Thread-safe.
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> AllPositions() const;
  // Whether the job can reach its cluster: unreachable when a source or the sink cannot,
  // since the earliest of their outages. Thread-safe.
  ReachabilityStatus Reachability() const;
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
  // Copies the join's count of rows that found a table empty (JoinDriver::EarlyRows) to
  // `metrics`, logging the first of them to the processing log.
  void PublishEarlyRows(JobMetrics& metrics);
  [[noreturn]] void ThrowJobFailure(const std::string& what) const;

  std::string job_id_;
  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  std::unique_ptr<JoinDriver> join_;  // instead of scan_ for join queries
  std::unique_ptr<SinkWriter> sink_;
  Catalog* catalog_;
  std::string source_topic_;
  Batch batch_;
  EvalContext ctx_;
  mutable std::mutex mutex_;
  std::map<int32_t, int64_t> positions_;
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> join_positions_;
  std::chrono::steady_clock::time_point last_checkpoint_;
  // Time to wait after last_checkpoint_: the interval, longer after a big checkpoint when the
  // write rate is bounded.
  std::chrono::steady_clock::duration checkpoint_wait_ = std::chrono::seconds(1);
  bool dirty_ = false;
  JobFailurePolicy failure_;
  CheckpointPolicy checkpoint_policy_;
  StateCheckpointer checkpointer_{plan_};
  // The largest stream time of the operators RestoreState restored (RestoredStreamTime).
  int64_t restored_stream_time_ = JobMetrics::kNoWatermark;
  CheckpointStats stats_;  // guarded by mutex_
};

}  // namespace riffle
