#pragma once
// A bounded queue of result rows from a job thread to the thread rendering them. The producer
// blocks while the queue is full (backpressure), but never longer than a poll interval, so a
// cancelled job still stops promptly.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "core/types/value.h"

namespace riffle {

class RowQueue {
 public:
  explicit RowQueue(size_t capacity = 10000) : capacity_(capacity) {}

  // Waits up to `timeout_ms` for room; returns false when there is none, leaving `row` intact
  // (the caller retries after checking for cancellation).
  bool Push(std::vector<Value>&& row, int timeout_ms) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [this] { return rows_.size() < capacity_ || closed_; })) {
      return false;
    }
    rows_.push_back(std::move(row));
    cv_.notify_all();
    return true;
  }
  // Moves every queued row into `out`, waiting up to `timeout_ms` for the first.
  // Returns false once the queue is closed and drained.
  bool PopAll(std::vector<std::vector<Value>>& out, int timeout_ms) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                 [this] { return !rows_.empty() || closed_; });
    while (!rows_.empty()) {
      out.push_back(std::move(rows_.front()));
      rows_.pop_front();
    }
    cv_.notify_all();
    return !(closed_ && out.empty());
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::vector<Value>> rows_;
  size_t capacity_;
  bool closed_ = false;
};

}  // namespace riffle
