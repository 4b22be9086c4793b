#pragma once
// A batch of rows exchanged between operators: one std::vector<Value> per schema column plus
// per-row changelog kind, ROWTIME, ROWPARTITION and ROWOFFSET. Operators work a batch at a time;
// nothing on the hot path is per-record virtual.

#include <cstdint>
#include <vector>

#include "core/types/value.h"

namespace riffle {

// The kind of change a row represents (streams are all kInsert).
enum class RowKind : uint8_t { kInsert, kUpdateBefore, kUpdateAfter, kDelete };

struct Batch {
  std::vector<std::vector<Value>> columns;  // columns[c][r]
  std::vector<RowKind> kinds;
  std::vector<int64_t> rowtime;
  std::vector<int32_t> partition;
  std::vector<int64_t> offset;

  size_t num_rows() const { return rowtime.size(); }
  bool empty() const { return rowtime.empty(); }

  // Empties the batch, keeping `num_columns` columns and their capacity.
  void Reset(size_t num_columns) {
    columns.resize(num_columns);
    for (auto& c : columns) c.clear();
    kinds.clear();
    rowtime.clear();
    partition.clear();
    offset.clear();
  }
  // Makes room for `rows` more rows in every column and the row metadata, so that appending
  // them row by row does not grow each vector by doubling (a move of every Value each time).
  void Reserve(size_t rows) {
    size_t want = num_rows() + rows;
    for (auto& c : columns) c.reserve(want);
    kinds.reserve(want);
    rowtime.reserve(want);
    partition.reserve(want);
    offset.reserve(want);
  }
  // Appends the row metadata of one row; the caller appends one value to every column.
  void AddRowMeta(RowKind kind, int64_t ts, int32_t part, int64_t off) {
    kinds.push_back(kind);
    rowtime.push_back(ts);
    partition.push_back(part);
    offset.push_back(off);
  }
};

}  // namespace riffle
