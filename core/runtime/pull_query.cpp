#include "core/runtime/pull_query.h"

#include <algorithm>

#include "core/runtime/operator_state.h"

namespace riffle {

namespace {

std::vector<int> SnapshotKey(const SourceLayout& layout) {
  std::vector<int> key = layout.schema.KeyIndexes();
  if (layout.window != SourceLayout::Window::kNone) {
    key.push_back(static_cast<int>(layout.schema.size()));
    key.push_back(static_cast<int>(layout.schema.size() + 1));
  }
  return key;
}

}  // namespace

PullTableBody::PullTableBody(QueryPlan plan, std::unique_ptr<SourceScan> scan, RowQueue* queue,
                             const std::atomic<bool>* cancel)
    : plan_(std::move(plan)),
      scan_(std::move(scan)),
      queue_(queue),
      cancel_(cancel),
      snapshot_(SnapshotKey(plan_.layout), plan_.layout.batch_width()) {
  // A pull query never checkpoints: its operators need not track changed keys.
  for (Operator* op : PlanOperators(plan_)) op->DisableChangeTracking();
}

bool PullTableBody::Step(JobMetrics& metrics) {
  int64_t before = metrics.records_in.load();
  scan_->Next(batch_, 2000, 100, metrics);
  if (!batch_.empty()) snapshot_.Apply(batch_);
  if (metrics.records_in.load() != before || !scan_->AtEnd()) return true;
  Deliver(metrics);
  return false;
}

void PullTableBody::Deliver(JobMetrics& metrics) {
  Batch result = snapshot_.Take();
  for (auto& op : plan_.operators) {
    if (result.empty()) break;
    op->Process(result, ctx_);
  }
  if (ctx_.errors > 0) {
    eval_errors_.fetch_add(ctx_.errors);
    ctx_.ClearErrors();
  }
  DeliverFinalRows(result, plan_, queue_, cancel_, metrics);
}

void DeliverFinalRows(Batch& result, const QueryPlan& plan, RowQueue* queue,
                      const std::atomic<bool>* cancel, JobMetrics& metrics) {
  // Handed over in batches of this many rows: the shell starts writing before the last is built.
  constexpr size_t kBatchRows = 1000;
  size_t width = std::min(result.columns.size(), plan.output.size());
  int64_t delivered = 0;
  RowBatch rows;
  auto hand_over = [&] {
    int64_t n = static_cast<int64_t>(rows.size());
    if (!queue->PushUnlessCancelled(std::move(rows), *cancel)) return false;
    rows.clear();
    metrics.records_out.fetch_add(n, std::memory_order_relaxed);
    return true;
  };
  for (size_t r = 0; r < result.num_rows(); ++r) {
    if (plan.limit && delivered >= *plan.limit) break;
    if (result.kinds[r] == RowKind::kDelete || result.kinds[r] == RowKind::kUpdateBefore) continue;
    std::vector<Value> row;
    row.reserve(width);
    for (size_t c = 0; c < width; ++c) row.push_back(std::move(result.columns[c][r]));
    rows.push_back(std::move(row));
    ++delivered;
    if (rows.size() >= kBatchRows && !hand_over()) return;
  }
  hand_over();
}

}  // namespace riffle
