// riffle.show.late: the records a push query's windowed aggregation or stream-stream joins
// dropped as late, delivered as rows after the rows of the batch that brought them.
#include <cstdio>

#include "core/exec/filter.h"
#include "core/exec/project.h"
#include "core/runtime/push_query.h"
#include "core/types/datetime.h"

namespace riffle {

namespace {

// "8.000 s": a duration in a LATE cell.
std::string Seconds(int64_t ms) {
  char text[48];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(ms) / 1000);
  return std::string(text);
}

}  // namespace

std::string LateRowText(const LateRecord& late) {
  return "late by " + Seconds(late.stream_time_ms - late.event_time_ms) + "; window [" +
         FormatTimestampIso(late.window_start_ms) + ", " + FormatTimestampIso(late.window_end_ms) +
         ") closed (grace " + Seconds(late.grace_ms) + ")";
}

namespace {

// The plan's windowed aggregation, or null (the operators are the plan's: const plan or not).
AggregateOperator* WindowedAggregate(const QueryPlan& plan) {
  if (!plan.window) return nullptr;
  AggregateOperator* aggregate = nullptr;
  for (const auto& op : plan.operators) {
    if (auto* a = dynamic_cast<AggregateOperator*>(op.get()); a != nullptr) aggregate = a;
  }
  return aggregate;
}

}  // namespace

const AggregateOperator* PushQueryBody::windowed_aggregate() const {
  return WindowedAggregate(plan_);
}

std::string JoinLateRowText(const JoinLateRecord& late, const std::string& side,
                            const std::string& other) {
  // The other side's rows in [t - from, t + to] join a row at t.
  int64_t from = late.side == 0 ? late.before_ms : late.after_ms;
  int64_t to = late.side == 0 ? late.after_ms : late.before_ms;
  int64_t t = late.event_time_ms;
  return "late by " + Seconds(late.side_time_ms - t) + "; " + side +
         (late.side == 0 ? " (left)" : " (right)") + " join window [" +
         FormatTimestampIso(t - from) + ", " + FormatTimestampIso(t + to) + "] closed (grace " +
         Seconds(late.grace_ms) + "): not stored, later " + other + " rows cannot join it";
}

bool PushQueryBody::set_show_late(bool on) {
  bool any = false;
  if (AggregateOperator* aggregate = WindowedAggregate(plan_); aggregate != nullptr) {
    aggregate->set_late_records(on ? &late_ : nullptr);
    any = true;
  }
  join_late_.assign(plan_.joins.size(), {});
  for (size_t k = 0; k < plan_.joins.size(); ++k) {
    if (plan_.joins[k]->spec().kind != JoinKind::kStreamStream) continue;
    plan_.joins[k]->set_late_records(on ? &join_late_[k] : nullptr);
    any = true;
  }
  // A late join row shows its own columns where the result shows the join's (a projection,
  // after filters only); after an aggregation or any other step, none.
  join_output_sources_.clear();
  for (const auto& op : plan_.operators) {
    if (dynamic_cast<const FilterOperator*>(op.get()) != nullptr) continue;
    if (const auto* project = dynamic_cast<const ProjectOperator*>(op.get())) {
      join_output_sources_ = project->ColumnSources();
    }
    break;
  }
  show_late_ = on && any;
  return any;
}

bool PushQueryBody::JoinLatePending() const {
  for (const auto& records : join_late_) {
    if (!records.empty()) return true;
  }
  return false;
}

bool PushQueryBody::DeliverJoinLate() {
  for (size_t k = 0; k < join_late_.size(); ++k) {
    std::vector<JoinLateRecord> late;
    late.swap(join_late_[k]);
    if (late.empty()) continue;
    const JoinSpec& spec = plan_.joins[k]->spec();
    // Join k's output is a prefix of the last join's: its left rows from column 0, its right
    // rows after them, then its key.
    std::string left = plan_.join_inputs[0].source.name;
    for (size_t i = 1; i <= k && i < plan_.join_inputs.size(); ++i) {
      left += "+" + plan_.join_inputs[i].source.name;
    }
    std::string right =
        k + 1 < plan_.join_inputs.size() ? plan_.join_inputs[k + 1].source.name : "the other";
    const int key_column = static_cast<int>(spec.left_width + spec.right_width);
    for (const JoinLateRecord& l : late) {
      if (plan_.limit && delivered_ >= *plan_.limit) return false;
      const int first = l.side == 0 ? 0 : static_cast<int>(spec.left_width);
      const int end = first + static_cast<int>(l.row.size());
      std::vector<Value> row;
      if (changelog_) row.push_back(Value::String("LATE"));
      for (size_t c = 0; c < plan_.output.size(); ++c) {
        int source = c < join_output_sources_.size() ? join_output_sources_[c] : -1;
        if (source >= first && source < end) {
          row.push_back(l.row[static_cast<size_t>(source - first)]);
        } else if (source >= 0 && source == key_column) {
          row.push_back(l.key);
        } else {
          row.emplace_back();
        }
      }
      row.push_back(Value::String(
          JoinLateRowText(l, l.side == 0 ? left : right, l.side == 0 ? right : left)));
      pending_.push_back(std::move(row));
      ++delivered_;
    }
  }
  return true;
}

bool PushQueryBody::DeliverLate() {
  std::vector<LateRecord> late;
  late.swap(late_);
  for (const LateRecord& l : late) {
    if (plan_.limit && delivered_ >= *plan_.limit) return false;
    std::vector<Value> row;
    if (changelog_) row.push_back(Value::String("LATE"));
    for (size_t c = 0; c < plan_.output.size(); ++c) {
      int rank = c < plan_.key_rank.size() ? plan_.key_rank[c] : -1;
      std::string name = plan_.output[c].name;
      if (rank >= 0 && static_cast<size_t>(rank) < l.group.size()) {
        row.push_back(l.group[rank]);
      } else if (plan_.output[c].window_bound && name == "WINDOWSTART") {
        row.push_back(Value::Int(l.window_start_ms));
      } else if (plan_.output[c].window_bound && name == "WINDOWEND") {
        row.push_back(Value::Int(l.window_end_ms));
      } else {
        row.emplace_back();
      }
    }
    row.push_back(Value::String(LateRowText(l)));
    pending_.push_back(std::move(row));
    ++delivered_;
  }
  return true;
}

}  // namespace riffle
