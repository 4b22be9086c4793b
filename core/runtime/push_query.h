#pragma once
// The body of a transient push query (SELECT ... EMIT CHANGES): scan, operators, then rows into
// a RowQueue the shell's thread drains. Finishes when LIMIT rows have been delivered.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/exec/aggregate_operator.h"
#include "core/exec/join_driver.h"
#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/changelog_view.h"
#include "core/runtime/job.h"
#include "core/runtime/row_queue.h"
#include "core/runtime/stream_time.h"

namespace riffle {

// A driver over `plan`'s join inputs (scans[i] reads plan.join_inputs[i]) and joins. The plan
// must outlive the driver (it keeps pointers to the plan's operators).
std::unique_ptr<JoinDriver> MakeJoinDriver(QueryPlan& plan,
                                           std::vector<std::unique_ptr<SourceScan>> scans);

// Says why the stream rows `early` counts found a table of `plan`'s join empty: they came
// before its first row in event time.
std::string EarlyRowsMessage(const QueryPlan& plan, const JoinDriver::EarlyRows& early);

// How far a running push query has read: the next position per partition of each input (named
// by topic, file path or "datagen:<name>"). The job thread sets it after each batch; any
// thread may read it, also after the query ended (it is shared for that reason).
class PositionBoard {
 public:
  using Positions = std::vector<std::pair<std::string, std::map<int32_t, int64_t>>>;
  void Set(Positions positions) {
    std::lock_guard lock(mu_);
    positions_ = std::move(positions);
  }
  Positions Get() const {
    std::lock_guard lock(mu_);
    return positions_;
  }

 private:
  mutable std::mutex mu_;
  Positions positions_;
};

// The LATE cell of a late record's row: how far behind its partition's stream time it came,
// and the window that had closed: "late by 7.000 s; window [2026-12-07T10:00:00.000,
// 2026-12-07T10:00:05.000) closed (grace 0.000 s)".
std::string LateRowText(const LateRecord& late);

// The LATE cell of a record a stream-stream join did not store, `side` and `other` naming its
// side's input and the other one: how far behind its side's stream time it came, and its join
// window, which had closed: "late by 25.000 s; ORDERS (left) join window
// [1969-12-31T23:59:55.000, 1970-01-01T00:00:15.000] closed (grace 0.000 s): not stored, later
// SHIPS rows cannot join it".
std::string JoinLateRowText(const JoinLateRecord& late, const std::string& side,
                            const std::string& other);

class PushQueryBody : public JobBody {
 public:
  PushQueryBody(QueryPlan plan, std::unique_ptr<SourceScan> scan, RowQueue* queue,
                const std::atomic<bool>* cancel)
      : plan_(std::move(plan)), scan_(std::move(scan)), queue_(queue), cancel_(cancel) {
    PublishPositions();
    StopChangeTracking();
    PublishStreamTime();
  }
  // A join query: one scan per plan.join_inputs entry, in order.
  PushQueryBody(QueryPlan plan, std::vector<std::unique_ptr<SourceScan>> scans, RowQueue* queue,
                const std::atomic<bool>* cancel)
      : plan_(std::move(plan)), queue_(queue), cancel_(cancel) {
    join_ = MakeJoinDriver(plan_, std::move(scans));
    PublishPositions();
    StopChangeTracking();
    PublishStreamTime();
  }

  // Changelog mode (a push query on a table with SET 'riffle.changelog'='true'): every change is
  // delivered, updates as their old (-U) and new (+U) rows and deletes as -D, each row led by
  // its marker (+I, -U, +U, -D). Otherwise only new rows are, as ksqlDB shows them.
  void set_changelog(bool on);

  // riffle.show.late: records the windowed aggregation drops as late are delivered too, as rows
  // with their GROUP BY values in the key columns (by key_rank), the window in columns named
  // WINDOWSTART/WINDOWEND, NULL elsewhere, and one more column, last, saying how late they were
  // and which window rejected them (LateRowText); that column is NULL in every other row. So are
  // records a stream-stream join did not store as late: their own columns where the result
  // shows a column of the join's output as it is (after filters only), NULL elsewhere, and
  // JoinLateRowText. In changelog mode their marker is "LATE". Returns false (and changes
  // nothing) when the query has neither a windowed aggregation nor a stream-stream join.
  bool set_show_late(bool on);
  // The query's windowed aggregation (for its window timeline), or null when it has none.
  const AggregateOperator* windowed_aggregate() const;

