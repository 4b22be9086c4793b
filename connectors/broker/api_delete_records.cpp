// DeleteRecords (key 21), versions 0-2, flexible from 2: moves log start offsets up.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct DeleteTopic {
  std::string name;
  std::vector<std::pair<int32_t, int64_t>> partitions;  // (partition, offset; -1 = log end)
};

std::vector<DeleteTopic> Decode(Reader& in) {
  std::vector<DeleteTopic> topics;
  int32_t n = in.ArrayLength(in.flexible() ? 3 : 6);
  for (int32_t t = 0; t < n; ++t) {
    DeleteTopic topic;
    topic.name = in.Str();
    int32_t partitions = in.ArrayLength(12);
    for (int32_t p = 0; p < partitions; ++p) {
      int32_t index = in.Int32();
      int64_t offset = in.Int64();
      in.SkipTaggedFields();
      topic.partitions.emplace_back(index, offset);
    }
    in.SkipTaggedFields();
    topics.push_back(std::move(topic));
  }
  in.Int32();  // timeout_ms
  in.SkipTaggedFields();
  return topics;
}

}  // namespace

std::optional<Pending> HandleDeleteRecords(BrokerContext& ctx, const RequestHeader&, Reader& in,
                                           Writer& out) {
  std::vector<DeleteTopic> topics = Decode(in);
  out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const DeleteTopic& topic : topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const auto& [index, offset] : topic.partitions) {
      ErrorCode error = ErrorCode::kNone;
      int64_t low_watermark = -1;
      if (!PartitionExists(ctx.log, topic.name, index)) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else if (offset < -1) {
        error = ErrorCode::kOffsetOutOfRange;
      } else {
        error = ctx.log.DeleteRecordsBefore(topic.name, index, offset, &low_watermark);
        if (error != ErrorCode::kNone) low_watermark = -1;
      }
      out.Int32(index);
      out.Int64(low_watermark);
      out.Int16(Code(error));
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
