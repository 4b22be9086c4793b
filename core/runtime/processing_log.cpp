#include "core/runtime/processing_log.h"

#include <chrono>

namespace riffle {

void ProcessingLog::Add(const std::string& job_id, const std::string& topic, int32_t partition,
                        int64_t offset, const std::string& message) {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::lock_guard lock(mutex_);
  entries_.push_back({now, job_id, topic, partition, offset, message});
  if (entries_.size() > capacity_) entries_.pop_front();
  ++counts_[job_id];
}

std::vector<ProcessingLogEntry> ProcessingLog::Recent(const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  std::vector<ProcessingLogEntry> out;
  for (const auto& e : entries_) {
    if (job_id.empty() || e.job_id == job_id) out.push_back(e);
  }
  return out;
}

int64_t ProcessingLog::Count(const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(job_id);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace riffle
