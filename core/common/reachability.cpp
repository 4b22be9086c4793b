#include "core/common/reachability.h"

#include <chrono>

namespace riffle {

void Reachability::Lost(const std::string& error, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (reachable_.load(std::memory_order_relaxed)) {
    since_ms_ = now_ms;
    ++outages_;
    reachable_.store(false, std::memory_order_relaxed);
  }
  error_ = error;
}

void Reachability::Regained() {
  if (reachable_.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(mu_);
  reachable_.store(true, std::memory_order_relaxed);
  since_ms_ = 0;
  error_.clear();
}

ReachabilityStatus Reachability::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {reachable_.load(std::memory_order_relaxed), since_ms_, error_};
}

int64_t Reachability::outages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outages_;
}

ReachabilityStatus CombineReachability(const std::vector<ReachabilityStatus>& clients) {
  ReachabilityStatus combined;
  for (const ReachabilityStatus& s : clients) {
    if (s.reachable) continue;
    if (combined.reachable || s.since_ms < combined.since_ms) combined = s;
  }
  return combined;
}

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace riffle
