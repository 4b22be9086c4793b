#include "core/runtime/push_query.h"

namespace riffle {

bool PushQueryBody::Step(JobMetrics& metrics) {
  scan_->Next(batch_, 2000, 100, metrics);
  if (batch_.empty()) return true;
  for (auto& op : plan_.operators) {
    op->Process(batch_, ctx_);
    if (batch_.empty()) return true;
  }
  if (ctx_.errors > 0) {
    eval_errors_.fetch_add(ctx_.errors);
    ctx_.ClearErrors();
  }
  size_t n = batch_.num_rows();
  for (size_t r = 0; r < n; ++r) {
    if (plan_.limit && delivered_ >= *plan_.limit) return false;
    std::vector<Value> row;
    row.reserve(batch_.columns.size());
    for (auto& col : batch_.columns) row.push_back(std::move(col[r]));
    while (!queue_->Push(std::move(row), 100)) {
      if (cancel_->load()) return false;
    }
    ++delivered_;
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
  return !(plan_.limit && delivered_ >= *plan_.limit);
}

}  // namespace riffle
