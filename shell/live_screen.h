#pragma once
// Puts a LiveTable on the terminal: redraws it in place when it changes, at most every
// min_interval (a burst of changes costs one redraw), and a moment after the last change even
// when no further change comes (a thread of its own does that).

#include <condition_variable>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <thread>

#include "shell/live_table.h"

namespace riffle::shell {

class LiveScreen {
 public:
  // Draws `table` (empty so far) on `out`, a terminal, at once. `before_output` runs before each
  // redraw (it erases the progress line); it may be empty.
  LiveScreen(std::ostream& out, LiveTable table, std::function<void()> before_output);
  // Stops redrawing (without a final redraw: see Finish).
  ~LiveScreen();
  LiveScreen(const LiveScreen&) = delete;
  LiveScreen& operator=(const LiveScreen&) = delete;

  // Applies a change (as LiveTable::Apply) and redraws if due.
  void Apply(const std::vector<Value>& marked_row);
  // Runs `write` (other output, e.g. a warning) once the screen shows every change; the table
  // is then redrawn below what `write` wrote.
  void Interject(const std::function<void()>& write);
  // Shows the last changes and stops redrawing: the final table stays on the screen.
  void Finish();

  int redraws() const;

 private:
  void Run();
  void RedrawLocked();

  std::ostream& out_;
  std::function<void()> before_output_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  LiveTable table_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace riffle::shell
