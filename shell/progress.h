#pragma once
// The live progress line shown on a terminal while a statement runs quietly for more than a
// moment (a push query catching up, RUN SCRIPT): elapsed time, the rows this statement received
// (shown or not), their rate and, while a query is catching up, how many records it has still
// to read.
// It is drawn on its own line of the terminal and erased before any other output and when the
// statement ends, so it never lands in results. The shell only creates one when both stdout and
// stderr are terminals.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/runtime/stream_time.h"

namespace riffle::shell {

// "12.3 s · 1,204 rows · 98 rows/s · 35,100 behind · Ctrl-C cancels". The lag part is left
// out when `lag` is unknown or zero (caught up). A `status` (StreamTimeText) comes after the
// rows (and lag) instead of the rate: "4.0 s · 3 rows · stream time ... · Ctrl-C cancels".
std::string ProgressText(double seconds, uint64_t rows, std::optional<int64_t> lag = std::nullopt,
                         const std::string& status = "");

// A running query's time, for its status line: "stream time ORDERS 2026-12-07 10:00:05.000 ·
// 2 late dropped" (one time per source; "none yet" before its first record). "" when `status`
// names no source.
std::string StreamTimeText(const StreamTimeStatus& status);

class ProgressLine {
 public:
  // Draws on `os` (a terminal) every `interval` once nothing was written for `delay`. `rows`
  // reads the rows received so far; `lag` (may be empty) the records still to read, and is
  // asked at most every `lag_interval` since it may ask the broker. `status` (may be empty)
  // gives the line's first part (StreamTimeText). `width` (may be empty) gives the terminal's
  // width: the line is cut to it, since a wrapped line could not be erased. All are called
  // from the progress thread, never while Clear() would have to wait for them.
  ProgressLine(std::ostream& os, std::function<uint64_t()> rows,
               std::chrono::milliseconds delay = std::chrono::milliseconds(1000),
               std::chrono::milliseconds interval = std::chrono::milliseconds(250),
               std::function<std::optional<int64_t>()> lag = nullptr,
               std::chrono::milliseconds lag_interval = std::chrono::milliseconds(1000),
               std::function<std::string()> status = nullptr,
               std::function<size_t()> width = nullptr);
  // Stops the thread and erases the line.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Erases the line if shown and restarts the quiet period. Call before writing anything.
  void Clear();
  // How many times the line was drawn (for tests).
  int draws() const;

 private:
  void Run();
  void EraseLocked();

  std::ostream& os_;
  std::function<uint64_t()> rows_;
  std::function<std::optional<int64_t>()> lag_;
  std::function<std::string()> status_;
  std::function<size_t()> width_;
  const std::chrono::milliseconds lag_interval_;
  const std::chrono::milliseconds delay_;
  const std::chrono::milliseconds interval_;
  const std::chrono::steady_clock::time_point started_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::chrono::steady_clock::time_point last_output_;
  bool shown_ = false;
  bool stop_ = false;
  int draws_ = 0;
  std::thread thread_;
};

}  // namespace riffle::shell
