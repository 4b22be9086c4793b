#pragma once
// Bounds how long one statement may run. A thread waits for the statement to finish; at the
// deadline it calls Engine::Cancel() and records a timeout, and if the engine still has not
// returned `abort_after` later it prints `where` and exits the process (a hang must fail the
// run, never stall it). Finish() early (rows arrived) cancels without counting as a timeout.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/engine/engine.h"

namespace riffle::sqltest {

class Watchdog {
 public:
  Watchdog(Engine& engine, std::chrono::milliseconds timeout, std::string where,
           std::chrono::milliseconds abort_after = std::chrono::seconds(20));
  ~Watchdog();  // Same as Done().
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Asks for the statement to be cancelled `delay` from now (earlier deadlines win), as the
  // normal end of an unbounded query rather than a timeout. Thread-safe.
  void CancelAfter(std::chrono::milliseconds delay);
  // The statement returned: stops the thread. Idempotent.
  void Done();
  // True when the timeout (not CancelAfter) cancelled the statement. Valid after Done().
  bool timed_out() const { return timed_out_; }

 private:
  void Run();

  Engine& engine_;
  std::string where_;
  std::chrono::steady_clock::time_point timeout_at_;
  std::chrono::steady_clock::time_point cancel_at_;
  std::chrono::milliseconds abort_after_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  bool timed_out_ = false;
  std::thread thread_;
};

}  // namespace riffle::sqltest
