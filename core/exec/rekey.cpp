#include "core/exec/rekey.h"

namespace riffle {

void RekeyOperator::Process(Batch& batch, EvalContext&) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  for (size_t r = 0; r < n; ++r) {
    if (batch.kinds[r] != RowKind::kDelete) continue;
    for (size_t k = 0; k < key_columns_.size(); ++k) {
      if (k >= from_key_.size() || !from_key_[k]) batch.columns[key_columns_[k]][r] = Value();
    }
  }
  rows_out.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
}

}  // namespace riffle
