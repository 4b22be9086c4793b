#pragma once
// Equi-joins of two inputs with ksqlDB's semantics. A join is fed rows of either side (in event
// time order across sides, by the JoinDriver) and appends joined rows to an output batch laid
// out as: left columns, right columns, then one column holding the join key (the non-null side's
// key: ksqlDB's ROWKEY of a FULL OUTER join). Kinds:
//  - stream-table: a stream row looks the table's current row up (INNER, LEFT); table rows
//    only update the lookup state and emit nothing.
//  - stream-stream: rows within the WITHIN window of each other join; output time is the later
//    of the two. Stream time is the max event time seen on either side. Without GRACE an
//    unmatched LEFT/OUTER row is emitted null-padded at once; with GRACE it waits until its
//    window closes (stream time passes its time + window + grace; ksqlDB's spurious-result fix)
//    and is dropped if a match arrives first. A row older than its side's window store keeps
//    (max time on that side - before - after - grace) is late: counted (late_dropped, and the
//    processing log) and never stored, so later rows of the other side cannot join it; it still
//    joins the other side's stored rows, and an unmatched outer one is emitted at once.
//    Windowed sources join only rows whose windows match too.
//  - table-table: both sides materialized; each change re-evaluates its key and emits the new
//    joined row, or a delete (tombstone) when a row stops joining.
//  - foreign-key table-table (INNER, LEFT): the left key is any expression over the left row,
//    the result is keyed by the left table's primary key (see join_fk.h).
// Rows whose join key is NULL never join (they still pass as the unmatched side of outer joins
// of streams).

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/compiled_expr.h"
#include "core/sql/ast.h"

namespace riffle {

class ProcessingLog;

enum class JoinKind : uint8_t { kStreamTable, kStreamStream, kTableTable, kForeignKey };

struct JoinSpec {
  JoinKind kind = JoinKind::kStreamTable;
  JoinType type = JoinType::kInner;
  CompiledExprPtr left_key;   // over the left input's columns
  CompiledExprPtr right_key;  // over the right input's columns
  size_t left_width = 0;      // columns of a left row
  size_t right_width = 0;     // columns of a right row
  // Foreign-key joins: the left row's primary key columns, which key the result.
  std::vector<int> left_key_columns;
  // Stream-stream: a left row at t joins right rows in [t - before_ms, t + after_ms].
  int64_t before_ms = 0;
  int64_t after_ms = 0;
  std::optional<int64_t> grace_ms;
  // Stream-stream joins of windowed sources: the columns of each side's row holding its window
  // (WINDOWSTART, then WINDOWEND for sessions); rows join only when these match as well.
  std::vector<int> left_window_columns;
  std::vector<int> right_window_columns;
  std::string description;  // for EXPLAIN, e.g. "LEFT JOIN ON (T.ID = TT.ID)"
};

// A record a stream-stream join did not store because it came too late for its window store,
// for a query that shows late records as rows (riffle.show.late).
struct JoinLateRecord {
  int side = 0;            // 0: left, 1: right
  std::vector<Value> row;  // its side's columns
  Value key;               // its join key
  int64_t event_time_ms = 0;
  int64_t side_time_ms = 0;  // the largest event time its side had seen
  // The join's window: a left row at t joins right rows in [t - before, t + after].
  int64_t before_ms = 0;
  int64_t after_ms = 0;
  int64_t grace_ms = 0;  // the one given, or ksqlDB's default
};

class JoinOperator : public Operator {
 public:
  // The output width: left + right + 1 (the join key).
  size_t output_width() const { return spec_.left_width + spec_.right_width + 1; }
  // Consumes the rows of `in` arriving on `side` (0 left, 1 right), in order, appending joined
  // rows to `out` (which must have output_width() columns). `in` may be moved from.
  virtual void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) = 0;
  // Operator::Process: the rows as left-side input, replaced by the joined rows.
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override { return spec_.description; }
  int64_t StateBytes() const override { return state_bytes_.load(std::memory_order_relaxed); }
  const JoinSpec& spec() const { return spec_; }
  // Where records dropped as late are reported (optional; without it they are only counted in
  // late_dropped). `topics`: each side's input topic ("" for an earlier join's result).
  // Where records dropped as late are also appended (optional; the caller takes them between
  // batches). Only stream-stream joins drop records as late.
  void set_late_records(std::vector<JoinLateRecord>* out) { late_records_ = out; }
  void set_processing_log(ProcessingLog* log, std::string job_id, std::string left_topic,
                          std::string right_topic) {
    log_ = log;
    job_id_ = std::move(job_id);
    topics_[0] = std::move(left_topic);
    topics_[1] = std::move(right_topic);
  }

 protected:
  explicit JoinOperator(JoinSpec spec) : spec_(std::move(spec)) {}
  // Appends one joined row; `left`/`right` are nullptr for a null-padded side.
  void Emit(const std::vector<Value>* left, const std::vector<Value>* right, const Value& key,
            RowKind kind, int64_t rowtime, int32_t partition, int64_t offset, Batch& out) const;

  JoinSpec spec_;
  std::atomic<int64_t> state_bytes_{0};
  ProcessingLog* log_ = nullptr;
  std::vector<JoinLateRecord>* late_records_ = nullptr;
  std::string job_id_;
  std::string topics_[2];
  Batch scratch_;
};

// Builds the operator for `spec.kind`.
std::unique_ptr<JoinOperator> MakeJoinOperator(JoinSpec spec);

// Approximate bytes a stored row occupies, for StateBytes().
int64_t ApproxRowBytes(const std::vector<Value>& row);

// Moves row `r`'s first `width` columns out of `in` (join operators keep rows they buffer).
inline std::vector<Value> TakeRow(Batch& in, size_t r, size_t width) {
  std::vector<Value> row(width);
  for (size_t c = 0; c < width; ++c) row[c] = std::move(in.columns[c][r]);
  return row;
}

}  // namespace riffle
