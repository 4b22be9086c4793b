#pragma once
// Helpers shared by the data and admin API handlers (api_*.cpp): the facts of a one-node
// cluster, topic-name and leader-epoch checks, and the topic configs' types for
// Describe/AlterConfigs.

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/protocol.h"

namespace riffle::broker {

class LogStore;

// Every partition's leader is this broker and it has always been: epoch 0 is the only epoch.
inline constexpr int32_t kLeaderEpoch = 0;
// "Authorized operations were not requested / are unknown" (Kafka's default for the fields).
inline constexpr int32_t kUnknownAuthorizedOperations = INT32_MIN;
// Partitions of a topic created by a Metadata request (Kafka's num.partitions default).
inline constexpr int32_t kAutoCreatePartitions = 1;
// Partitions of a CreateTopics entry that leaves the count to the broker (-1).
inline constexpr int32_t kDefaultPartitions = 1;

// Kafka's DescribeConfigs ConfigSource values that riffle answers with.
inline constexpr int8_t kConfigSourceDynamicTopic = 1;
inline constexpr int8_t kConfigSourceStaticBroker = 4;
inline constexpr int8_t kConfigSourceDefault = 5;

// Kafka's ConfigResource types.
inline constexpr int8_t kResourceTopic = 2;
inline constexpr int8_t kResourceBroker = 4;

// Kafka's ConfigType (DescribeConfigs v3+).
enum class ConfigType : int8_t {
  kUnknown = 0,
  kBoolean = 1,
  kString = 2,
  kInt = 3,
  kShort = 4,
  kLong = 5,
  kDouble = 6,
  kList = 7,
  kClass = 8,
  kPassword = 9,
};

// The type of a topic config by name (kUnknown for a name riffle does not know).
ConfigType TopicConfigType(std::string_view name);

// Kafka's legal topic names: [a-zA-Z0-9._-]{1,249}, neither "." nor "..".
bool IsValidTopicName(std::string_view name);

// True when `topic` exists and has partition `partition`.
bool PartitionExists(const LogStore& log, std::string_view topic, int32_t partition);

// A request's CurrentLeaderEpoch against ours (0): negative means "not given" (Kafka sends -1),
// a larger one is from a future this broker does not know, a smaller one cannot occur.
ErrorCode CheckCurrentLeaderEpoch(int32_t current_leader_epoch);

// What a request about one partition (Fetch, ListOffsets, OffsetForLeaderEpoch) answers before
// looking at the log: the leader epoch check, then kUnknownTopicOrPartition when it is absent.
ErrorCode CheckPartition(const LogStore& log, std::string_view topic, int32_t partition,
                         int32_t current_leader_epoch);

// Calls ctx.notify_change when the server set one (tests may leave it empty).
void NotifyChange(BrokerContext& ctx);

// The nullable error message of a response: null when there is nothing to say.
std::optional<std::string> MessageOrNull(const std::string& message);

// The part of altering a config resource that AlterConfigs and IncrementalAlterConfigs share:
// broker configs are fixed on riffle's one node, only topics are served, the topic must exist.
// kNone when the alteration may go on.
ErrorCode CheckAlterableResource(const BrokerContext& ctx, int8_t type, const std::string& name,
                                 std::string* message);

// A config resource as a request names it: (type, name).
using ConfigResourceName = std::pair<int8_t, std::string>;

// Writes the response of AlterConfigs or IncrementalAlterConfigs (the same shape): per resource
// its error, message, type and name. A resource named twice in one request is refused without
// altering it, as Kafka refuses it; otherwise alter(i, &message) alters the i-th.
void WriteAlterConfigsResponse(Writer& out, const std::vector<ConfigResourceName>& resources,
                               const std::function<ErrorCode(size_t, std::string*)>& alter);

// The broker configs DescribeConfigs shows for a broker resource, with their values.
std::map<std::string, std::string> BrokerConfigs(const BrokerIdentity& identity);

}  // namespace riffle::broker
