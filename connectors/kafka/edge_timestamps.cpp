#include "connectors/kafka/edge_timestamps.h"

#include <chrono>
#include <set>

namespace riffle::kafka {

namespace {

// Reads from `start` (per partition) until each partition of `wanted` has given one record or
// `deadline` passes; returns each one's timestamp.
std::map<int32_t, int64_t> FirstTimestampsFrom(KafkaSourceOptions options,
                                               std::map<int32_t, int64_t> start,
                                               std::set<int32_t> wanted,
                                               std::chrono::steady_clock::time_point deadline) {
  std::map<int32_t, int64_t> found;
  if (wanted.empty()) return found;
  options.start_offsets = std::move(start);
  options.reset = OffsetReset::kLatest;  // partitions added since the watermarks: not read
  // One record per partition is wanted: do not prefetch thousands.
  options.queued_min_messages = 16;
  options.config.try_emplace("fetch.max.bytes", "1048576");
  options.config.try_emplace("max.partition.fetch.bytes", "65536");
  KafkaSource source(options);
  while (!wanted.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const KafkaRecord& r : source.Poll(64, 50)) {
      if (wanted.erase(r.partition) == 0) continue;
      found[r.partition] = r.timestamp;
    }
  }
  return found;
}

}  // namespace

std::map<int32_t, EdgeTimestamps> ReadEdgeTimestamps(KafkaSourceOptions options,
                                                     const std::vector<PartitionWatermarks>& marks,
                                                     int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::map<int32_t, int64_t> first_offsets, last_offsets;
  std::set<int32_t> with_records;
  for (const PartitionWatermarks& m : marks) {
    first_offsets[m.partition] = m.low;
    last_offsets[m.partition] = m.high > m.low ? m.high - 1 : m.high;
    if (m.high > m.low) with_records.insert(m.partition);
  }
  std::map<int32_t, EdgeTimestamps> edges;
  if (with_records.empty()) return edges;
  // Half the time for each end, so a partition whose first offset never answers leaves time
  // for the last ones.
  const auto halfway = Clock::now() + (deadline - Clock::now()) / 2;
  for (const auto& [p, ts] : FirstTimestampsFrom(options, first_offsets, with_records, halfway)) {
    if (ts >= 0) edges[p].first = ts;
  }
  for (const auto& [p, ts] : FirstTimestampsFrom(options, last_offsets, with_records, deadline)) {
    if (ts >= 0) edges[p].last = ts;
  }
  return edges;
}

}  // namespace riffle::kafka
