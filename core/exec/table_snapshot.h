#pragma once
// The current contents of a table, built by reading its changelog: the latest row per key (and
// per window, for windowed tables); a delete removes the key. Used by pull queries, which read
// a table's topic to its end and then answer from the final state.

#include <map>
#include <vector>

#include "core/types/batch.h"

namespace riffle {

class TableSnapshot {
 public:
  // `key_columns`: the batch columns identifying a row (key columns, then window bounds).
  TableSnapshot(std::vector<int> key_columns, size_t width)
      : key_columns_(std::move(key_columns)), width_(width) {}

  // Applies a changelog batch: upserts replace the key's row; kDelete removes it; rows whose
  // key is all NULL are ignored. kUpdateBefore rows are ignored (their kUpdateAfter follows).
  void Apply(const Batch& batch);
  // The rows, ordered by key, as kInsert rows with their ROWTIME, partition and offset.
  Batch Take();
  size_t size() const { return rows_.size(); }

 private:
  struct KeyLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
  };
  struct Row {
    std::vector<Value> values;
    int64_t rowtime = 0;
    int32_t partition = 0;
    int64_t offset = 0;
  };
  std::vector<int> key_columns_;
  size_t width_;
  std::map<std::vector<Value>, Row, KeyLess> rows_;
};

}  // namespace riffle
