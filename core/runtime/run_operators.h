#pragma once
// Runs a batch through a pipeline of operators, charging each one the time it took (EXPLAIN's
// "time spent"). Two clock reads per operator per batch: negligible next to a batch's work.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/runtime/job.h"

namespace riffle {

// Applies `ops` in order to `batch`, stopping early when the batch becomes empty.
void RunOperators(const std::vector<std::unique_ptr<Operator>>& ops, Batch& batch,
                  EvalContext& ctx);

// The largest ROWTIME in `batch`, or `current` when that is larger (or the batch is empty).
int64_t MaxRowtime(const Batch& batch, int64_t current);

// A record whose event time is more than this ahead of the stream time before it is reported
// as a stream time jump: stream time moves there at once, so that the records after it which
// belong near the old stream time fall in windows that closed and are dropped as late (the
// classic: one INSERT without a timestamp among a lesson's 1970 records). One hour is far more
// than the steps of a lesson or test, and far less than such a jump.
inline constexpr int64_t kStreamTimeJumpMs = 60 * 60 * 1000;

// Advances `metrics`' watermark over `batch`'s rows (source records, before the operators) in
// order. Each record that moves it more than kStreamTimeJumpMs ahead (none before the first
// record) is counted in metrics.stream_time_jumps and passed to `on_jump` with its row and
// what DescribeStreamTimeJump says of it. Job thread only.
using StreamTimeJumpHandler = std::function<void(size_t row, const std::string& message)>;
void TrackStreamTime(const Batch& batch, JobMetrics& metrics,
                     const StreamTimeJumpHandler& on_jump);
// "event time 2026-12-07T18:40:12.345 moved stream time 20794 days ahead of 1970-01-01T00:03:20.000
// (more than 1 hour at once): ...".
std::string DescribeStreamTimeJump(int64_t event_time, int64_t before);

}  // namespace riffle
