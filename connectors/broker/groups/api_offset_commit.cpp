// OffsetCommit (key 8), versions 0-8: durably stores a group's consumed positions. The answer
// goes out only after the commit's bytes were written.

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

std::optional<Pending> HandleOffsetCommit(BrokerContext& ctx, const RequestHeader& header,
                                          Reader& in, Writer& out) {
  const int16_t v = header.api_version;
  struct Part {
    int32_t index = 0;
    CommittedOffset value;
    ErrorCode error = ErrorCode::kNone;
  };
  struct Topic {
    std::string name;
    std::vector<Part> partitions;
  };

  std::string group_id = in.Str();
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> instance_id;
  if (v >= 1) {
    generation_id = in.Int32();
    member_id = in.Str();
  }
  if (v >= 7) instance_id = in.NullableStr();
  if (v >= 2 && v <= 4) in.Int64();  // retention_time_ms: riffle keeps offsets until deleted.
  std::vector<Topic> topics;
  int32_t nt = in.ArrayLength(2);
  for (int32_t t = 0; t < nt; ++t) {
    Topic topic;
    topic.name = in.Str();
    int32_t np = in.ArrayLength(12);
    for (int32_t p = 0; p < np; ++p) {
      Part part;
      part.index = in.Int32();
      part.value.offset = in.Int64();
      if (v >= 6) part.value.leader_epoch = in.Int32();
      int64_t commit_time = v == 1 ? in.Int64() : -1;
      part.value.commit_time_ms = commit_time >= 0 ? commit_time : ctx.now_ms;
      part.value.metadata = in.NullableStr();
      in.SkipTaggedFields();
      topic.partitions.push_back(std::move(part));
    }
    in.SkipTaggedFields();
    topics.push_back(std::move(topic));
  }
  in.SkipTaggedFields();

  // Per-partition checks first; what passes is committed (or refused) as one.
  std::vector<OffsetToCommit> valid;
  for (auto& topic : topics) {
    const TopicMetadata* meta = ctx.log.FindTopic(topic.name);
    for (auto& part : topic.partitions) {
      if (meta == nullptr || part.index < 0 || part.index >= meta->partitions) {
        part.error = ErrorCode::kUnknownTopicOrPartition;
      } else if (part.value.metadata && part.value.metadata->size() > kMaxOffsetMetadataBytes) {
        part.error = ErrorCode::kOffsetMetadataTooLarge;
      } else {
        valid.push_back({topic.name, part.index, part.value});
      }
    }
  }
  ErrorCode group_error =
      ctx.groups.CommitOffsets(group_id, generation_id, member_id, instance_id, valid, ctx.now_ms);

  if (v >= 3) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const auto& topic : topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const auto& part : topic.partitions) {
      out.Int32(part.index);
      out.Int16(Code(part.error != ErrorCode::kNone ? part.error : group_error));
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
