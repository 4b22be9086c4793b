#pragma once
// The logical plan of a query, for EXPLAIN: what the query means, step by step from its
// sources to its result, before riffle picks operators (the physical plan, QueryPlan).

#include <string>
#include <vector>

#include "core/sql/ast.h"

namespace riffle {

// One line per logical step, the result first and the sources last, each indented by its
// depth in the tree ("Project ...", "  Filter ...", "    Scan ORDERS").
std::vector<std::string> LogicalPlan(const Query& query);

}  // namespace riffle
