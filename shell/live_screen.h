#pragma once
// Puts a LiveTable on the terminal: redraws it in place when it changes, at most every
// min_interval (a burst of changes costs one redraw), and a moment after the last change even
// when no further change comes (a thread of its own does that).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "shell/live_table.h"

namespace riffle::shell {

// Where a LiveScreen learns of changes besides rows; each may be empty. They are called from
// the screen's thread about every `poll` without its lock held, so they may take a lock.
struct LiveScreenProbes {
  // The status line below the table (LiveTable::SetStatus), e.g. the query's stream time.
  std::function<std::string()> status;
  // The terminal's {width, height}; a change redraws the table to fit (LiveTable::Resize).
  // A width of 0 (not known) is ignored.
  std::function<std::pair<size_t, size_t>()> terminal_size;
  std::chrono::milliseconds poll = std::chrono::milliseconds(100);
};

class LiveScreen {
 public:
  // Draws `table` (empty so far) on `out`, a terminal, at once. `before_output` runs before each
  // redraw (it erases the progress line); it may be empty.
  LiveScreen(std::ostream& out, LiveTable table, std::function<void()> before_output,
             LiveScreenProbes probes = {});
  // Stops redrawing (without a final redraw: see Finish).
  ~LiveScreen();
  LiveScreen(const LiveScreen&) = delete;
  LiveScreen& operator=(const LiveScreen&) = delete;

  // Applies a change (as LiveTable::Apply) and redraws if due.
  void Apply(const std::vector<Value>& marked_row);
  // Runs `write` (other output, e.g. a warning) once the screen shows every change; the table
  // is then redrawn below what `write` wrote.
  void Interject(const std::function<void()>& write);
  // Shows the last changes (and the latest status) and stops redrawing: the final table stays
  // on the screen.
  void Finish();

  int redraws() const;

 private:
  void Run();
  void RedrawLocked();
  // Asks the probes (unlocked) and applies what they say (locked).
  void Probe(std::unique_lock<std::mutex>& lock);

  std::ostream& out_;
  std::function<void()> before_output_;
  LiveScreenProbes probes_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  LiveTable table_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace riffle::shell
