// ListOffsets (key 2), versions 1-7, flexible from 6: a partition's offset for a timestamp, or
// its earliest (-2) / latest (-1) offset, or the offset of its largest timestamp (-3, v7).

#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

inline constexpr int64_t kLatestTimestamp = -1;
inline constexpr int64_t kEarliestTimestamp = -2;
inline constexpr int64_t kMaxTimestamp = -3;

struct ListPartition {
  int32_t index = 0;
  int32_t current_leader_epoch = -1;
  int64_t timestamp = 0;
};

struct ListTopic {
  std::string name;
  std::vector<ListPartition> partitions;
};

std::vector<ListTopic> Decode(int16_t version, Reader& in) {
  in.Int32();                   // replica_id
  if (version >= 2) in.Int8();  // isolation_level: no transactions, so both read the same
  std::vector<ListTopic> topics;
  int32_t n = in.ArrayLength(in.flexible() ? 3 : 6);
  for (int32_t t = 0; t < n; ++t) {
    ListTopic topic;
    topic.name = in.Str();
    int32_t partitions = in.ArrayLength(12);
    for (int32_t p = 0; p < partitions; ++p) {
      ListPartition part;
      part.index = in.Int32();
      if (version >= 4) part.current_leader_epoch = in.Int32();
      part.timestamp = in.Int64();
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

std::optional<Pending> HandleListOffsets(BrokerContext& ctx, const RequestHeader& header,
                                         Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  std::vector<ListTopic> topics = Decode(version, in);
  if (version >= 2) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const ListTopic& topic : topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const ListPartition& part : topic.partitions) {
      ErrorCode error =
          CheckPartition(ctx.log, topic.name, part.index, part.current_leader_epoch);
      int64_t timestamp = -1;
      int64_t offset = -1;
      if (error == ErrorCode::kNone) {
        int64_t log_start = 0, log_end = 0;
        if (part.timestamp == kLatestTimestamp || part.timestamp == kEarliestTimestamp) {
          error = ctx.log.Offsets(topic.name, part.index, &log_start, &log_end);
          offset = part.timestamp == kLatestTimestamp ? log_end : log_start;
        } else if (part.timestamp == kMaxTimestamp && version < 7) {
          // -3 means something only from v7; older versions never send it (Kafka answers so).
          error = ErrorCode::kUnsupportedVersion;
        } else if (part.timestamp < 0 && part.timestamp != kMaxTimestamp) {
          error = ErrorCode::kInvalidRequest;  // -4 / -5 (v8+, tiered storage) and others
        } else {
          error = ctx.log.OffsetForTimestamp(topic.name, part.index, part.timestamp, &offset,
                                             &timestamp);
        }
        if (error != ErrorCode::kNone) offset = timestamp = -1;
      }
      out.Int32(part.index);
      out.Int16(Code(error));
      out.Int64(timestamp);  // v1+
      out.Int64(offset);
      if (version >= 4) out.Int32(error == ErrorCode::kNone ? kLeaderEpoch : -1);
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
