#include "core/exec/table_snapshot.h"

namespace riffle {

bool TableSnapshot::KeyLess::operator()(const std::vector<Value>& a,
                                        const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

void TableSnapshot::Apply(const Batch& batch) {
  std::vector<Value> key(key_columns_.size());
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    RowKind kind = batch.kinds[r];
    if (kind == RowKind::kUpdateBefore) continue;
    bool all_null = true;
    for (size_t i = 0; i < key_columns_.size(); ++i) {
      key[i] = batch.columns[key_columns_[i]][r];
      all_null = all_null && key[i].is_null();
    }
    if (all_null && !key_columns_.empty()) continue;
    if (kind == RowKind::kDelete) {
      rows_.erase(key);
      continue;
    }
    Row& row = rows_[key];
    row.values.resize(width_);
    for (size_t c = 0; c < width_; ++c) row.values[c] = batch.columns[c][r];
    row.rowtime = batch.rowtime[r];
    row.partition = batch.partition[r];
    row.offset = batch.offset[r];
  }
}

Batch TableSnapshot::Take() {
  Batch out;
  out.Reset(width_);
  for (auto& [key, row] : rows_) {
    for (size_t c = 0; c < width_; ++c) out.columns[c].push_back(std::move(row.values[c]));
    out.AddRowMeta(RowKind::kInsert, row.rowtime, row.partition, row.offset);
  }
  rows_.clear();
  return out;
}

}  // namespace riffle
