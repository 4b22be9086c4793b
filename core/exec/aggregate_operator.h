#pragma once
// GROUP BY aggregation, optionally windowed (TUMBLING, HOPPING, SESSION), with ksqlDB's
// changelog semantics as ksqlDB runs with record caching off:
//  - every input row folds into its group and emits the group's new result (EMIT CHANGES), or
//    each window emits once when it closes (EMIT FINAL);
//  - table inputs retract: kUpdateBefore/kDelete rows subtract, and an update whose old and new
//    row fall in the same group emits once;
//  - rows whose GROUP BY values include NULL are excluded (as are stream tombstones);
//  - windows: each source partition's watermark is the largest event time seen on it (ksqlDB's
//    stream time, which is per task); a row is late when its window closed (end + grace) by its
//    partition's watermark: it is counted in late_dropped, reported to the processing log and
//    dropped. A window closes (EMIT FINAL emits it, and its state is freed) when the watermark of
//    a partition that fed it passes its end + grace, so an idle partition holds back nothing;
//    a session that absorbs others emits a tombstone for each window it replaces (at that
//    window's end time), then itself;
//  - a table's group whose rows were all retracted is freed once its result is emitted.
//
// Output batch: the GROUP BY values, then one column per aggregate, then WINDOWSTART and
// WINDOWEND when windowed. Every output row is kUpdateAfter, or kDelete for tombstones. ROWTIME
// is the largest event time folded into the group (the window end for sessions, as Kafka
// Streams does).
//
// State is keyed for incremental checkpoints: one entry per group (window) or per session key,
// and a header with the arrival counter and watermarks; only entries changed since the last
// checkpoint are saved (SaveChanges). SaveState/RestoreState keep the whole-blob format.
//
// Threads: Process and the state methods run on the job thread; Timeline may be called from any
// thread while they run (the state lock, held by each of them, makes it wait between batches).

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/exec/aggregate_functions.h"
#include "core/exec/operator.h"
#include "core/exec/processing_log.h"
#include "core/exec/window_timeline.h"
#include "core/sql/ast.h"

namespace riffle {

class StateReader;
class StateWriter;

struct AggregateCall {
  AggregateFunctionPtr fn;
  std::vector<CompiledExprPtr> args;  // the data arguments, bound against the input
  std::string text;                   // "COUNT(*)", for EXPLAIN
};

struct WindowConfig {
  WindowKind kind = WindowKind::kTumbling;
  int64_t size_ms = 0;     // TUMBLING/HOPPING size; SESSION inactivity gap
  int64_t advance_ms = 0;  // HOPPING advance (TUMBLING: = size)
  int64_t grace_ms = 0;
  int64_t retention_ms = 0;  // how long closed windows stay findable (>= size + grace)
};

// ksqlDB's window defaults: when no GRACE PERIOD is given, 24 hours of grace, or none under
// EMIT FINAL (its RewrittenAnalysis), so that a final result comes when its window ends;
// retention at least size (or gap) plus grace.
WindowConfig MakeWindowConfig(const WindowSpec& spec, bool emit_final = false);

// A record a windowed aggregation dropped as late, for a query that shows them as rows
// (riffle.show.late).
struct LateRecord {
  std::vector<Value> group;  // its GROUP BY values
  int64_t event_time_ms = 0;
  int64_t window_start_ms = 0;  // the window it fell in, which had closed
  int64_t window_end_ms = 0;
  int64_t stream_time_ms = 0;  // its partition's stream time when it came
  int64_t grace_ms = 0;
};

class AggregateOperator : public Operator {
 public:
  // `group_by` and the aggregate arguments are bound against the operator's input batch.
  // `changelog_input`: the input is a table changelog (retractions are applied; stream
  // tombstones are otherwise skipped). `emit_final`: windows emit only when they close.
  AggregateOperator(std::vector<CompiledExprPtr> group_by, std::vector<std::string> group_text,
                    std::vector<AggregateCall> aggregates, std::optional<WindowConfig> window,
                    bool changelog_input, bool emit_final);
  ~AggregateOperator() override;

  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override;

