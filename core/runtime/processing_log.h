#pragma once
// The processing log: records that could not be processed (decode failures, evaluation errors),
// with where they came from. Thread-safe; keeps the most recent entries and a total count per
// job so nothing is dropped silently even when the ring buffer wraps.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace riffle {

struct ProcessingLogEntry {
  int64_t logged_at_ms = 0;
  std::string job_id;
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string message;
};

class ProcessingLog {
 public:
  explicit ProcessingLog(size_t capacity = 1000) : capacity_(capacity) {}

  void Add(const std::string& job_id, const std::string& topic, int32_t partition, int64_t offset,
           const std::string& message);
  // The most recent entries, oldest first (all jobs, or one when job_id is non-empty).
  std::vector<ProcessingLogEntry> Recent(const std::string& job_id = "") const;
  int64_t Count(const std::string& job_id) const;

 private:
  mutable std::mutex mutex_;
  size_t capacity_;
  std::deque<ProcessingLogEntry> entries_;
  std::map<std::string, int64_t> counts_;
};

}  // namespace riffle
