#include "core/exec/latest_by_key.h"

#include <algorithm>
#include <cstdint>

namespace riffle {

namespace {

// CompareValues, with integers (the usual GROUP BY and window bound) compared inline.
int CompareKeyValues(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
  }
  return CompareValues(a, b);
}

}  // namespace

Batch LatestRowsByKey(Batch rows, const std::vector<int>& key_columns) {
  std::vector<uint32_t> order;
  order.reserve(rows.num_rows());
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    if (rows.kinds[r] == RowKind::kUpdateBefore) continue;
    bool all_null = !key_columns.empty();
    for (int c : key_columns) all_null = all_null && rows.columns[c][r].is_null();
    if (!all_null) order.push_back(static_cast<uint32_t>(r));
  }
  auto compare = [&](uint32_t a, uint32_t b) {
    for (int c : key_columns) {
      int d = CompareKeyValues(rows.columns[c][a], rows.columns[c][b]);
      if (d != 0) return d;
    }
    return 0;
  };
  // Stable: rows of one key stay in changelog order, so the last of each run is the latest.
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return compare(a, b) < 0; });
  Batch out;
  out.Reset(rows.columns.size());
  out.Reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    uint32_t r = order[i];
    if (i + 1 < order.size() && compare(r, order[i + 1]) == 0) continue;
    if (rows.kinds[r] == RowKind::kDelete) continue;
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      out.columns[c].push_back(std::move(rows.columns[c][r]));
    }
    out.AddRowMeta(RowKind::kInsert, rows.rowtime[r], rows.partition[r], rows.offset[r]);
  }
  return out;
}

}  // namespace riffle
