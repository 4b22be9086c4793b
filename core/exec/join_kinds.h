#pragma once
// The three join operators behind MakeJoinOperator (see join_operator.h for their semantics).
// Internal to core/exec: use MakeJoinOperator.

#include <cstdint>
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

 private:
  std::unordered_map<Value, std::vector<Value>, ValueHash> table_;
  int64_t bytes_ = 0;
  ArgValues keys_;
};

class StreamStreamJoin : public JoinOperator {
 public:
  explicit StreamStreamJoin(JoinSpec spec);
  void ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;

 private:
  struct Entry {
    int64_t ts = 0;
    std::vector<Value> row;
    bool pending = false;  // an unmatched outer row waiting for its window to close
  };
  using Buffer = std::unordered_map<Value, std::vector<Entry>, ValueHash>;
  // Emits the pending outer rows whose window closed before stream_time_, oldest first.
  void EmitClosed(Batch& out);
  void Purge(int side);
  bool Outer(int side) const;

  Buffer buffers_[2];
  int64_t observed_[2] = {INT64_MIN, INT64_MIN};  // max event time stored per side
  int64_t stream_time_ = INT64_MIN;
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

 private:
  bool Joins(bool has_left, bool has_right) const;
  std::unordered_map<Value, TimedRow, ValueHash> tables_[2];
  int64_t bytes_ = 0;
  ArgValues keys_;
};

}  // namespace riffle
