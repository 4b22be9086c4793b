#pragma once
// A single-node Kafka source: reads every partition of one topic from given start offsets using
// assign(), with no consumer-group join (no ~3 s join delay, no committed offsets: the catalog
// stores them). Partitions added to the topic after construction are not read.
// Not thread-safe: one thread polls.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connectors/kafka/kafka_client.h"
#include "connectors/kafka/kafka_record.h"
#include "connectors/kafka/message_batch.h"

namespace riffle::kafka {

// Where partitions without a stored offset start.
enum class OffsetReset { kEarliest, kLatest };

// Offsets a reader skipped because its position was no longer (or not yet) in the partition:
// below the log start (records deleted by retention or DeleteRecords before they were read) or
// beyond the log end (the topic was truncated or deleted and re-created). The reader moved from
// `from` to `to` (the log start when below, the log end when beyond).
struct OffsetSkip {
  enum class Kind { kBelowStart, kBeyondEnd };
  Kind kind = Kind::kBelowStart;
  std::string topic;
  int32_t partition = 0;
  int64_t from = 0;   // the position that was out of range
  int64_t to = 0;     // where reading continues
  int64_t count = 0;  // offsets skipped: to - from below the start, from - to beyond the end
  // "500 offsets of orders[0] (log start moved from 10 to 510): records deleted (retention or
  // DeleteRecords) before they were read", or for kBeyondEnd "... (position 900 beyond the log
  // end 200): the topic was truncated or re-created".
  std::string Describe() const;
};

// "1,234,567".
std::string FormatCount(int64_t n);

struct KafkaSourceOptions {
  std::string bootstrap_servers = {};
  std::string topic = {};
  // Next offset to read, per partition (from the catalog). Partitions not listed start at
  // `reset`. An offset below the partition's low watermark starts at the low watermark; one
  // above the high watermark starts at the high watermark; either is reported (TakeSkips).
  std::map<int32_t, int64_t> start_offsets = {};
  OffsetReset reset = OffsetReset::kEarliest;
  // Small, so a caught-up source answers quickly when new records arrive.
  int fetch_wait_max_ms = 10;
  // Prefetch depth; librdkafka's default (100000) limits a single consumer to ~250K msg/s.
  int queued_min_messages = 500000;
  // Bound on each metadata or offset request.
  int timeout_ms = 10000;
  // Required by librdkafka for assign(); never joined, nothing committed.
  std::string group_id = "riffle-source";
  KafkaConfig config = {};  // Extra librdkafka properties; they override the defaults above.
  // A bounded read (a finite query): each partition is read only up to the high watermark it
  // had when the source was created. Records appended later are not delivered, and AtEnd() is
  // true once every partition reached that end (without asking the broker again).
  bool stop_at_end = false;
};

class KafkaSource {
 public:
  // Looks up the topic, resolves start offsets against current watermarks and assigns every
  // partition. Throws RiffleError(kConnector) when the topic does not exist or the cluster
  // cannot be reached within timeout_ms.
  explicit KafkaSource(const KafkaSourceOptions& options);
  ~KafkaSource();
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  const std::string& topic() const { return topic_; }
  int32_t partition_count() const { return static_cast<int32_t>(positions_.size()); }

  // Hot path. Clears `batch`, then fills it with up to `max_records` records, waiting at most
  // `timeout_ms` for the first one and not at all for the rest. Returns the number of records.
  // Consumer errors (e.g. a broker going away) are counted, not thrown; see last_error() and
  // reachability(). While the cluster is unreachable, a poll that finds no record also asks
  // the cluster whether it is back (ProbeWhileUnreachable), waiting up to 100 ms more.
  // REQUIRES: `batch` is cleared or destroyed before this source.
  size_t PollBatch(MessageBatch& batch, size_t max_records, int timeout_ms);
  // Like PollBatch, returning owned copies.
  std::vector<KafkaRecord> Poll(size_t max_records, int timeout_ms);

  // Next offset to read for every partition (what a checkpoint stores).
  std::map<int32_t, int64_t> Positions() const;
  // Per partition, how many offsets remain up to the current high watermark, asked of the
  // broker now (not a cached value), so "caught up" is exact right after a producer flushed.
  // Throws RiffleError(kConnector) when the broker cannot be reached.
  std::map<int32_t, int64_t> Lag();
  // True when every partition has been read up to its current high watermark (with
  // stop_at_end: up to the high watermark it had when the source was created).
  bool AtEnd();

  // Every offset skipped: out-of-range positions (see OffsetSkip, out_of_range_offsets()) plus
  // gaps between consecutive records of a partition (transaction markers, compacted records).
  int64_t skipped_offsets() const { return out_of_range_offsets_ + gap_offsets_; }
  // Offsets skipped because a position fell below a partition's log start or beyond its end:
  // records lost to this reader. librdkafka never resets a position silently here
  // (auto.offset.reset=error); the source moves it and reports each move.
  int64_t out_of_range_offsets() const { return out_of_range_offsets_; }
  int64_t gap_offsets() const { return gap_offsets_; }
  // The out-of-range skips since the last call, oldest first (those found when the source was
  // created, e.g. a checkpoint below the log start, come first).
  std::vector<OffsetSkip> TakeSkips() { return std::exchange(skips_, {}); }
  int64_t consume_errors() const { return diagnostics_.error_count(); }
  // Whether the cluster can be reached (see ClientDiagnostics). Thread-safe.
  ReachabilityStatus reachability() const { return diagnostics_.reachability().status(); }
  std::string last_error() const { return diagnostics_.last_error(); }

 private:
  void Accept(rd_kafka_message_t* message, MessageBatch& batch);
  // Moves partition `p` from an out-of-range position to the nearest valid offset, recording
  // the skip. `failed_at` is the offset librdkafka could not fetch (-1 when unknown).
  void HandleOutOfRange(int32_t p, int64_t failed_at);
  // Records a skip of partition p from `from` given its watermarks; returns where to read.
  int64_t ResolveStart(int32_t p, int64_t from, int64_t low, int64_t high);
  // Pauses fetching partition `p` of a bounded read once it reached its end.
  void StopFetching(int32_t p);
  // librdkafka's own next offset per partition (-1 when unknown).
  std::vector<int64_t> LibraryPositions();

  std::string topic_;
  int timeout_ms_;
  ClientDiagnostics diagnostics_;  // Outlives handle_: it is the handle's opaque.
  RdKafkaPtr handle_;
  RdQueuePtr queue_;                // The consumer queue, for batch reads.
  std::vector<int64_t> positions_;  // Next offset per partition.
  // With stop_at_end: the offset each partition stops at, and whether its fetching is paused.
  std::vector<int64_t> stop_at_;
  std::vector<bool> stopped_;
  std::vector<rd_kafka_message_t*> scratch_;
  int64_t out_of_range_offsets_ = 0;
  int64_t gap_offsets_ = 0;
  std::vector<OffsetSkip> skips_;
};

}  // namespace riffle::kafka
