#pragma once
// Plans a SELECT into a pipeline of physical operators over one source. For now the planner
// handles stateless queries (projection, filter); aggregation, windows and joins plug in here.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/engine/result_sink.h"
#include "core/exec/operator.h"
#include "core/plan/source_layout.h"
#include "core/sql/ast.h"

namespace riffle {

struct QueryPlan {
  SourceInfo source;
  SourceLayout layout;
  std::vector<std::unique_ptr<Operator>> operators;  // applied in order to each batch
  std::vector<ResultColumn> output;                  // names and types of the result
  std::vector<ColumnRole> output_roles;              // key or value, for sinks
  std::optional<int64_t> limit;
  // One line per step for EXPLAIN, source first.
  std::vector<std::string> Describe() const;
};

// Binds `query` against the catalog and builds its plan. Throws RiffleError (kBind, kType) with
// positions relative to the statement text.
QueryPlan PlanQuery(const Query& query, const Catalog& catalog);

// Looks a source up by name, throwing RiffleError(kBind) at `pos` with a "did you mean" hint
// when it does not exist.
SourceInfo RequireSource(const Catalog& catalog, const std::string& name, SourcePos pos);

}  // namespace riffle
