#include "core/exec/table_function.h"

#include <algorithm>

namespace riffle {

TableFunctionOperator::TableFunctionOperator(std::vector<TableFunctionCall> calls)
    : calls_(std::move(calls)), args_(calls_.size()), results_(calls_.size()) {
  for (size_t k = 0; k < calls_.size(); ++k) args_[k].resize(calls_[k].args.size());
}

void TableFunctionOperator::Process(Batch& batch, EvalContext& ctx) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  size_t width = batch.columns.size();
  for (size_t k = 0; k < calls_.size(); ++k) {
    for (size_t a = 0; a < calls_[k].args.size(); ++a) {
      args_[k][a].Fill(*calls_[k].args[a], batch, ctx);
    }
  }
  out_.Reset(width + calls_.size());
  std::vector<const Value*> arg_ptrs;
  for (size_t r = 0; r < n; ++r) {
    if (batch.kinds[r] == RowKind::kDelete) continue;  // a stream tombstone has no array
    size_t rows = 0;
    for (size_t k = 0; k < calls_.size(); ++k) {
      arg_ptrs.clear();
      for (const ArgValues& a : args_[k]) arg_ptrs.push_back(&a[r]);
      results_[k].clear();
      calls_[k].fn->table_eval(arg_ptrs.data(), arg_ptrs.size(), calls_[k].call, results_[k]);
      rows = std::max(rows, results_[k].size());
    }
    for (size_t i = 0; i < rows; ++i) {
      bool last = i + 1 == rows;
      for (size_t c = 0; c < width; ++c) {
        if (last) {
          out_.columns[c].push_back(std::move(batch.columns[c][r]));
        } else {
          out_.columns[c].push_back(batch.columns[c][r]);
        }
      }
      for (size_t k = 0; k < calls_.size(); ++k) {
        std::vector<Value>& res = results_[k];
        out_.columns[width + k].push_back(i < res.size() ? std::move(res[i]) : Value());
      }
      out_.AddRowMeta(batch.kinds[r], batch.rowtime[r], batch.partition[r], batch.offset[r]);
    }
  }
  std::swap(batch, out_);
  rows_out.fetch_add(static_cast<int64_t>(batch.num_rows()), std::memory_order_relaxed);
}

std::string TableFunctionOperator::Describe() const {
  std::string s = "FlatMap (";
  for (size_t k = 0; k < calls_.size(); ++k) s += (k ? ", " : "") + calls_[k].text;
  return s + ")";
}

}  // namespace riffle
