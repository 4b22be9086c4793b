#pragma once
// ksqlDB's rules for pull queries (a SELECT without EMIT that does not aggregate), checked after
// the query is planned so that type errors are reported first, as ksqlDB reports them.
//
// 0. LIMIT only while ksql.query.pull.limit.clause.enabled is not false.
// 1. ROWPARTITION and ROWOFFSET may not appear in its SELECT or WHERE clause (ksqlDB's
//    PullQueryValidator): a pull query reads a table's state, not records.
// 2. Over a table, with ksql.query.pull.table.scan.enabled=false, the WHERE clause must be a key
//    lookup (ksqlDB's QueryFilterNode): rewritten into disjuncts (IN becomes ORs of equalities,
//    BETWEEN two bounds), each disjunct an AND of comparisons that bind every key column once
//    with `=` (or a range), the other side an expression without columns; WINDOWSTART and
//    WINDOWEND bound only on windowed tables; LIKE only on STRING columns with a string
//    pattern. Without WHERE, the query is refused ("Missing WHERE clause"). What is left must
//    be key lookups, or one range over a single STRING/BYTES key of an unwindowed table when
//    ksql.query.pull.range.scan.enabled is not false (ksqlDB's PullPhysicalPlanBuilder); else
//    "Query requires table scan to be enabled".
// 3. A key compared with a literal must take that literal: NULL is refused ("Primary key
//    columns can not be NULL") and so is a literal that does not coerce to the key's type
//    without a CAST (ksqlDB's KeyValueExtractor.resolveKey).

#include "core/sql/ast.h"
#include "core/types/schema.h"

namespace riffle {

struct PullQueryShape {
  bool is_table = false;
  bool windowed = false;
  bool table_scans_enabled = true;  // ksql.query.pull.table.scan.enabled
  bool range_scans_enabled = true;  // ksql.query.pull.range.scan.enabled
  bool limit_enabled = true;        // ksql.query.pull.limit.clause.enabled
  const Schema* schema = nullptr;   // the source's columns (keys have ColumnRole::kKey)
};

// Throws RiffleError(kBind) with ksqlDB's message when the pull query `q` breaks a rule above.
void CheckPullQuery(const Query& q, const PullQueryShape& shape);

}  // namespace riffle
