#include "shell/watched_query.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace riffle::shell {

// The query's sink: drops its rows, keeps its messages and the providers it is given. Written
// on the query's thread, read on the shell's.
class WatchedQuery::Capture : public ResultSink {
 public:
  void Notice(const std::string& text) override { Add(Message::Kind::kNotice, text); }
  void Warning(const std::string& text) override { Add(Message::Kind::kWarning, text); }
  void Error(const std::string& text) override { Add(Message::Kind::kError, text); }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {
    MarkBegun();
  }
  void BeginRows(const std::vector<ResultColumn>&) override { MarkBegun(); }
  void Row(const std::vector<Value>&) override {}
  void Rows(const std::vector<std::vector<Value>>&) override {}
  void EndRows(const std::string&) override {}
  void SetLagProvider(std::function<std::optional<int64_t>()> lag) override {
    std::lock_guard lock(mu_);
    lag_ = std::move(lag);
  }
  void SetWindowTimelineProvider(TimelineProvider timeline) override {
    std::lock_guard lock(mu_);
    timeline_ = std::move(timeline);
  }

  void MarkBegun() { begun_ = true; }
  bool begun() const { return begun_; }
  bool windowed() const {
    std::lock_guard lock(mu_);
    return timeline_ != nullptr;
  }
  std::optional<WindowTimeline> Timeline(size_t max_windows) const {
    TimelineProvider timeline;
    {
      std::lock_guard lock(mu_);
      timeline = timeline_;
    }
    return timeline ? timeline(max_windows) : std::nullopt;
  }
  std::optional<int64_t> Lag() const {
    std::function<std::optional<int64_t>()> lag;
    {
      std::lock_guard lock(mu_);
      lag = lag_;
    }
    return lag ? lag() : std::nullopt;
  }
  std::vector<Message> Take() {
    std::lock_guard lock(mu_);
    std::vector<Message> taken;
    taken.swap(messages_);
    return taken;
  }
  void Add(Message::Kind kind, const std::string& text) {
    std::lock_guard lock(mu_);
    messages_.push_back({kind, text});
  }

 private:
  mutable std::mutex mu_;
  std::vector<Message> messages_;                // guarded by mu_
  TimelineProvider timeline_;                    // guarded by mu_
  std::function<std::optional<int64_t>()> lag_;  // guarded by mu_
  std::atomic<bool> begun_{false};
};

struct WatchedQuery::Thread {
  std::thread thread;
  std::atomic<bool> ended{false};
  std::atomic<bool> succeeded{false};
};

WatchedQuery::WatchedQuery(Engine& engine, std::string statement)
    : engine_(engine), capture_(std::make_shared<Capture>()), thread_(std::make_unique<Thread>()) {
  thread_->thread = std::thread([this, statement = std::move(statement)] {
    bool ok = false;
    try {
      ok = engine_.Execute(statement, *capture_, /*continue_on_error=*/false);
    } catch (const std::exception& e) {
      capture_->Error(std::string("ERROR internal: ") + e.what());
    } catch (...) {
      capture_->Error("ERROR internal: unknown exception");
    }
    capture_->MarkBegun();
    thread_->succeeded = ok;
    thread_->ended = true;
  });
}

WatchedQuery::~WatchedQuery() { Stop(); }

bool WatchedQuery::began() const { return capture_->begun(); }
bool WatchedQuery::windowed() const { return capture_->windowed(); }
bool WatchedQuery::ended() const { return thread_->ended; }
bool WatchedQuery::succeeded() const { return thread_->succeeded; }

std::optional<WindowTimeline> WatchedQuery::Timeline(size_t max_windows) const {
  return capture_->Timeline(max_windows);
}

std::optional<int64_t> WatchedQuery::Lag() const {
  if (ended()) return std::nullopt;
  return capture_->Lag();
}

std::vector<WatchedQuery::Message> WatchedQuery::TakeMessages() { return capture_->Take(); }

void WatchedQuery::Stop() {
  if (!thread_->thread.joinable()) return;
  while (!thread_->ended) {
    engine_.Cancel();
    for (int i = 0; i < 10 && !thread_->ended; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  thread_->thread.join();
}

}  // namespace riffle::shell
