// CreateTopics (key 19), versions 0-7, flexible from 5. One node: a replication factor is 1 and
// every manual assignment must name this broker alone.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct Assignment {
  int32_t partition = 0;
  std::vector<int32_t> broker_ids;
};

struct CreatableTopic {
  std::string name;
  int32_t num_partitions = -1;
  int16_t replication_factor = -1;
  std::vector<Assignment> assignments;
  std::vector<std::pair<std::string, std::optional<std::string>>> configs;
};

struct CreateTopicsRequest {
  std::vector<CreatableTopic> topics;
  bool validate_only = false;
};

CreateTopicsRequest Decode(int16_t version, Reader& in) {
  CreateTopicsRequest req;
  const bool flexible = in.flexible();
  int32_t n = in.ArrayLength(flexible ? 10 : 16);
  for (int32_t t = 0; t < n; ++t) {
    CreatableTopic topic;
    topic.name = in.Str();
    topic.num_partitions = in.Int32();
    topic.replication_factor = in.Int16();
    int32_t assignments = in.ArrayLength(flexible ? 6 : 8);
    for (int32_t a = 0; a < assignments; ++a) {
      Assignment assignment;
      assignment.partition = in.Int32();
      int32_t ids = in.ArrayLength(4);
      for (int32_t i = 0; i < ids; ++i) assignment.broker_ids.push_back(in.Int32());
      in.SkipTaggedFields();
      topic.assignments.push_back(std::move(assignment));
    }
    int32_t configs = in.ArrayLength(flexible ? 3 : 4);
    for (int32_t c = 0; c < configs; ++c) {
      std::string name = in.Str();
      std::optional<std::string> value = in.NullableStr();
      in.SkipTaggedFields();
      topic.configs.emplace_back(std::move(name), std::move(value));
    }
    in.SkipTaggedFields();
    req.topics.push_back(std::move(topic));
  }
  in.Int32();  // timeout_ms: creation is synchronous
  if (version >= 1) req.validate_only = in.Bool();
  in.SkipTaggedFields();
  return req;
}

struct Outcome {
  ErrorCode error = ErrorCode::kNone;
  std::string message;
  int32_t partitions = -1;
  std::map<std::string, std::string> config;
};

Outcome Create(BrokerContext& ctx, const CreatableTopic& topic, bool validate_only) {
  Outcome o;
  const int32_t node = ctx.identity.node_id;
  int32_t partitions = topic.num_partitions;
  if (!topic.assignments.empty()) {
    if (topic.num_partitions != -1 || topic.replication_factor != -1) {
      o.error = ErrorCode::kInvalidRequest;
      o.message = "both num_partitions or replication_factor and manual assignments were set";
      return o;
    }
    std::set<int32_t> seen;
    for (const Assignment& a : topic.assignments) {
      if (a.broker_ids != std::vector<int32_t>{node}) {
        o.error = ErrorCode::kInvalidReplicaAssignment;
        o.message = "partition " + std::to_string(a.partition) +
                    ": this broker has one node, so every replica list must be [" +
                    std::to_string(node) + "]";
        return o;
      }
      seen.insert(a.partition);
    }
    partitions = static_cast<int32_t>(topic.assignments.size());
    if (seen.size() != topic.assignments.size() || *seen.begin() != 0 ||
        *seen.rbegin() != partitions - 1) {
      o.error = ErrorCode::kInvalidReplicaAssignment;
      o.message = "partitions must be numbered 0 to " + std::to_string(partitions - 1);
      return o;
    }
  } else {
    if (topic.replication_factor == 0 || topic.replication_factor < -1) {
      o.error = ErrorCode::kInvalidReplicationFactor;
      o.message = "replication factor must be larger than 0, or -1 to use the default";
      return o;
    }
    if (topic.replication_factor > 1) {
      o.error = ErrorCode::kInvalidReplicationFactor;
      o.message = "replication factor " + std::to_string(topic.replication_factor) +
                  " is larger than the number of brokers: this broker has one node";
      return o;
    }
    if (partitions == -1) partitions = kDefaultPartitions;
    if (partitions <= 0) {
      o.error = ErrorCode::kInvalidPartitions;
      o.message = "number of partitions must be larger than 0, or -1 to use the default";
      return o;
    }
  }
  std::map<std::string, std::string> config;
  for (const auto& [key, value] : topic.configs) {
    if (!value) {
      o.error = ErrorCode::kInvalidConfig;
      o.message = "null value not supported for topic config " + key;
      return o;
    }
    config[key] = *value;
  }
  o.error = ctx.log.CreateTopic(topic.name, partitions, config, validate_only, &o.message);
  o.partitions = partitions;
  o.config = std::move(config);
  return o;
}

}  // namespace

std::optional<Pending> HandleCreateTopics(BrokerContext& ctx, const RequestHeader& header,
                                          Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  CreateTopicsRequest req = Decode(version, in);
  std::map<std::string, int> counts;
  for (const CreatableTopic& t : req.topics) ++counts[t.name];

  bool created = false;
  if (version >= 2) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(req.topics.size()));
  for (const CreatableTopic& topic : req.topics) {
    Outcome o;
    if (counts[topic.name] > 1) {
      o.error = ErrorCode::kInvalidRequest;
      o.message = "topic " + topic.name + " appears more than once in the request";
    } else {
      o = Create(ctx, topic, req.validate_only);
      created = created || (o.error == ErrorCode::kNone && !req.validate_only);
    }
    const TopicMetadata* meta =
        o.error == ErrorCode::kNone && !req.validate_only ? ctx.log.FindTopic(topic.name) : nullptr;

    out.Str(topic.name);
    if (version >= 7) out.Uuid(meta ? meta->id : std::string());
    out.Int16(Code(o.error));
    if (version >= 1) {
      out.NullableStr(o.error == ErrorCode::kNone ? std::nullopt : MessageOrNull(o.message));
    }
    if (version >= 5) {
      if (o.error != ErrorCode::kNone) {
        out.Int32(-1);
        out.Int16(-1);
        out.ArrayLength(-1);
      } else {
        out.Int32(o.partitions);
        out.Int16(1);
        if (meta != nullptr) {
          std::vector<TopicConfigEntry> entries = ctx.log.DescribeConfig(topic.name);
          out.ArrayLength(static_cast<int32_t>(entries.size()));
          for (const TopicConfigEntry& e : entries) {
            out.Str(e.name);
            out.NullableStr(e.sensitive ? std::nullopt : std::optional<std::string>(e.value));
            out.Bool(false);  // read_only
            out.Int8(e.is_default ? kConfigSourceDefault : kConfigSourceDynamicTopic);
            out.Bool(e.sensitive);
            out.EmptyTaggedFields();
          }
        } else {
          // validate_only: the topic does not exist, so only its overrides can be shown.
          out.ArrayLength(static_cast<int32_t>(o.config.size()));
          for (const auto& [key, value] : o.config) {
            out.Str(key);
            out.Str(value);
            out.Bool(false);
            out.Int8(kConfigSourceDynamicTopic);
            out.Bool(false);
            out.EmptyTaggedFields();
          }
        }
      }
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  if (created) NotifyChange(ctx);
  return std::nullopt;
}

}  // namespace riffle::broker
