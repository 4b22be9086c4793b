#include "tests/sql/runner/watchdog.h"

#include <cstdio>
#include <cstdlib>

namespace riffle::sqltest {

Watchdog::Watchdog(Engine& engine, std::chrono::milliseconds timeout, std::string where,
                   std::chrono::milliseconds abort_after)
    : engine_(engine),
      where_(std::move(where)),
      timeout_at_(std::chrono::steady_clock::now() + timeout),
      cancel_at_(std::chrono::steady_clock::time_point::max()),
      abort_after_(abort_after),
      thread_([this] { Run(); }) {}

Watchdog::~Watchdog() { Done(); }

void Watchdog::CancelAfter(std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(mutex_);
    auto at = std::chrono::steady_clock::now() + delay;
    if (at < cancel_at_) cancel_at_ = at;
  }
  cv_.notify_all();
}

void Watchdog::Done() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::Run() {
  std::unique_lock lock(mutex_);
  while (!done_) {
    auto deadline = std::min(timeout_at_, cancel_at_);
    if (cv_.wait_until(lock, deadline, [this, deadline] {
          return done_ || std::min(timeout_at_, cancel_at_) < deadline;
        })) {
      continue;  // finished, or an earlier deadline was set
    }
    // A deadline passed.
    if (cancel_at_ > timeout_at_) timed_out_ = true;
    engine_.Cancel();
    if (!cv_.wait_for(lock, abort_after_, [this] { return done_; })) {
      std::fprintf(stderr, "%s: the engine did not return within %lld s of Cancel(); aborting\n",
                   where_.c_str(), static_cast<long long>(abort_after_.count() / 1000));
      std::fflush(stderr);
      std::_Exit(3);
    }
  }
}

}  // namespace riffle::sqltest
