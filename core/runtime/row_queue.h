#pragma once
// A bounded queue of result rows from a job thread to the thread rendering them. Rows travel in
// batches (one lock and at most one wake-up per batch, not per row). The producer blocks while
// the queue is full (backpressure), but never longer than a poll interval, so a cancelled job
// still stops promptly.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "core/types/value.h"

namespace riffle {

using RowBatch = std::vector<std::vector<Value>>;

class RowQueue {
 public:
  // `capacity` counts rows; a batch is taken whole once fewer are queued, so the queue may hold
  // up to one batch more.
  explicit RowQueue(size_t capacity = 10000) : capacity_(capacity) {}

  // Waits up to `timeout_ms` for room; returns false when there is none, leaving `rows` intact
  // (the caller retries after checking for cancellation). An empty batch is not queued.
  bool Push(RowBatch&& rows, int timeout_ms) {
    if (rows.empty()) return true;
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [this] { return queued_ < capacity_ || closed_; })) {
      return false;
    }
    queued_ += rows.size();
    batches_.push_back(std::move(rows));
    rows.clear();
    cv_.notify_all();
    return true;
  }
  // Push, retried until it succeeds or `cancel` is set; false when cancelled.
  bool PushUnlessCancelled(RowBatch&& rows, const std::atomic<bool>& cancel) {
    while (!Push(std::move(rows), 100)) {
      if (cancel.load()) return false;
    }
    return true;
  }
  // Moves every queued row into `out`, in order, waiting up to `timeout_ms` for the first.
  // Returns false once the queue is closed and drained.
  bool PopAll(RowBatch& out, int timeout_ms) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                 [this] { return !batches_.empty() || closed_; });
    for (RowBatch& batch : batches_) {
      if (out.empty()) {
        out = std::move(batch);
      } else {
        out.insert(out.end(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
      }
    }
    batches_.clear();
    queued_ = 0;
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
  std::deque<RowBatch> batches_;
  size_t queued_ = 0;  // rows in batches_
  size_t capacity_;
  bool closed_ = false;
};

}  // namespace riffle