  // Where late records are reported (optional; without it they are only counted).
  void set_processing_log(ProcessingLog* log, std::string job_id, std::string topic) {
    log_ = log;
    job_id_ = std::move(job_id);
    topic_ = std::move(topic);
  }
  // Where late records are also appended (optional; the caller takes them between batches).
  void set_late_records(std::vector<LateRecord>* out) { late_records_ = out; }
  // Approximate bytes of groups, windows and accumulators held (late records dropped are
  // counted in Operator::late_dropped).
  int64_t StateBytes() const override { return state_bytes_.load(std::memory_order_relaxed); }
  // Number of groups (windows) held in state.
  size_t group_count() const;
  // The output columns that identify a result row: the GROUP BY values, then WINDOWSTART and
  // WINDOWEND when windowed. A finite query keeps the latest row per such key.
  std::vector<int> OutputKeyColumns() const;
  // Columns of an output batch (GROUP BY values, aggregates, window bounds).
  size_t OutputWidth() const;
  // An aggregation without GROUP BY or window answers one row even over no input, as SQL's
  // aggregates do (each aggregate's initial result: COUNT 0): that row, as a one-row kInsert batch
  // with ROWTIME 0. nullopt for other aggregations (no input: no group, no row).
  std::optional<Batch> ResultOfNoRows() const;
  // Final-only mode, for a finite query that prints only each group's final result: Process
  // folds rows without emitting a result row per input row; a window that closes emits its
  // final row then (as with EMIT FINAL, but with the source position of its last row), and
  // FinalRows gives the rest at the end. The latest row per output key of this output and
  // FinalRows is what the changelog of the normal mode would leave.
  // REQUIRES: before the first Process.
  void set_final_only();
  // The result of every group (window) still held, as kInsert rows in no particular order,
  // each with the ROWTIME and source position of its last update; none under EMIT FINAL
  // (windows still open there have no result yet). REQUIRES: set_final_only.
  Batch FinalRows() const;
  // Whether the input is a table changelog whose rows retract (see the constructor).
  bool retracts() const;
  // For a table input: whether the group with GROUP BY values `values` holds rows now. A group
  // whose rows were all retracted is freed after emitting its last result (COUNT 0), which is
  // no longer a row of the aggregation of the table as it is.
  bool HoldsRows(const std::vector<Value>& values) const;
  // The windows for `.timeline` (window_timeline.h): the `max_windows` held windows that end
  // last (every one when 0) and the kClosedWindowsKept most recently closed ones. nullopt when
  // not windowed. Any thread; it holds the state lock for one pass over the held windows.
  std::optional<WindowTimeline> Timeline(size_t max_windows) const;
  // How many closed windows Timeline remembers (they are not state: a restart forgets them).
  static constexpr size_t kClosedWindowsKept = 64;
  // How many bounds of closed windows Timeline sums (over every key).
  static constexpr size_t kClosedSpansKept = 16;

 private:
  struct Impl;
  void ResetState();
  void SaveHeader(StateWriter& w) const;
  uint8_t LoadHeader(StateReader& r);  // returns the state version
  // A group's key from `key_reader`, its state from `r` (the same reader for an old blob).
  void LoadGroupEntry(StateReader& key_reader, StateReader& r, uint8_t version);
  void LoadSessionEntry(StateReader& key_reader, StateReader& r, uint8_t version);
  void FinishRestore();
  // Publishes the largest partition watermark as Operator::stream_time_ms.
  void PublishStreamTime();

  // Guards impl_'s state against Timeline: taken by Process and the state methods.
  mutable std::mutex state_mu_;
  std::unique_ptr<Impl> impl_;  // guarded by state_mu_
  std::vector<std::string> group_text_;
  std::vector<std::string> aggregate_text_;
  mutable std::atomic<int64_t> state_bytes_{0};
  ProcessingLog* log_ = nullptr;
  std::vector<LateRecord>* late_records_ = nullptr;
  std::string job_id_, topic_;
};

}  // namespace riffle
