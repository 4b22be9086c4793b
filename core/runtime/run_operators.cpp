#include "core/runtime/run_operators.h"

#include <algorithm>
#include <chrono>

#include "core/types/datetime.h"

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

void TrackStreamTime(const Batch& batch, JobMetrics& metrics,
                     const StreamTimeJumpHandler& on_jump) {
  int64_t time = metrics.watermark_ms.load(std::memory_order_relaxed);
  for (size_t r = 0; r < batch.rowtime.size(); ++r) {
    int64_t t = batch.rowtime[r];
    if (t <= time) continue;
    if (time != JobMetrics::kNoWatermark && t - time > kStreamTimeJumpMs) {
      metrics.stream_time_jumps.fetch_add(1, std::memory_order_relaxed);
      if (on_jump) on_jump(r, DescribeStreamTimeJump(t, time));
    }
    time = t;
  }
  metrics.AdvanceWatermark(time);
}

std::string DescribeStreamTimeJump(int64_t event_time, int64_t before) {
  int64_t ahead = event_time - before;
  constexpr int64_t kMinute = 60 * 1000, kHour = 60 * kMinute, kDay = 24 * kHour;
  std::string by = ahead >= 2 * kDay ? std::to_string(ahead / kDay) + " days"
                   : ahead >= 2 * kHour ? std::to_string(ahead / kHour) + " hours"
                                        : std::to_string(ahead / kMinute) + " minutes";
  return "event time " + FormatTimestampIso(event_time) + " moved stream time " + by +
         " ahead of " + FormatTimestampIso(before) +
         " (more than 1 hour at once): records after it that fall in windows closed by it are "
         "dropped as late";
}

}  // namespace riffle
