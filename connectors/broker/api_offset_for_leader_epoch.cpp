// OffsetForLeaderEpoch (key 23), versions 0-4, flexible from 4: epoch 0 is the only epoch this
// broker has ever had, so it ends at the log end.

#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct EpochPartition {
  int32_t partition = 0;
  int32_t current_leader_epoch = -1;
};

struct EpochTopic {
  std::string name;
  std::vector<EpochPartition> partitions;
};

std::vector<EpochTopic> Decode(int16_t version, Reader& in) {
  if (version >= 3) in.Int32();  // replica_id
  std::vector<EpochTopic> topics;
  int32_t n = in.ArrayLength(in.flexible() ? 3 : 6);
  for (int32_t t = 0; t < n; ++t) {
    EpochTopic topic;
    topic.name = in.Str();
    int32_t partitions = in.ArrayLength(8);
    for (int32_t p = 0; p < partitions; ++p) {
      EpochPartition part;
      part.partition = in.Int32();
      if (version >= 2) part.current_leader_epoch = in.Int32();
      in.Int32();  // leader_epoch asked about: any answer is epoch 0's
      in.SkipTaggedFields();
      topic.partitions.push_back(part);
    }
    in.SkipTaggedFields();
    topics.push_back(std::move(topic));
  }
  in.SkipTaggedFields();
  return topics;
}

}  // namespace

std::optional<Pending> HandleOffsetForLeaderEpoch(BrokerContext& ctx, const RequestHeader& header,
                                                  Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  std::vector<EpochTopic> topics = Decode(version, in);
  if (version >= 2) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const EpochTopic& topic : topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const EpochPartition& part : topic.partitions) {
      ErrorCode error =
          CheckPartition(ctx.log, topic.name, part.partition, part.current_leader_epoch);
      int64_t log_start = 0, log_end = -1;
      if (error == ErrorCode::kNone) {
        error = ctx.log.Offsets(topic.name, part.partition, &log_start, &log_end);
      }
      if (error != ErrorCode::kNone) log_end = -1;
      out.Int16(Code(error));
      out.Int32(part.partition);
      if (version >= 1) out.Int32(error == ErrorCode::kNone ? kLeaderEpoch : -1);
      out.Int64(log_end);
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
