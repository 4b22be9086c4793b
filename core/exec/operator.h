#pragma once
// A physical operator: transforms a batch in place, once per batch (never per row through a
// virtual call). Stateless operators (filter, project) need nothing else; stateful ones will keep
// their state inside. Counters are atomics so EXPLAIN can read them while the job runs.

#include <atomic>
#include <string>
#include <string_view>

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
  // Stateful operators serialize their state for checkpoints ("" for stateless ones) and
  // restore it when the job restarts. RestoreState receives exactly what SaveState returned,
  // before the first Process; it throws RiffleError(kRuntime) when the blob is corrupt.
  virtual std::string SaveState() const { return ""; }
  virtual void RestoreState(std::string_view /*blob*/) {}
  // Approximate bytes of state held (keys, aggregates, windows, join buffers), for EXPLAIN.
  // Called from other threads while the job runs: implementations read an atomic they keep up
  // to date, never the state itself.
  virtual int64_t StateBytes() const { return 0; }

  std::atomic<int64_t> rows_in{0};
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanos{0};         // time spent in Process, measured by the caller
  std::atomic<int64_t> late_dropped{0};  // records dropped as later than the grace period
};

}  // namespace riffle
