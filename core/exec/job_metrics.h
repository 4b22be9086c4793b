#pragma once
// A job's counters: what SHOW and EXPLAIN read while the job runs. They are execution context
// (operators, scans and sinks count into them), so they live here in core/exec and the job
// (core/runtime/job.h) owns one.

#include <atomic>
#include <cstdint>

namespace riffle {

// Counters read by SHOW/EXPLAIN while the job runs; written only by the job thread.
struct JobMetrics {
  std::atomic<int64_t> records_in{0};   // records read from the source
  std::atomic<int64_t> records_out{0};  // rows delivered to the sink
  std::atomic<int64_t> bad_records{0};  // records that failed to decode or evaluate
  // Source offsets never read: positions below a partition's log start (records deleted before
  // they were read) or beyond its end (topic truncated or re-created).
  std::atomic<int64_t> skipped_offsets{0};
  std::atomic<int64_t> batches{0};
  std::atomic<int64_t> started_at_ms{0};  // wall clock when the job thread started
  // Records read per second over the last sampling interval (about a second); 0 when paused.
  std::atomic<double> input_rate{0};
  // The job's stream time: the largest event time (ROWTIME) read so far; kNoWatermark before
  // the first record.
  static constexpr int64_t kNoWatermark = INT64_MIN;
  std::atomic<int64_t> watermark_ms{kNoWatermark};
  // Records that moved the watermark more than kStreamTimeJumpMs ahead at once (run_operators.h).
  std::atomic<int64_t> stream_time_jumps{0};
  // Stream rows a stream-table join looked up before the table's first row in event time
  // (JoinDriver::EarlyRows): they found the table empty.
  std::atomic<int64_t> rows_before_table{0};

  // Raises the watermark to `event_time_ms` if it is larger. Job thread only.
  void AdvanceWatermark(int64_t event_time_ms) {
    if (event_time_ms > watermark_ms.load(std::memory_order_relaxed)) {
      watermark_ms.store(event_time_ms, std::memory_order_relaxed);
    }
  }
};

}  // namespace riffle
