#include "connectors/broker/api_util.h"

#include <algorithm>
#include <array>
#include <utility>

#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

ConfigType TopicConfigType(std::string_view name) {
  // Kafka's topic configs (TopicConfig / LogConfig) with their declared types; a client shows
  // the type next to the value (kafka-configs --describe, AdminClient's ConfigEntry.type).
  static constexpr std::array<std::pair<std::string_view, ConfigType>, 31> kTypes = {{
      {"cleanup.policy", ConfigType::kList},
      {"compression.type", ConfigType::kString},
      {"delete.retention.ms", ConfigType::kLong},
      {"file.delete.delay.ms", ConfigType::kLong},
      {"flush.messages", ConfigType::kLong},
      {"flush.ms", ConfigType::kLong},
      {"follower.replication.throttled.replicas", ConfigType::kList},
      {"index.interval.bytes", ConfigType::kInt},
      {"leader.replication.throttled.replicas", ConfigType::kList},
      {"local.retention.bytes", ConfigType::kLong},
      {"local.retention.ms", ConfigType::kLong},
      {"max.compaction.lag.ms", ConfigType::kLong},
      {"max.message.bytes", ConfigType::kInt},
      {"message.downconversion.enable", ConfigType::kBoolean},
      {"message.format.version", ConfigType::kString},
      {"message.timestamp.after.max.ms", ConfigType::kLong},
      {"message.timestamp.before.max.ms", ConfigType::kLong},
      {"message.timestamp.difference.max.ms", ConfigType::kLong},
      {"message.timestamp.type", ConfigType::kString},
      {"min.cleanable.dirty.ratio", ConfigType::kDouble},
      {"min.compaction.lag.ms", ConfigType::kLong},
      {"min.insync.replicas", ConfigType::kInt},
      {"preallocate", ConfigType::kBoolean},
      {"remote.storage.enable", ConfigType::kBoolean},
      {"retention.bytes", ConfigType::kLong},
      {"retention.ms", ConfigType::kLong},
      {"segment.bytes", ConfigType::kInt},
      {"segment.index.bytes", ConfigType::kInt},
      {"segment.jitter.ms", ConfigType::kLong},
      {"segment.ms", ConfigType::kLong},
      {"unclean.leader.election.enable", ConfigType::kBoolean},
  }};
  for (const auto& [key, type] : kTypes) {
    if (key == name) return type;
  }
  return ConfigType::kUnknown;
}

bool IsValidTopicName(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

bool PartitionExists(const LogStore& log, std::string_view topic, int32_t partition) {
  const TopicMetadata* meta = log.FindTopic(topic);
  return meta != nullptr && partition >= 0 && partition < meta->partitions;
}

ErrorCode CheckCurrentLeaderEpoch(int32_t current_leader_epoch) {
  if (current_leader_epoch > kLeaderEpoch) return ErrorCode::kUnknownLeaderEpoch;
  return ErrorCode::kNone;
}

void NotifyChange(BrokerContext& ctx) {
  if (ctx.notify_change) ctx.notify_change();
}

std::optional<std::string> MessageOrNull(const std::string& message) {
  if (message.empty()) return std::nullopt;
  return message;
}

std::map<std::string, std::string> BrokerConfigs(const BrokerIdentity& identity) {
  // What an admin client most often asks a broker about; all fixed by riffle's one-node design.
  return {
      {"auto.create.topics.enable", "true"},
      {"broker.id", std::to_string(identity.node_id)},
      {"default.replication.factor", "1"},
      {"min.insync.replicas", "1"},
      {"num.partitions", std::to_string(kAutoCreatePartitions)},
      {"offsets.topic.replication.factor", "1"},
      {"transaction.state.log.replication.factor", "1"},
  };
}

ErrorCode CheckPartition(const LogStore& log, std::string_view topic, int32_t partition,
                         int32_t current_leader_epoch) {
  ErrorCode error = CheckCurrentLeaderEpoch(current_leader_epoch);
  if (error == ErrorCode::kNone && !PartitionExists(log, topic, partition)) {
    error = ErrorCode::kUnknownTopicOrPartition;
  }
  return error;
}

ErrorCode CheckAlterableResource(const BrokerContext& ctx, int8_t type, const std::string& name,
                                 std::string* message) {
  if (type == kResourceBroker) {
    *message = "broker configs are fixed on riffle's one-node broker";
    return ErrorCode::kInvalidRequest;
  }
  if (type != kResourceTopic) {
    *message = "resource type " + std::to_string(type) + " is not served";
    return ErrorCode::kInvalidRequest;
  }
  if (ctx.log.FindTopic(name) == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  return ErrorCode::kNone;
}

void WriteAlterConfigsResponse(Writer& out, const std::vector<ConfigResourceName>& resources,
                               const std::function<ErrorCode(size_t, std::string*)>& alter) {
  std::map<ConfigResourceName, int> counts;
  for (const ConfigResourceName& r : resources) ++counts[r];
  out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(resources.size()));
  for (size_t i = 0; i < resources.size(); ++i) {
    const auto& [type, name] = resources[i];
    std::string message;
    ErrorCode error = ErrorCode::kInvalidRequest;
    if (counts[resources[i]] > 1) {
      message = "resource " + name + " appears more than once in the request";
    } else {
      error = alter(i, &message);
    }
    out.Int16(Code(error));
    out.NullableStr(error == ErrorCode::kNone ? std::nullopt : MessageOrNull(message));
    out.Int8(type);
    out.Str(name);
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
}

}  // namespace riffle::broker
