#pragma once
// The body of a finite aggregate query (riffle's extension: GROUP BY, or aggregates alone, in a
// SELECT without EMIT CHANGES): reads every source to the end it had when the query started
// (bounded scans), runs the plan's operators up to and including the aggregation over each
// batch with the aggregation in final-only mode (no result row per input row), and keeps the
// rows of windows that closed on the way. At the end it adds the aggregation's final rows,
// keeps the latest per group and window (LatestRowsByKey), runs the remaining operators
// (HAVING, projection) once over them, delivers them to a RowQueue in group order, and
// finishes: one row per group, final values.

#include <atomic>
#include <memory>
#include <vector>

#include "core/exec/join_driver.h"
#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/row_queue.h"

namespace riffle {

class FiniteAggregateBody : public JobBody {
 public:
  // REQUIRES: plan.aggregates; `scan` opened with ScanOptions::bounded.
  FiniteAggregateBody(QueryPlan plan, std::unique_ptr<SourceScan> scan, RowQueue* queue,
                      const std::atomic<bool>* cancel);
  // A join: one bounded scan per plan.join_inputs entry, in order.
  FiniteAggregateBody(QueryPlan plan, std::vector<std::unique_ptr<SourceScan>> scans,
                      RowQueue* queue, const std::atomic<bool>* cancel);

  bool Step(JobMetrics& metrics) override;
  void Close() override { queue_->Close(); }
  // Rows that evaluated with errors (NULL results), for the end-of-query warning.
  int64_t eval_errors() const { return eval_errors_.load(); }

 private:
  // Splits plan_.operators at the aggregation and puts it in final-only mode.
  void SplitAtAggregation();
  // Moves the rows of batch_ (the aggregation's output) to closed_.
  void KeepClosedRows();
  bool AtEnd();
  // Removes the rows of groups a table's retractions emptied (see AggregateOperator::HoldsRows).
  void DropEmptiedGroups(Batch& batch) const;
  void Deliver(JobMetrics& metrics);

  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  std::unique_ptr<JoinDriver> join_;  // instead of scan_ for join queries
  RowQueue* queue_;
  const std::atomic<bool>* cancel_;
  std::vector<std::unique_ptr<Operator>> per_batch_;  // through the aggregation
  std::vector<std::unique_ptr<Operator>> at_end_;     // HAVING, projection
  AggregateOperator* aggregate_ = nullptr;
  Batch closed_;  // rows of windows that closed while reading, in changelog order
  Batch batch_;
  EvalContext ctx_;
  std::atomic<int64_t> eval_errors_{0};
};

}  // namespace riffle
