#include "core/exec/append_pseudo_columns.h"

namespace riffle {

void AppendPseudoColumnsOperator::Process(Batch& batch, EvalContext& /*ctx*/) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  for (PseudoColumn p : columns_) {
    std::vector<Value>& col = batch.columns.emplace_back();
    col.reserve(n);
    for (size_t r = 0; r < n; ++r) {
      int64_t v = p == PseudoColumn::kRowtime      ? batch.rowtime[r]
                  : p == PseudoColumn::kRowpartition ? batch.partition[r]
                                                     : batch.offset[r];
      col.push_back(Value::Int(v));
    }
  }
  rows_out.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
}

std::string AppendPseudoColumnsOperator::Describe() const {
  std::string s = "Keep";
  for (size_t i = 0; i < columns_.size(); ++i) {
    s += (i == 0 ? " " : ", ");
    s += PseudoColumnName(columns_[i]);
  }
  return s + " as column(s)";
}

}  // namespace riffle
