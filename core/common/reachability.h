#pragma once
// Whether a client can reach the Kafka cluster it talks to, and since when it cannot: what SHOW
// JOBS, EXPLAIN <job>, `riffle run` and its metrics report about a job whose broker went away.
// An outage starts when the client finds every broker down and ends at the next exchange that
// succeeds (a fetched record, a delivered record, a metadata answer). Thread-safe: librdkafka's
// callbacks and the job thread record, SHOW and the supervisor read.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace riffle {

struct ReachabilityStatus {
  bool reachable = true;
  int64_t since_ms = 0;  // wall clock (ms since the epoch) the outage began; 0 when reachable
  std::string error;     // why: the latest connection error of the outage; "" when reachable
};

class Reachability {
 public:
  // Records that no broker can be reached, because of `error`, at `now_ms`. Starts an outage
  // unless one is under way (its start is kept); the error is updated either way.
  void Lost(const std::string& error, int64_t now_ms);
  // Records an exchange with the cluster that succeeded: ends the outage, if any. Costs one
  // relaxed atomic load when there is none, so it may be called per fetched batch.
  void Regained();
  bool reachable() const { return reachable_.load(std::memory_order_relaxed); }
  ReachabilityStatus status() const;
  // Outages begun so far (a second one after a recovery counts again).
  int64_t outages() const;

 private:
  std::atomic<bool> reachable_{true};
  mutable std::mutex mu_;
  int64_t since_ms_ = 0;  // guarded by mu_
  std::string error_;     // guarded by mu_
  int64_t outages_ = 0;   // guarded by mu_
};

// The status of a job that uses several clients (its sources and its sink): unreachable when
// any of them is, since the earliest outage, with that outage's error.
ReachabilityStatus CombineReachability(const std::vector<ReachabilityStatus>& clients);

// Wall clock now, in milliseconds since the epoch.
int64_t WallClockMs();

}  // namespace riffle
