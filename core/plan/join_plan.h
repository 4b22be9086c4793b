#pragma once
// Plans a SELECT with JOINs (ksqlDB semantics): stream-table (INNER, LEFT), stream-stream with
// WITHIN (INNER, LEFT, RIGHT, FULL OUTER, optional GRACE PERIOD), table-table (all four),
// foreign-key table-table (INNER, LEFT; the left side any expression over the left table, the
// result keyed by the left table's key; only as the first join), and n-way chains of those. Columns of the joined row are named as ksqlDB does: `*` and `A.*` give
// A_COL for every column; a qualified column gets the prefix only when its name is in several
// sources. The result's key is the projected join column (the left side's first) or, when the
// criteria are not plain columns or for FULL OUTER joins, a synthetic ROWKEY.

#include <string>

#include "core/plan/query_plan.h"

namespace riffle {

// Plans `query` (which has joins). Throws RiffleError(kBind, kType) with ksqlDB's messages for
// unsupported combinations (self joins, table-stream order, missing WITHIN, non-key table
// criteria, mismatched types, windowed sources...).
QueryPlan PlanJoinQuery(const Query& query, const Catalog& catalog, const PlanOptions& options);

// For a persistent join query writing `sink`: ksqlDB's error when the projection lacks the join
// key, or "" when it has it.
std::string MissingJoinKeyMessage(const QueryPlan& plan, const std::string& sink);

}  // namespace riffle
