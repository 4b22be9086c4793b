#pragma once
// A physical operator: transforms a batch in place, once per batch (never per row through a
// virtual call). Stateless operators (filter, project) need nothing else; stateful ones will keep
// their state inside. Counters are atomics so EXPLAIN can read them while the job runs.

#include <atomic>
#include <string>

#include "core/expr/eval_context.h"
#include "core/types/batch.h"

namespace riffle {

class Operator {
 public:
  virtual ~Operator() = default;
  // Consumes `batch` and leaves the operator's output in it.
  virtual void Process(Batch& batch, EvalContext& ctx) = 0;
  // One line for EXPLAIN, e.g. "Filter (AMOUNT > 10)".
  virtual std::string Describe() const = 0;

  std::atomic<int64_t> rows_in{0};
  std::atomic<int64_t> rows_out{0};
};

}  // namespace riffle
