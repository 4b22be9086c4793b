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
  size_t width = std::min(result.columns.size(), plan.output.size());
  int64_t delivered = 0;
  for (size_t r = 0; r < result.num_rows(); ++r) {
    if (plan.limit && delivered >= *plan.limit) return;
    if (result.kinds[r] == RowKind::kDelete || result.kinds[r] == RowKind::kUpdateBefore) continue;
    std::vector<Value> row;
    row.reserve(width);
    for (size_t c = 0; c < width; ++c) row.push_back(std::move(result.columns[c][r]));
    while (!queue->Push(std::move(row), 100)) {
      if (cancel->load()) return;
    }
    ++delivered;
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace riffle
