#pragma once
// Foreign-key table-table join (ksqlDB's INNER and LEFT FK joins). The left table's rows are
// keyed by their primary key (spec.left_key_columns) and each references one right row through
// its foreign key (spec.left_key, any expression over the left row); the right table is keyed by
// its primary key (spec.right_key). The result is keyed by the left primary key:
//  - a left upsert emits its joined row (LEFT: null-padded when nothing matches; INNER: nothing
//    for a new key, a delete for a key that had a row, to retract the previous result);
//  - a left delete emits a delete;
//  - a right upsert re-emits every left row referencing it, a right delete emits them
//    null-padded (LEFT) or deleted (INNER), in left-key order.
// A NULL foreign key matches nothing. Output rows take the triggering row's time. Internal to
// core/exec: use MakeJoinOperator.

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/exec/join_kinds.h"

namespace riffle {

class ForeignKeyJoin : public JoinOperator {
 public:
  explicit ForeignKeyJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {}
  void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  // Entries: each side's row per key; the subscriptions are rebuilt from the left rows.
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override {
    dirty_[0].set_tracking(false);
    dirty_[1].set_tracking(false);
  }

 private:
  struct ValueLess {
    bool operator()(const Value& a, const Value& b) const { return CompareValues(a, b) < 0; }
  };
  struct LeftRow {
    int64_t ts = 0;
    Value fk;
    std::vector<Value> row;
  };
  // Left primary keys referencing one foreign key, ordered as the re-emission order.
  using Subscribers = std::set<Value, ValueLess>;

  void ProcessLeft(Batch& in, Batch& out, int64_t& emitted);
  void ProcessRight(Batch& in, Batch& out, int64_t& emitted);
  // The left row's primary key: its key column, or a list of them for a composite key.
  Value LeftKey(const Batch& in, size_t r) const;
  void Subscribe(const Value& fk, const Value& left_key);
  void Unsubscribe(const Value& fk, const Value& left_key);

  std::unordered_map<Value, LeftRow, ValueHash> left_;
  std::unordered_map<Value, TimedRow, ValueHash> right_;
  std::unordered_map<Value, Subscribers, ValueHash> subscribers_;
  DirtyKeys<Value, ValueHash> dirty_[2];  // keys changed since the last checkpoint, per side
  bool save_all_next_ = false;  // restored from a blob: the next checkpoint writes everything
  int64_t bytes_ = 0;
  ArgValues keys_;
};

}  // namespace riffle
