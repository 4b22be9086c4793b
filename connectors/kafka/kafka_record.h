#pragma once
// One Kafka record, owned (copied out of librdkafka's buffers). For the decode hot path use
// MessageBatch, whose views avoid the copies.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace riffle::kafka {

// A header's value may be null, distinct from empty.
using KafkaHeaders = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct KafkaRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp = 0;             // Milliseconds since the epoch; -1 when the record has none.
  std::optional<std::string> key;    // nullopt: null key.
  std::optional<std::string> value;  // nullopt: tombstone.
  KafkaHeaders headers;
};

}  // namespace riffle::kafka
