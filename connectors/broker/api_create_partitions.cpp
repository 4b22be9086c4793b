// CreatePartitions (key 37), versions 0-3, flexible from 2: grows a topic to a new total.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct GrowTopic {
  std::string name;
  int32_t count = 0;
  std::optional<std::vector<std::vector<int32_t>>> assignments;  // One per new partition.
};

struct CreatePartitionsRequest {
  std::vector<GrowTopic> topics;
  bool validate_only = false;
};

CreatePartitionsRequest Decode(Reader& in) {
  CreatePartitionsRequest req;
  const bool flexible = in.flexible();
  int32_t n = in.ArrayLength(flexible ? 7 : 10);
  for (int32_t t = 0; t < n; ++t) {
    GrowTopic topic;
    topic.name = in.Str();
    topic.count = in.Int32();
    int32_t assignments = in.ArrayLength(flexible ? 2 : 4);
    if (assignments >= 0) {
      topic.assignments.emplace();
      for (int32_t a = 0; a < assignments; ++a) {
        std::vector<int32_t> ids;
        int32_t m = in.ArrayLength(4);
        for (int32_t i = 0; i < m; ++i) ids.push_back(in.Int32());
        in.SkipTaggedFields();
        topic.assignments->push_back(std::move(ids));
      }
    }
    in.SkipTaggedFields();
    req.topics.push_back(std::move(topic));
  }
  in.Int32();  // timeout_ms
  req.validate_only = in.Bool();
  in.SkipTaggedFields();
  return req;
}

}  // namespace

std::optional<Pending> HandleCreatePartitions(BrokerContext& ctx, const RequestHeader&, Reader& in,
                                              Writer& out) {
  CreatePartitionsRequest req = Decode(in);
  std::map<std::string, int> counts;
  for (const GrowTopic& t : req.topics) ++counts[t.name];
  const int32_t node = ctx.identity.node_id;

  bool grown = false;
  out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(req.topics.size()));
  for (const GrowTopic& topic : req.topics) {
    ErrorCode error = ErrorCode::kNone;
    std::string message;
    const TopicMetadata* meta = ctx.log.FindTopic(topic.name);
    if (counts[topic.name] > 1) {
      error = ErrorCode::kInvalidRequest;
      message = "topic " + topic.name + " appears more than once in the request";
    } else if (meta == nullptr) {
      error = ErrorCode::kUnknownTopicOrPartition;
    } else if (topic.count <= meta->partitions) {
      error = ErrorCode::kInvalidPartitions;
      message = "topic " + topic.name + " has " + std::to_string(meta->partitions) +
                " partitions; the new count must be larger";
    } else if (topic.assignments) {
      if (static_cast<int64_t>(topic.assignments->size()) !=
          static_cast<int64_t>(topic.count) - meta->partitions) {
        error = ErrorCode::kInvalidReplicaAssignment;
        message = "expected " + std::to_string(topic.count - meta->partitions) +
                  " assignments, one per new partition";
      } else {
        for (const std::vector<int32_t>& ids : *topic.assignments) {
          if (ids != std::vector<int32_t>{node}) {
            error = ErrorCode::kInvalidReplicaAssignment;
            message = "this broker has one node, so every replica list must be [" +
                      std::to_string(node) + "]";
          }
        }
      }
    }
    if (error == ErrorCode::kNone) {
      error = ctx.log.AddPartitions(topic.name, topic.count, req.validate_only, &message);
      grown = grown || (error == ErrorCode::kNone && !req.validate_only);
    }
    out.Str(topic.name);
    out.Int16(Code(error));
    out.NullableStr(error == ErrorCode::kNone ? std::nullopt : MessageOrNull(message));
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  if (grown) NotifyChange(ctx);
  return std::nullopt;
}

}  // namespace riffle::broker
