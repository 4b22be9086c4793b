#pragma once
// A push query run for a view rather than for its rows (`.timeline SELECT ...`): the engine runs
// it on a thread of its own, its rows are dropped, and what it says (notices, warnings, errors)
// is kept to be shown after the view. The view asks it for its window timeline while it runs.
//
// Threads: the engine's Execute runs on the query's thread; every public method is for the
// thread that made the query (the shell's), which alone may call Stop.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/engine.h"

namespace riffle::shell {

class WatchedQuery {
 public:
  // Something the query reported, in order.
  struct Message {
    enum class Kind { kNotice, kWarning, kError } kind;
    std::string text;
  };

  // Starts `statement` (one SELECT) on `engine`, which must outlive the query.
  WatchedQuery(Engine& engine, std::string statement);
  ~WatchedQuery();  // Stop()
  WatchedQuery(const WatchedQuery&) = delete;
  WatchedQuery& operator=(const WatchedQuery&) = delete;

  // Its result began (the engine said what it shows), or it ended without one.
  bool began() const;
  // It has a windowed aggregation to draw (known once began()).
  bool windowed() const;
  // Execute returned: LIMIT, a failure, or Stop.
  bool ended() const;
  // Whether every statement succeeded (meaningful once ended()).
  bool succeeded() const;
  // Its windows now (ResultSink::SetWindowTimelineProvider), or those it ended with; nullopt
  // before it began or when it has none.
  std::optional<WindowTimeline> Timeline(size_t max_windows) const;
  // Records it has still to read from its Kafka sources; nullopt when unknown (no Kafka source,
  // not begun yet, or the broker cannot say). May take a broker round trip.
  std::optional<int64_t> Lag() const;
  // What it reported since the last call.
  std::vector<Message> TakeMessages();
  // Cancels it (Engine::Cancel, repeated until it ends: the engine forgets a Cancel that comes
  // before the statement starts) and waits for its thread. Idempotent.
  void Stop();

 private:
  class Capture;
  Engine& engine_;
  std::shared_ptr<Capture> capture_;
  struct Thread;
  std::unique_ptr<Thread> thread_;
};

}  // namespace riffle::shell
