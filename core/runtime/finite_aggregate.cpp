#include "core/runtime/finite_aggregate.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/exec/latest_by_key.h"
#include "core/runtime/pull_query.h"
#include "core/runtime/push_query.h"
#include "core/runtime/run_operators.h"

namespace riffle {

FiniteAggregateBody::FiniteAggregateBody(QueryPlan plan, std::unique_ptr<SourceScan> scan,
                                         RowQueue* queue, const std::atomic<bool>* cancel)
    : plan_(std::move(plan)), scan_(std::move(scan)), queue_(queue), cancel_(cancel) {
  SplitAtAggregation();
}

FiniteAggregateBody::FiniteAggregateBody(QueryPlan plan,
                                         std::vector<std::unique_ptr<SourceScan>> scans,
                                         RowQueue* queue, const std::atomic<bool>* cancel)
    : plan_(std::move(plan)), queue_(queue), cancel_(cancel) {
  join_ = MakeJoinDriver(plan_, std::move(scans));
  SplitAtAggregation();
}

void FiniteAggregateBody::SplitAtAggregation() {
  for (auto& op : plan_.operators) {
    if (aggregate_ == nullptr) {
      aggregate_ = dynamic_cast<AggregateOperator*>(op.get());
      per_batch_.push_back(std::move(op));
    } else {
      at_end_.push_back(std::move(op));
    }
  }
  plan_.operators.clear();
  if (aggregate_ == nullptr) {
    throw RiffleError(ErrorKind::kRuntime,
                      "internal: a finite aggregate query without an aggregation");
  }
  // Only the final rows are printed: no result row per input row (see set_final_only).
  aggregate_->set_final_only();
  closed_.Reset(aggregate_->OutputWidth());
}

void FiniteAggregateBody::KeepClosedRows() {
  // No Reserve: it asks for the exact size, and this grows by many small batches.
  for (size_t c = 0; c < closed_.columns.size(); ++c) {
    for (Value& v : batch_.columns[c]) closed_.columns[c].push_back(std::move(v));
  }
  for (size_t r = 0; r < batch_.num_rows(); ++r) {
    closed_.AddRowMeta(batch_.kinds[r], batch_.rowtime[r], batch_.partition[r], batch_.offset[r]);
  }
}

bool FiniteAggregateBody::AtEnd() { return join_ ? join_->AtEnd() : scan_->AtEnd(); }

bool FiniteAggregateBody::Step(JobMetrics& metrics) {
  int64_t before = metrics.records_in.load();
  if (join_) {
    join_->Next(batch_, 100, metrics, ctx_);
  } else {
    scan_->Next(batch_, 2000, 100, metrics);
  }
  if (!batch_.empty()) {
    RunOperators(per_batch_, batch_, ctx_);
    if (!batch_.empty()) KeepClosedRows();
  }
  // Asked only when nothing was read: a busy source is not at its end.
  if (metrics.records_in.load() != before || !batch_.empty() || !AtEnd()) return true;
  Deliver(metrics);
  return false;
}

void FiniteAggregateBody::DropEmptiedGroups(Batch& batch) const {
  size_t k = aggregate_->OutputKeyColumns().size();  // a table's aggregation has no window
  Batch kept;
  kept.Reset(batch.columns.size());
  std::vector<Value> key(k);
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    for (size_t g = 0; g < k; ++g) key[g] = batch.columns[g][r];
    if (!aggregate_->HoldsRows(key)) continue;
    for (size_t c = 0; c < batch.columns.size(); ++c) {
      kept.columns[c].push_back(std::move(batch.columns[c][r]));
    }
    kept.AddRowMeta(batch.kinds[r], batch.rowtime[r], batch.partition[r], batch.offset[r]);
  }
  batch = std::move(kept);
}

void FiniteAggregateBody::Deliver(JobMetrics& metrics) {
  Batch final_rows = aggregate_->FinalRows();
  batch_ = std::move(final_rows);
  KeepClosedRows();
  Batch result = LatestRowsByKey(std::move(closed_), aggregate_->OutputKeyColumns());
  if (aggregate_->retracts()) DropEmptiedGroups(result);
  if (result.empty()) {
    if (std::optional<Batch> none = aggregate_->ResultOfNoRows()) result = std::move(*none);
  }
  if (!result.empty()) RunOperators(at_end_, result, ctx_);
  if (ctx_.errors > 0) {
    eval_errors_.fetch_add(ctx_.errors);
    ctx_.ClearErrors();
  }
  // HAVING turns a group that fails it into a delete: not part of the answer.
  DeliverFinalRows(result, plan_, queue_, cancel_, metrics);
}

}  // namespace riffle
