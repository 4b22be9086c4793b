#pragma once
// One partition's log: its segments (oldest first, the last one active), its log start offset
// (persisted in the file "log-start-offset" when DeleteRecords or retention moves it past the
// first segment's base) and its idempotent-producer state. Not thread-safe (see log_store.h).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/log/log_store.h"
#include "connectors/broker/log/producer_state.h"
#include "connectors/broker/log/segment.h"
#include "connectors/broker/log/topic_config.h"

namespace riffle::broker {

class PartitionLog {
 public:
  // Creates an empty partition in `dir` (which must exist). nullptr and *error on failure.
  static std::unique_ptr<PartitionLog> Create(const std::string& dir, std::string* error);
  // Opens and recovers the partition in `dir`. With `clean` (the store was closed cleanly) the
  // active segment is trusted like the older ones unless its index does not add up; otherwise it
  // is CRC-scanned and a bad tail truncated. Truncations and notes go to *report.
  static std::unique_ptr<PartitionLog> Open(const std::string& dir,
                                            const EffectiveTopicConfig& config, bool clean,
                                            RecoveryReport* report, std::string* error);

  AppendResult Append(std::string_view batches, const EffectiveTopicConfig& config, int64_t now_ms);
  // LogStore::Read and LogStore::ReadSpans for this partition.
  ReadResult Read(int64_t offset, int32_t max_bytes, std::string* out);
  ReadResult ReadSpans(int64_t offset, int32_t max_bytes, ReadRecords* records);
  ErrorCode OffsetForTimestamp(int64_t timestamp_ms, int64_t* offset, int64_t* timestamp);
  ErrorCode DeleteRecordsBefore(int64_t offset, int64_t* new_log_start);
  // Deletes closed segments past retention.ms / retention.bytes. Returns segments deleted.
  int EnforceRetention(const EffectiveTopicConfig& config, int64_t now_ms);

  // fsyncs segments written since the last Flush. False when an fsync failed.
  bool Flush();
  // Segment::TakeUnsynced for each segment.
  bool TakeUnsynced(std::vector<int>* fds);

  int64_t log_start() const { return log_start_; }
  int64_t log_end() const { return segments_.back()->next_offset(); }
  int64_t size_bytes() const;
  // Closes and removes every file (the directory itself stays).
  void RemoveFiles();

  // Use Create or Open; public only for std::make_unique.
  explicit PartitionLog(std::string dir) : dir_(std::move(dir)) {}

 private:
  bool PersistLogStart(std::string* error);
  bool Roll(std::string* error);
  // Deletes the oldest segment (REQUIRES: not the active one) and moves the log start past it.
  void DeleteOldestSegment();
  Segment* SegmentFor(int64_t offset, size_t* index);
  // Where the batches a read returns are: one range per segment it touches, in order.
  struct ReadRange {
    Segment* segment;
    int64_t position;
    int64_t length;
  };
  ReadResult Locate(int64_t offset, int32_t max_bytes, std::vector<ReadRange>* ranges);
  // Reads into producers_ the batch headers of the segments Open left unread. Idempotent.
  void LoadProducerState();

  std::string dir_;
  std::vector<std::unique_ptr<Segment>> segments_;
  int64_t log_start_ = 0;
  ProducerStateTable producers_;
  // Base offsets of the segments whose batch headers Open left unread (LoadProducerState).
  std::vector<int64_t> unscanned_segments_;
  std::string scratch_;  // Batches one Append rewrites (LogAppendTime).
  std::string offsets_;  // The base offsets one Append assigns, 8 bytes each.
};

}  // namespace riffle::broker
