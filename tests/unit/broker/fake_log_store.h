#pragma once
// An in-memory LogStore for the API handlers' unit tests: the contract of log/log_store.h
// without files. Batches are checked only as far as the handlers' tests need (length, magic
// and record count from the header; no CRC), so a test can build them by hand (MakeBatch).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

class FakeLogStore : public LogStore {
 public:
  FakeLogStore() = default;

  void Close() override {}
  void Flush() override {}

  std::vector<std::string> TopicNames() const override;
  const TopicMetadata* FindTopic(std::string_view name) const override;
  const TopicMetadata* FindTopicById(std::string_view id) const override;
  ErrorCode CreateTopic(const std::string& name, int32_t partitions,
                        const std::map<std::string, std::string>& config, bool validate_only,
                        std::string* message) override;
  ErrorCode DeleteTopic(const std::string& name) override;
  ErrorCode AddPartitions(const std::string& name, int32_t total, bool validate_only,
                          std::string* message) override;
  ErrorCode SetConfig(const std::string& name,
                      const std::map<std::string, std::optional<std::string>>& changes,
                      bool replace_all, bool validate_only, std::string* message) override;
  std::vector<TopicConfigEntry> DescribeConfig(const std::string& name) const override;

  AppendResult Append(std::string_view topic, int32_t partition, std::string_view batches,
                      int64_t now_ms) override;
  ReadResult Read(std::string_view topic, int32_t partition, int64_t offset, int32_t max_bytes,
                  std::string* out) override;
  ErrorCode Offsets(std::string_view topic, int32_t partition, int64_t* log_start,
                    int64_t* log_end) const override;
  ErrorCode OffsetForTimestamp(std::string_view topic, int32_t partition, int64_t timestamp_ms,
                               int64_t* offset, int64_t* timestamp) override;
  ErrorCode DeleteRecordsBefore(std::string_view topic, int32_t partition, int64_t offset,
                                int64_t* new_log_start) override;
  int EnforceRetention(int64_t) override { return 0; }
  int64_t NextProducerId() override { return next_producer_id_++; }
  RecoveryReport Stats() const override;

  // The known topic configs and their defaults (a subset of Kafka's).
  static const std::map<std::string, std::string>& Defaults();

 private:
  struct Batch {
    int64_t base = 0;
    int64_t end = 0;  // One past the last offset.
    int64_t max_timestamp = -1;
    std::string bytes;
  };
  struct Partition {
    int64_t log_start = 0;
    int64_t log_end = 0;
    std::vector<Batch> batches;
  };
  struct Topic {
    TopicMetadata meta;
    std::vector<Partition> partitions;
  };
  Partition* FindPartition(std::string_view topic, int32_t partition);
  const Partition* FindPartition(std::string_view topic, int32_t partition) const;

  std::map<std::string, Topic, std::less<>> topics_;
  int64_t next_producer_id_ = 1000;
  int next_topic_id_ = 1;
};

// A record batch header (magic 2) for `records` records with timestamps from `first_timestamp`
// (one ms apart) and `payload_bytes` of filler standing in for the records. Not a valid batch for
// a real store (no CRC, no record encoding); enough for FakeLogStore.
std::string MakeBatch(int32_t records, int64_t first_timestamp, size_t payload_bytes = 20);

}  // namespace riffle::broker
