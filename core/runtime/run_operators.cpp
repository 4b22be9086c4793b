#include "core/runtime/run_operators.h"

#include <algorithm>
#include <chrono>

namespace riffle {

void RunOperators(const std::vector<std::unique_ptr<Operator>>& ops, Batch& batch,
                  EvalContext& ctx) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  for (const auto& op : ops) {
    op->Process(batch, ctx);
    Clock::time_point end = Clock::now();
    op->nanos.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count(),
                        std::memory_order_relaxed);
    start = end;
    if (batch.empty()) break;
  }
}

int64_t MaxRowtime(const Batch& batch, int64_t current) {
  if (batch.rowtime.empty()) return current;
  return std::max(current, *std::max_element(batch.rowtime.begin(), batch.rowtime.end()));
}

}  // namespace riffle
