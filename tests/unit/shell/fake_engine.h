#pragma once
// A scriptable Engine for shell tests. Statement text decides what happens:
//   contains "FAIL"  -> reports an error and fails
//   contains "THROW" -> throws std::runtime_error (an engine bug the shell must survive)
//   contains "BLOCK" -> streams one row, raises SIGINT (a user's Ctrl-C), then waits up to 5 s
//                       for Cancel() and ends with "Query terminated"
//   contains "WINDOWED" -> a push query with a window timeline (CTAS_T_1's, below) and a notice;
//                       streams one row, then waits up to 5 s for Cancel()
//   anything else    -> Notice("ran: <text>")

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine/engine.h"

namespace riffle::shell::testing {

class FakeEngine : public Engine {
 public:
  bool Execute(const std::string& text, ResultSink& sink, bool continue_on_error) override {
    executed.push_back(text);
    last_continue_on_error = continue_on_error;
    if (text.find("THROW") != std::string::npos) throw std::runtime_error("boom");
    if (text.find("FAIL") != std::string::npos) {
      sink.Error("ERROR runtime: failed: " + text);
      return false;
    }
    if (text.find("WINDOWED") != std::string::npos) {
      sink.Notice("Showing new records only.");
      sink.SetWindowTimelineProvider([this](size_t) {
        ++query_timeline_calls;
        return std::optional<WindowTimeline>(Windows());
      });
      sink.BeginRows({{"X", Type::Int()}});
      sink.Row({Value::Int(1)});
      std::unique_lock<std::mutex> lock(mu_);
      bool cancelled =
          cv_.wait_for(lock, std::chrono::seconds(5), [&] { return cancel_count_ > 0; });
      cancel_count_ = 0;
      sink.EndRows(cancelled ? "Query terminated" : "Timed out waiting for Cancel");
      return true;
    }
    if (text.find("BLOCK") != std::string::npos) {
      sink.BeginRows({{"X", Type::Int()}});
      sink.Row({Value::Int(1)});
      raise(SIGINT);
      std::unique_lock<std::mutex> lock(mu_);
      bool cancelled =
          cv_.wait_for(lock, std::chrono::seconds(5), [&] { return cancel_count_ > 0; });
      cancel_count_ = 0;
      sink.EndRows(cancelled ? "Query terminated" : "Timed out waiting for Cancel");
      return true;
    }
    sink.Notice("ran: " + text);
    return true;
  }

  void Cancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    ++cancel_count_;
    ++total_cancels;
    cv_.notify_all();
  }

  bool WaitForIdle(int) override { return true; }

  // CTAS_T_1 is a TUMBLING 10 s job at stream time 12 s with one window per key; other ids are
  // unknown.
  WindowTimeline JobTimeline(const std::string& job_id, size_t) override {
    if (job_id != "CTAS_T_1") throw RiffleError(ErrorKind::kBind, "Unknown queryId: " + job_id);
    ++timeline_calls;
    return Windows();
  }
  static WindowTimeline Windows() {
    WindowTimeline t;
    t.size_ms = t.advance_ms = 10000;
    t.grace_ms = 5000;
    t.stream_time = 12000;
    t.windows = {{{Value::String("ann")}, 0, 10000, 2, false},
                 {{Value::String("bob")}, 10000, 20000, 1, false}};
    return t;
  }
  std::string bootstrap_servers() const override { return "127.0.0.1:9092"; }

  std::vector<std::string> executed;
  bool last_continue_on_error = false;
  int total_cancels = 0;
  std::atomic<int> timeline_calls{0};  // written under mu_, read after Execute returns
  std::atomic<int> query_timeline_calls{0};  // from any thread

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int cancel_count_ = 0;
};

}  // namespace riffle::shell::testing
