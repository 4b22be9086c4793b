#include "core/exec/drop_null_keys.h"

namespace riffle {

void DropNullKeysOperator::Process(Batch& batch, EvalContext& /*ctx*/) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  size_t kept = 0;
  for (size_t r = 0; r < n; ++r) {
    bool null_key = !key_columns_.empty();
    for (int k : key_columns_) null_key = null_key && batch.columns[k][r].is_null();
    if (null_key) continue;
    if (kept != r) {
      for (auto& col : batch.columns) col[kept] = std::move(col[r]);
      batch.kinds[kept] = batch.kinds[r];
      batch.rowtime[kept] = batch.rowtime[r];
      batch.partition[kept] = batch.partition[r];
      batch.offset[kept] = batch.offset[r];
    }
    ++kept;
  }
  if (kept != n) {
    for (auto& col : batch.columns) col.resize(kept);
    batch.kinds.resize(kept);
    batch.rowtime.resize(kept);
    batch.partition.resize(kept);
    batch.offset.resize(kept);
  }
  rows_out.fetch_add(static_cast<int64_t>(kept), std::memory_order_relaxed);
}

}  // namespace riffle
