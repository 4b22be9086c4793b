#pragma once
// Runs a batch through a pipeline of operators, charging each one the time it took (EXPLAIN's
// "time spent"). Two clock reads per operator per batch: negligible next to a batch's work.

#include <memory>
#include <vector>

#include "core/exec/operator.h"

namespace riffle {

// Applies `ops` in order to `batch`, stopping early when the batch becomes empty.
void RunOperators(const std::vector<std::unique_ptr<Operator>>& ops, Batch& batch,
                  EvalContext& ctx);

// The largest ROWTIME in `batch`, or `current` when that is larger (or the batch is empty).
int64_t MaxRowtime(const Batch& batch, int64_t current);

}  // namespace riffle
