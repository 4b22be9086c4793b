#pragma once
// The picture `.timeline` draws (riffle's own view, not ksqlDB's): a windowed aggregation's
// windows as bars on a time axis, each marked open (stream time has not reached its end),
// closing (past its end, still inside the grace period: late records are still counted) or
// closed (final result emitted, state freed), with its record count, and two markers through
// the rows: S at stream time and G at the grace boundary (stream time - grace; for sessions
// stream time - gap - grace), left of which windows are closed. At 80 columns:
//
//   TUMBLING size 10 s, grace 5 s, EMIT CHANGES; 1 late record dropped
//   S stream time 1970-01-01 00:00:27 UTC   G grace boundary 00:00:22
//   key   window                                        G      S     records state
//   alice 00:00:00-00:00:10 [...........)               :      |           3 closed
//   alice 00:00:10-00:00:20              [~~~~~~~~~~~)  :      |           2 closing
//   bob   00:00:20-00:00:30                           [===========)        1 open
//                           00:00:00                        00:00:30
//
// A pure function of the snapshot and the screen size, so it is tested line by line. When the
// windows of every key do not fit the rows available, windows with the same bounds are drawn
// as one bar ("3 keys") with their records summed; the latest windows are kept in sight.

#include <string>
#include <vector>

#include "core/exec/window_timeline.h"

namespace riffle::shell {

struct TimelineLayoutOptions {
  size_t width = 80;     // columns; every line fits (at least 40 are used)
  size_t max_rows = 24;  // window rows (bars) at most; at least 1
};

// The lines of the view, without newlines; each at most options.width columns wide (but 40).
std::vector<std::string> LayOutTimeline(const WindowTimeline& timeline,
                                        const TimelineLayoutOptions& options);

// "500 ms", "10 s", "2 min", "1 h", "1 h 30 min": a duration as a class reads it.
std::string FormatDurationMs(int64_t ms);

}  // namespace riffle::shell
