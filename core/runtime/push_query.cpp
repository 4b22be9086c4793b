#include "core/runtime/push_query.h"

#include <algorithm>

#include "core/runtime/operator_state.h"
#include "core/runtime/run_operators.h"
#include "core/types/datetime.h"

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

std::string EarlyRowsMessage(const QueryPlan& plan, const JoinDriver::EarlyRows& early) {
  auto name = [&](size_t i) {
    return i < plan.join_inputs.size() ? plan.join_inputs[i].source.name : std::string("?");
  };
  std::string stream = name(early.input);
  std::string table = name(early.table);
  return std::to_string(early.count) + " row" + (early.count == 1 ? "" : "s") + " of " + stream +
         " came before the first row of table " + table + " in event time (" + stream +
         "'s at " + FormatTimestampIso(early.row_time) + ", " + table + "'s at " +
         FormatTimestampIso(early.table_time) +
         ") and found it empty: a stream-table join looks each stream row up in the table as "
         "of the row's event time (ROWTIME or its TIMESTAMP column), as ksqlDB does. Give " +
         table + "'s rows earlier times, or " + stream + "'s later ones.";
}

void PushQueryBody::PublishEarlyRows(JobMetrics& metrics) {
  const JoinDriver::EarlyRows& early = join_->early_rows();
  if (early.count == metrics.rows_before_table.load(std::memory_order_relaxed)) return;
  metrics.rows_before_table.store(early.count, std::memory_order_relaxed);
  std::lock_guard lock(jump_mutex_);
  early_message_ = EarlyRowsMessage(plan_, early);
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

void PushQueryBody::PublishStreamTime() {
  StreamTimeStatus now;
  auto time_of = [](int64_t t) { return t == INT64_MIN ? std::nullopt : std::optional(t); };
  if (join_) {
    for (size_t i = 0; i < join_->num_inputs() && i < plan_.join_inputs.size(); ++i) {
      now.sources.push_back({plan_.join_inputs[i].source.name, time_of(join_->stream_time(i))});
    }
  } else {
    now.sources.push_back({plan_.source.name, time_of(scan_stream_time_)});
  }
  for (const Operator* op : PlanOperators(plan_)) {
    now.late_dropped += op->late_dropped.load(std::memory_order_relaxed);
  }
  bool changed = now.late_dropped != published_.late_dropped ||
                 now.sources.size() != published_.sources.size();
  for (size_t i = 0; !changed && i < now.sources.size(); ++i) {
    changed = now.sources[i].stream_time_ms != published_.sources[i].stream_time_ms;
  }
  if (!changed) return;
  published_ = now;
  stream_time_->Set(std::move(now));
}

void PushQueryBody::StopChangeTracking() {
  for (Operator* op : PlanOperators(plan_)) op->DisableChangeTracking();
}

bool PushQueryBody::Step(JobMetrics& metrics) {
  if (join_) {
    join_->Next(batch_, 100, metrics, ctx_);
    PublishEarlyRows(metrics);
    PublishPositions();  // a join's positions move as its buffers drain, not as it polls
  } else if (scan_->Next(batch_, 2000, 100, metrics) > 0) {
    PublishPositions();
  }
  if (batch_.empty()) {
    if (!join_) return true;
    PublishStreamTime();  // a join may have dropped late rows, leaving none
    if (!JoinLatePending()) return true;
    // Those rows are shown (riffle.show.late) although the batch brought no result.
    bool more = DeliverJoinLate();
    if (!HandOver(metrics)) return false;
    return more && !(plan_.limit && delivered_ >= *plan_.limit);
  }
  if (!join_) scan_stream_time_ = MaxRowtime(batch_, scan_stream_time_);
  TrackStreamTime(batch_, metrics, [this](size_t r, const std::string& message) {
    std::string where = batch_.partition[r] >= 0
                            ? " (partition " + std::to_string(batch_.partition[r]) + ", offset " +
                                  std::to_string(batch_.offset[r]) + ")"
                            : "";
    std::lock_guard lock(jump_mutex_);
    last_jump_ = "A record" + where + " jumped stream time ahead: " + message + ".";
  });
  RunOperators(plan_.operators, batch_, ctx_);
  PublishStreamTime();
  state_bytes_->store(PlanStateBytes(plan_), std::memory_order_relaxed);
  CheckStateCap(plan_, state_cap_);
  // The batch's rows, then those of its records that came too late (riffle.show.late), handed
  // to the shell together.
  bool more = DeliverBatch() && (late_.empty() || DeliverLate()) &&
              (!JoinLatePending() || DeliverJoinLate());
  if (!HandOver(metrics)) return false;
  return more && !(plan_.limit && delivered_ >= *plan_.limit);
}

bool PushQueryBody::HandOver(JobMetrics& metrics) {
  size_t n = pending_.size();
  if (!queue_->PushUnlessCancelled(std::move(pending_), *cancel_)) return false;
  pending_.clear();
  metrics.records_out.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  return true;
}

bool PushQueryBody::DeliverBatch() {
  if (batch_.empty()) return true;
  if (ctx_.errors > 0) {
    eval_errors_.fetch_add(ctx_.errors);
    ctx_.ClearErrors();
  }
  size_t n = batch_.num_rows();
  // Only the result's columns (not the hidden window bounds), and only new rows: the old row of
  // an update is not shown, nor a table's deletes.
  size_t width = std::min(batch_.columns.size(), plan_.output.size());
  pending_.reserve(pending_.size() + n);
  for (size_t r = 0; r < n; ++r) {
    if (plan_.limit && delivered_ >= *plan_.limit) return false;
    RowKind kind = batch_.kinds[r];
    if (changelog_) {
      if (!DeliverChanges(r, width)) return false;
      continue;
    }
    if (kind == RowKind::kUpdateBefore || (kind == RowKind::kDelete && plan_.is_table)) continue;
    std::vector<Value> row;
    row.reserve(width + 1);
    for (size_t c = 0; c < width; ++c) row.push_back(std::move(batch_.columns[c][r]));
    if (show_late_) row.emplace_back();
    pending_.push_back(std::move(row));
    ++delivered_;
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

bool PushQueryBody::DeliverChanges(size_t r, size_t width) {
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
    if (show_late_) row.emplace_back();
    pending_.push_back(std::move(row));
    ++delivered_;
  }
  return true;
}

}  // namespace riffle
