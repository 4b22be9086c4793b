#include "core/runtime/push_query.h"

#include <algorithm>

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
  // Only the result's columns (not the hidden window bounds), and only new rows: the old row of
  // an update is not shown, nor a table's deletes.
  size_t width = std::min(batch_.columns.size(), plan_.output.size());
  for (size_t r = 0; r < n; ++r) {
    if (plan_.limit && delivered_ >= *plan_.limit) return false;
    RowKind kind = batch_.kinds[r];
    if (kind == RowKind::kUpdateBefore || (kind == RowKind::kDelete && plan_.is_table)) continue;
    std::vector<Value> row;
    row.reserve(width);
    for (size_t c = 0; c < width; ++c) row.push_back(std::move(batch_.columns[c][r]));
    while (!queue_->Push(std::move(row), 100)) {
      if (cancel_->load()) return false;
    }
    ++delivered_;
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
  return !(plan_.limit && delivered_ >= *plan_.limit);
}

}  // namespace riffle
