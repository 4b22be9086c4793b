#pragma once
// A snapshot of a windowed aggregation's windows for the shell's `.timeline` view: which
// windows it holds (open, or closing within their grace period), the ones it closed most
// recently, how many records each counted, and its stream time. A plain value: taken from the
// job thread's state under its lock (AggregateOperator::Timeline), then read by anyone.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/sql/ast.h"
#include "core/types/value.h"

namespace riffle {

struct TimelineWindow {
  std::vector<Value> key;  // the GROUP BY values
  int64_t start = 0;       // [start, end) in event time (ms since the epoch)
  int64_t end = 0;
  int64_t records = 0;  // records the window counted (folded in minus retracted)
  bool closed = false;  // closed (final result emitted, state freed); else still held

  bool operator==(const TimelineWindow& o) const {
    return start == o.start && end == o.end && records == o.records && closed == o.closed &&
           key == o.key;
  }
};

// Windows with the same bounds over every key: what a bar shows when keys are many.
struct TimelineSpan {
  int64_t start = 0;
  int64_t end = 0;
  int64_t keys = 0;     // windows (one per key) with these bounds
  int64_t records = 0;  // their records, summed
  bool closed = false;

  bool operator==(const TimelineSpan& o) const {
    return start == o.start && end == o.end && keys == o.keys && records == o.records &&
           closed == o.closed;
  }
};

struct WindowTimeline {
  WindowKind kind = WindowKind::kTumbling;
  int64_t size_ms = 0;  // TUMBLING/HOPPING size; SESSION inactivity gap
  int64_t advance_ms = 0;
  int64_t grace_ms = 0;
  bool emit_final = false;
  // The largest event time seen over the source partitions; nullopt before the first record.
  // A window closes once the stream time of a partition that fed it reaches end + grace (for a
  // session, end + gap + grace), so with one partition this is exactly what closes windows.
  std::optional<int64_t> stream_time;
  int64_t late_dropped = 0;  // records dropped because their window had closed
  // Windows held in state (the latest ones, by end, when there are more than were asked for)
  // and the most recently closed ones, ordered by start, end, then key.
  std::vector<TimelineWindow> windows;
  int64_t windows_held = 0;  // windows held in state in all (some may be left out above)
  // Every held window and the windows closed lately (the last kClosedSpansKept bounds), summed
  // per bounds, ordered by start then end: complete where `windows` may not be.
  std::vector<TimelineSpan> spans;
};

}  // namespace riffle
