#pragma once
// The topic configs riffle's broker knows: their defaults, how a value is validated and what
// the log actually applies.
//
// Applied: retention.ms, retention.bytes, segment.bytes, max.message.bytes,
// message.timestamp.type, index.interval.bytes. Accepted, stored and described but not applied
// (a single-node log that never rewrites batches has nothing to do with them):
// cleanup.policy=compact (the log is never compacted: compacted topics keep every record),
// compression.type (batches are stored as the producer compressed them; "producer" is the only
// behaviour), min.insync.replicas (one replica), and the rest of the table in topic_config.cpp.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

// The values the log uses, resolved from a topic's overrides and the store's defaults.
struct EffectiveTopicConfig {
  int64_t retention_ms = -1;
  int64_t retention_bytes = -1;
  int64_t segment_bytes = 128LL << 20;
  int64_t max_message_bytes = 64 << 20;
  int64_t index_interval_bytes = 4096;
  bool log_append_time = false;
};

// Kafka's legal topic names: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". Such a name
// is also a safe single path component. Otherwise false and *why says what is wrong.
bool IsValidTopicName(std::string_view name, std::string* why);

// True when every key is known and every value valid; otherwise *message names the first
// offending key and why.
bool ValidateTopicConfig(const std::map<std::string, std::string>& overrides, std::string* message);

// Effective values. REQUIRES: ValidateTopicConfig(overrides) held.
EffectiveTopicConfig ResolveTopicConfig(const std::map<std::string, std::string>& overrides,
                                        const LogStoreOptions& options);

// Every known config with its effective value, sorted by name.
std::vector<TopicConfigEntry> DescribeTopicConfig(
    const std::map<std::string, std::string>& overrides, const LogStoreOptions& options);

}  // namespace riffle::broker