  bool Step(JobMetrics& metrics) override;
  void Close() override { queue_->Close(); }
  // Rows that evaluated with errors (NULL results), for the end-of-query warning.
  int64_t eval_errors() const { return eval_errors_.load(); }
  // riffle.state.max.bytes: the query fails when its operators hold more (0: no cap).
  void set_state_cap(int64_t max_bytes) { state_cap_ = max_bytes; }
  // Bytes of state its operators hold (updated each batch); readable from any thread, also
  // after the query ended.
  std::shared_ptr<const std::atomic<int64_t>> state_bytes() const { return state_bytes_; }
  // What the latest record that moved stream time far ahead said (TrackStreamTime, counted in
  // JobMetrics::stream_time_jumps), for a warning at the prompt; "" before any. Any thread.
  std::string last_stream_time_jump() const {
    std::lock_guard lock(jump_mutex_);
    return last_jump_;
  }
  // Why stream rows found a joined table empty (JoinDriver::EarlyRows, counted in
  // JobMetrics::rows_before_table), for a warning at the prompt; "" before any. Any thread.
  std::string early_rows_message() const {
    std::lock_guard lock(jump_mutex_);
    return early_message_;
  }
  // Where the query has read to, for its lag; readable from any thread.
  std::shared_ptr<const PositionBoard> positions() const { return positions_; }
  // Its stream time per source and the records it dropped as late; readable from any thread,
  // also after the query ended.
  std::shared_ptr<const StreamTimeBoard> stream_time() const { return stream_time_; }

 private:
  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  std::unique_ptr<JoinDriver> join_;  // instead of scan_ for join queries
  RowQueue* queue_;
  const std::atomic<bool>* cancel_;
  Batch batch_;
  EvalContext ctx_;
  int64_t delivered_ = 0;
  std::atomic<int64_t> eval_errors_{0};
  // Adds the marked rows that change `r` of batch_ shows as to pending_; false once LIMIT is
  // reached.
  bool DeliverChanges(size_t r, size_t width);
  void PublishPositions();
  // Publishes stream time and late records when either changed since the last call.
  void PublishStreamTime();
  // A push query never checkpoints: its operators need not track changed keys.
  void StopChangeTracking();

  std::shared_ptr<PositionBoard> positions_ = std::make_shared<PositionBoard>();
  std::shared_ptr<std::atomic<int64_t>> state_bytes_ = std::make_shared<std::atomic<int64_t>>(0);
  int64_t state_cap_ = 0;
  std::shared_ptr<StreamTimeBoard> stream_time_ = std::make_shared<StreamTimeBoard>();
  int64_t scan_stream_time_ = INT64_MIN;  // a single-source query's: the largest ROWTIME read
  StreamTimeStatus published_;

  // Adds the result rows of batch_ to pending_; false once LIMIT is reached.
  bool DeliverBatch();
  // Adds the late records taken from the aggregation to pending_ as rows; false as
  // DeliverChanges.
  bool DeliverLate();
  // Adds the late records taken from the stream-stream joins to pending_ as rows; false as
  // DeliverChanges.
  bool DeliverJoinLate();
  bool JoinLatePending() const;
  // Hands pending_ to the queue as one batch; false when the query was cancelled meanwhile.
  bool HandOver(JobMetrics& metrics);
  RowBatch pending_;  // rows of the current step, not yet handed over
  bool show_late_ = false;
  std::vector<LateRecord> late_;
  // Per join (plan_.joins), the records it dropped as late; sized once, as the joins keep pointers.
  std::vector<std::vector<JoinLateRecord>> join_late_;
  // Per result column, the column of the last join's output it shows as it is, or -1.
  std::vector<int> join_output_sources_;

  std::unique_ptr<ChangelogView> changelog_;  // set in changelog mode
  std::vector<MarkedRow> marked_;
  mutable std::mutex jump_mutex_;
  std::string last_jump_;  // guarded by jump_mutex_
  std::string early_message_;  // guarded by jump_mutex_
  // Copies the join's count of early rows to `metrics`, and words the first of them.
  void PublishEarlyRows(JobMetrics& metrics);
};

}  // namespace riffle
