// Metadata (key 3), versions 0-12, flexible from 9: this broker, the cluster, and the topics a
// client asked for (auto-creating unknown ones as Kafka's auto.create.topics.enable=true does).

#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct RequestedTopic {
  std::string id;  // 16 bytes (v10+), all zero when the topic is named.
  std::optional<std::string> name;
};

struct MetadataRequest {
  std::optional<std::vector<RequestedTopic>> topics;  // nullopt: every topic.
  bool allow_auto_topic_creation = true;
};

MetadataRequest Decode(int16_t version, Reader& in) {
  MetadataRequest req;
  int32_t n = in.ArrayLength(version >= 10 ? 17 : 2);
  // v0 has no null array: an empty one means "all topics" there, and "none" from v1.
  if (n >= 0 && !(version == 0 && n == 0)) {
    req.topics.emplace();
    for (int32_t i = 0; i < n; ++i) {
      RequestedTopic t;
      if (version >= 10) t.id = in.Uuid();
      t.name = version >= 10 ? in.NullableStr() : std::optional<std::string>(in.Str());
      in.SkipTaggedFields();
      req.topics->push_back(std::move(t));
    }
  }
  if (version >= 4) req.allow_auto_topic_creation = in.Bool();
  if (version >= 8 && version <= 10) in.Bool();  // include_cluster_authorized_operations
  if (version >= 8) in.Bool();                   // include_topic_authorized_operations
  in.SkipTaggedFields();
  return req;
}

bool IsZeroId(const std::string& id) { return id.find_first_not_of('\0') == std::string::npos; }

void WriteTopic(int16_t version, const BrokerIdentity& identity, ErrorCode error,
                const std::optional<std::string>& name, const TopicMetadata* meta, Writer& out) {
  out.Int16(Code(error));
  if (name || version < 12) {
    out.Str(name.value_or(""));
  } else {
    out.NullStr();
  }
  if (version >= 10) out.Uuid(meta ? meta->id : std::string());
  if (version >= 1) out.Bool(false);  // is_internal
  int32_t partitions = meta ? meta->partitions : 0;
  out.ArrayLength(partitions);
  for (int32_t p = 0; p < partitions; ++p) {
    out.Int16(Code(ErrorCode::kNone));
    out.Int32(p);
    out.Int32(identity.node_id);  // leader
    if (version >= 7) out.Int32(kLeaderEpoch);
    out.ArrayLength(1);  // replicas
    out.Int32(identity.node_id);
    out.ArrayLength(1);  // isr
    out.Int32(identity.node_id);
    if (version >= 5) out.ArrayLength(0);  // offline replicas
    out.EmptyTaggedFields();
  }
  if (version >= 8) out.Int32(kUnknownAuthorizedOperations);
  out.EmptyTaggedFields();
}

}  // namespace

std::optional<Pending> HandleMetadata(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                      Writer& out) {
  const int16_t version = header.api_version;
  MetadataRequest req = Decode(version, in);
  // Before v4 the request had no flag and brokers auto-created (auto.create.topics.enable).
  const bool auto_create = version < 4 || req.allow_auto_topic_creation;

  if (version >= 3) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(1);
  out.Int32(ctx.identity.node_id);
  out.Str(ctx.identity.host);
  out.Int32(ctx.identity.port);
  if (version >= 1) out.NullStr();  // rack
  out.EmptyTaggedFields();
  if (version >= 2) out.Str(ctx.identity.cluster_id);
  if (version >= 1) out.Int32(ctx.identity.node_id);  // controller_id

  if (!req.topics) {
    std::vector<std::string> names = ctx.log.TopicNames();
    out.ArrayLength(static_cast<int32_t>(names.size()));
    for (const std::string& name : names) {
      WriteTopic(version, ctx.identity, ErrorCode::kNone, name, ctx.log.FindTopic(name), out);
    }
  } else {
    out.ArrayLength(static_cast<int32_t>(req.topics->size()));
    bool created = false;
    for (const RequestedTopic& t : *req.topics) {
      if (!t.name) {
        // By id (v10+): a zero id with a null name names nothing.
        const TopicMetadata* meta = IsZeroId(t.id) ? nullptr : ctx.log.FindTopicById(t.id);
        if (meta == nullptr) {
          WriteTopic(version, ctx.identity, ErrorCode::kUnknownTopicId, std::nullopt, nullptr, out);
        } else {
          WriteTopic(version, ctx.identity, ErrorCode::kNone, meta->name, meta, out);
        }
        continue;
      }
      const std::string& name = *t.name;
      const TopicMetadata* meta = ctx.log.FindTopic(name);
      if (meta == nullptr && !IsValidTopicName(name)) {
        WriteTopic(version, ctx.identity, ErrorCode::kInvalidTopicException, name, nullptr, out);
        continue;
      }
      if (meta == nullptr && auto_create) {
        std::string message;
        ErrorCode error = ctx.log.CreateTopic(name, kAutoCreatePartitions, {}, false, &message);
        if (error == ErrorCode::kNone || error == ErrorCode::kTopicAlreadyExists) {
          created = created || error == ErrorCode::kNone;
          meta = ctx.log.FindTopic(name);
        } else {
          WriteTopic(version, ctx.identity, error, name, nullptr, out);
          continue;
        }
      }
      if (meta == nullptr) {
        WriteTopic(version, ctx.identity, ErrorCode::kUnknownTopicOrPartition, name, nullptr, out);
      } else {
        WriteTopic(version, ctx.identity, ErrorCode::kNone, name, meta, out);
      }
    }
    if (created) NotifyChange(ctx);
  }
  if (version >= 8 && version <= 10) out.Int32(kUnknownAuthorizedOperations);
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
