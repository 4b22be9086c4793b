#include "core/runtime/push_query.h"

#include <algorithm>

#include "core/runtime/operator_state.h"
#include "core/runtime/run_operators.h"

namespace riffle {

std::unique_ptr<JoinDriver> MakeJoinDriver(QueryPlan& plan,
                                           std::vector<std::unique_ptr<SourceScan>> scans) {
  std::vector<JoinDriverInput> inputs;
  for (size_t i = 0; i < scans.size(); ++i) {
    JoinDriverInput in;
    in.scan = std::move(scans[i]);
    for (auto& op : plan.join_inputs[i].pre_ops) in.pre_ops.push_back(op.get());
    in.width = plan.join_inputs[i].layout.batch_width();
    in.is_table = plan.join_inputs[i].source.is_table;
    inputs.push_back(std::move(in));
  }
  std::vector<JoinOperator*> joins;
  for (auto& j : plan.joins) joins.push_back(j.get());
  return std::make_unique<JoinDriver>(std::move(inputs), std::move(joins));
}

void PushQueryBody::PublishPositions() {
  PositionBoard::Positions all;
  if (join_) {
    for (size_t i = 0; i < join_->num_inputs(); ++i) {
      all.emplace_back(join_->topic(i), join_->Positions(i));
    }
  } else {
    all.emplace_back(scan_->topic(), scan_->Positions());
  }
  positions_->Set(std::move(all));
}

void PushQueryBody::StopChangeTracking() {
  for (Operator* op : PlanOperators(plan_)) op->DisableChangeTracking();
}

bool PushQueryBody::Step(JobMetrics& metrics) {
  if (join_) {
    join_->Next(batch_, 100, metrics, ctx_);
    PublishPositions();  // a join's positions move as its buffers drain, not as it polls
  } else if (scan_->Next(batch_, 2000, 100, metrics) > 0) {
    PublishPositions();
  }
  if (batch_.empty()) return true;
  TrackStreamTime(batch_, metrics, [this](size_t r, const std::string& message) {
    std::string where = batch_.partition[r] >= 0
                            ? " (partition " + std::to_string(batch_.partition[r]) + ", offset " +
                                  std::to_string(batch_.offset[r]) + ")"
                            : "";
    std::lock_guard lock(jump_mutex_);
    last_jump_ = "A record" + where + " jumped stream time ahead: " + message + ".";
  });
  RunOperators(plan_.operators, batch_, ctx_);
  state_bytes_->store(PlanStateBytes(plan_), std::memory_order_relaxed);
  CheckStateCap(plan_, state_cap_);
  if (batch_.empty()) return true;
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
    if (changelog_) {
      if (!DeliverChanges(r, width, metrics)) return false;
      continue;
    }
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

namespace riffle {

void PushQueryBody::set_changelog(bool on) {
  if (!on) {
    changelog_.reset();
    return;
  }
  std::vector<size_t> keys;
  for (size_t i = 0; i < plan_.output.size() && i < plan_.output_roles.size(); ++i) {
    if (plan_.output_roles[i] == ColumnRole::kKey) keys.push_back(i);
  }
  if (!keys.empty()) {  // window bounds are part of a windowed table's key
    for (size_t i = 0; i < plan_.hidden_columns; ++i) keys.push_back(plan_.output.size() + i);
  }
  changelog_ = std::make_unique<ChangelogView>(std::move(keys));
}

bool PushQueryBody::DeliverChanges(size_t r, size_t width, JobMetrics& metrics) {
  std::vector<Value> full;
  full.reserve(batch_.columns.size());
  for (auto& column : batch_.columns) full.push_back(std::move(column[r]));
  marked_.clear();
  changelog_->Apply(batch_.kinds[r], std::move(full), marked_);
  for (MarkedRow& m : marked_) {
    if (plan_.limit && delivered_ >= *plan_.limit) return false;
    std::vector<Value> row;
    row.reserve(width + 1);
    row.push_back(Value::String(m.marker));
    for (size_t c = 0; c < width && c < m.row.size(); ++c) row.push_back(std::move(m.row[c]));
    while (!queue_->Push(std::move(row), 100)) {
      if (cancel_->load()) return false;
    }
    ++delivered_;
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
  return true;
}

}  // namespace riffle
