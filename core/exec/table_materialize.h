#pragma once
// Materializes a table source: keeps the latest row per key so that the table's changelog
// carries old values, which aggregations need to retract. For each input row:
//  - an upsert of a new key becomes kInsert(new);
//  - an upsert of a known key becomes kUpdateBefore(old) followed by kUpdateAfter(new);
//  - a tombstone (kDelete) of a known key becomes kDelete(old) and forgets the key;
//  - a tombstone of an unknown key is dropped (nothing to retract).
// The materialized rows are operator state, checkpointed per key (SaveChanges: the rows whose
// key changed since the last checkpoint).

#include <string>
#include <unordered_map>
#include <vector>

#include "core/exec/operator.h"

namespace riffle {

class TableMaterializeOperator : public Operator {
 public:
  // `key_columns`: the batch columns forming the table's primary key.
  TableMaterializeOperator(std::vector<int> key_columns, size_t num_columns);

  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override { return "Materialize (latest row per key)"; }
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;
  bool KeyedState() const override { return true; }
  void SaveChanges(StateChanges& out, bool all) override;
  void RestoreEntries(std::string_view header, const StateEntries& entries) override;
  void DisableChangeTracking() override { dirty_.set_tracking(false); }
  size_t size() const { return rows_.size(); }
  // Approximate bytes of the materialized rows (keys and values).
  int64_t StateBytes() const override { return state_bytes_.load(std::memory_order_relaxed); }

 private:
  struct KeyHash {
    size_t operator()(const std::vector<Value>& k) const;
  };
  void AppendRow(const std::vector<Value>& row, RowKind kind, const Batch& in, size_t r);
  // Bytes one materialized row holds: its key copy, its values and the hash node.
  int64_t RowBytes(const std::vector<Value>& key, const std::vector<Value>& row) const;

  std::vector<int> key_columns_;
  size_t num_columns_;
  std::unordered_map<std::vector<Value>, std::vector<Value>, KeyHash> rows_;
  DirtyKeys<std::vector<Value>, KeyHash> dirty_;  // keys changed since the last checkpoint
  int64_t bytes_ = 0;  // kept by Process, published to state_bytes_ after each batch
  std::atomic<int64_t> state_bytes_{0};
  std::vector<Value> key_;
  std::vector<Value> row_;
  Batch out_;
};

}  // namespace riffle
