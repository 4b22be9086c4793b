#pragma once
// A physical operator: transforms a batch in place, once per batch (never per row through a
// virtual call). Stateless operators (filter, project) need nothing else; stateful ones will keep
// their state inside. Counters are atomics so EXPLAIN can read them while the job runs.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/exec/state_changes.h"
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
  // Incremental checkpoints (state_changes.h). An operator whose state is keyed returns true
  // from KeyedState and implements the two methods below; the others are checkpointed through
  // SaveState, rewritten only when its blob changed. Keyed operators still restore an old-style
  // blob (RestoreState) written before riffle kept state per key.
  virtual bool KeyedState() const { return false; }
  // Appends to `out` the header and the entries changed since the previous SaveChanges, or all
  // entries when `all`, and starts a new interval. Job thread only, between batches.
  virtual void SaveChanges(StateChanges& /*out*/, bool /*all*/) {}
  // Restores the state SaveChanges calls stored (header and every entry, coalesced), before the
  // first Process. Throws RiffleError(kRuntime) when an entry is corrupt.
  virtual void RestoreEntries(std::string_view /*header*/, const StateEntries& /*entries*/) {}
  // Push queries never checkpoint: keyed operators may stop marking dirty keys.
  virtual void DisableChangeTracking() {}
  // Approximate bytes of state held (keys, aggregates, windows, join buffers), for EXPLAIN.
  // Called from other threads while the job runs: implementations read an atomic they keep up
  // to date, never the state itself.
  virtual int64_t StateBytes() const { return 0; }
  // The stream time this operator judges lateness by (the largest event time it has seen, its
  // restored state's included), or kNoStreamTime when it keeps none or saw nothing. A job shows
  // it as its watermark from the moment its state is restored, so that after a restart the
  // watermark shown is the one that drops late records. Any thread (an atomic, as StateBytes).
  static constexpr int64_t kNoStreamTime = INT64_MIN;
  int64_t StreamTimeMs() const { return stream_time_ms.load(std::memory_order_relaxed); }

  std::atomic<int64_t> rows_in{0};
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanos{0};         // time spent in Process, measured by the caller
  std::atomic<int64_t> late_dropped{0};  // records dropped as later than the grace period
  // Published by operators that keep stream time (windowed aggregates, stream-stream joins)
  // after each batch and after a restore; read through StreamTimeMs.
  std::atomic<int64_t> stream_time_ms{kNoStreamTime};
};

}  // namespace riffle
