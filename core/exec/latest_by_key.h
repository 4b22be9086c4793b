#pragma once
// The latest row per key of a changelog batch, ordered by key: what a TableSnapshot holds after
// applying the batch, computed by one sort instead of a map update per row. For a finite
// aggregation's few result rows (one per group, plus the rows of windows that closed early).

#include <vector>

#include "core/types/batch.h"

namespace riffle {

// `rows` in changelog order; `key_columns` identify a row (key columns, then window bounds).
// Same rules as TableSnapshot::Apply then Take: for each key the last row that is not
// kUpdateBefore decides (kDelete: no row; otherwise that row), rows whose key columns are all
// NULL are ignored, and the result holds kInsert rows ordered by key (CompareValues) with their
// ROWTIME, partition and offset.
Batch LatestRowsByKey(Batch rows, const std::vector<int>& key_columns);

}  // namespace riffle
