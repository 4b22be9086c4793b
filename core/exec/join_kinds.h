#pragma once
// The three join operators behind MakeJoinOperator (see join_operator.h for their semantics).
// Internal to core/exec: use MakeJoinOperator.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/exec/join_operator.h"

namespace riffle {

struct ValueHash {
  size_t operator()(const Value& v) const { return HashValue(v); }
};

// A row held in join state with its event time.
struct TimedRow {
  int64_t ts = 0;
  std::vector<Value> row;
};

class StreamTableJoin : public JoinOperator {
 public:
  explicit StreamTableJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {}
  void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override { dirty_.set_tracking(false); }

 private:
  std::unordered_map<Value, std::vector<Value>, ValueHash> table_;
  DirtyKeys<Value, ValueHash> dirty_;  // table keys changed since the last checkpoint
  int64_t bytes_ = 0;
  ArgValues keys_;
};

class StreamStreamJoin : public JoinOperator {
 public:
  explicit StreamStreamJoin(JoinSpec spec);
  void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  std::string Describe() const override;
  // Entries: each side's rows per store key (rewritten whole when one of them changes) and each
  // pending row; the header holds the stream times and the next pending id.
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override;

 private:
  // A row in a side's window store. `pending` is its id in pending_[side] while it is an
  // unmatched outer row waiting for its window to close, else 0.
  struct Entry {
    int64_t ts = 0;
    std::vector<Value> row;
    uint64_t pending = 0;
  };
  // Per side: join key (with the window bounds of a windowed source) -> rows, oldest first.
  using Buffer = std::unordered_map<Value, std::vector<Entry>, ValueHash>;
  // An unmatched outer row held until its join window closes (Kafka Streams' outer store).
  struct Pending {
    Value key;  // the join key shown in the output
    std::vector<Value> row;
  };
  // Ordered by (event time, arrival), so closed rows leave oldest first.
  using PendingQueue = std::map<std::pair<int64_t, uint64_t>, Pending>;

  bool Outer(int side) const;
  // The key rows of `side` match on: the join key, plus the window bounds of a windowed source.
  Value StoreKey(int side, const Value& key, const std::vector<Value>& row) const;
  // Emits the pending rows whose window closed before stream_time_, oldest first.
  void EmitClosed(Batch& out);
  void Purge(int side);
  // A row of `side` older than its window store keeps: counted, logged and, when asked
  // (set_late_records), handed over; it is not stored.
  void Late(int side, const Batch& in, size_t r, const Value& key, const std::vector<Value>& row);

  // Marks a pending row added or removed since the last checkpoint.
  void MarkPending(int side, std::pair<int64_t, uint64_t> at);
  void Published();

  Buffer buffers_[2];
  PendingQueue pending_[2];
  DirtyKeys<Value, ValueHash> dirty_[2];  // store keys whose rows changed, per side
  std::set<std::pair<int64_t, uint64_t>> dirty_pending_[2];
  bool track_pending_ = true;
  bool save_all_next_ = false;  // restored from a blob: the next checkpoint writes everything
  uint64_t next_pending_ = 1;
  int64_t observed_[2] = {INT64_MIN, INT64_MIN};  // max event time stored per side
  int64_t stream_time_ = INT64_MIN;               // max event time seen on either side
  int64_t retention_ms_;
  int64_t since_purge_ = 0;
  int64_t bytes_ = 0;
  ArgValues keys_;
};

class TableTableJoin : public JoinOperator {
 public:
  explicit TableTableJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {}
  void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override {
    dirty_[0].set_tracking(false);
    dirty_[1].set_tracking(false);
  }

 private:
  bool Joins(bool has_left, bool has_right) const;
  std::unordered_map<Value, TimedRow, ValueHash> tables_[2];
  DirtyKeys<Value, ValueHash> dirty_[2];  // keys changed since the last checkpoint, per side
  int64_t bytes_ = 0;
  ArgValues keys_;
};

}  // namespace riffle
