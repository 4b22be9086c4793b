#include "core/exec/rekey.h"

namespace riffle {

void RekeyOperator::Process(Batch& batch, EvalContext&) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  for (size_t r = 0; r < n; ++r) {
    if (batch.kinds[r] != RowKind::kDelete) continue;
    for (int c : key_columns_) batch.columns[c][r] = Value();
  }
  rows_out.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
}

}  // namespace riffle
