// OffsetDelete (key 47), version 0: deletes some committed offsets of a group, refusing topics
// its members still subscribe to.

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

std::optional<Pending> HandleOffsetDelete(BrokerContext& ctx, const RequestHeader& header,
                                          Reader& in, Writer& out) {
  (void)header;
  std::string group_id = in.Str();
  std::vector<std::pair<std::string, std::vector<int32_t>>> topics;
  int32_t nt = in.ArrayLength(2);
  for (int32_t t = 0; t < nt; ++t) {
    std::string name = in.Str();
    std::vector<int32_t> partitions;
    int32_t np = in.ArrayLength(4);
    for (int32_t p = 0; p < np; ++p) partitions.push_back(in.Int32());
    topics.emplace_back(std::move(name), std::move(partitions));
  }

  // Unknown topics are answered per partition; the rest go to the coordinator.
  std::vector<TopicPartitionKey> keys;
  std::vector<std::vector<ErrorCode>> errors;
  for (const auto& [name, partitions] : topics) {
    const TopicMetadata* meta = ctx.log.FindTopic(name);
    errors.emplace_back();
    for (int32_t p : partitions) {
      bool known = meta != nullptr && p >= 0 && p < meta->partitions;
      errors.back().push_back(known ? ErrorCode::kNone : ErrorCode::kUnknownTopicOrPartition);
      if (known) keys.emplace_back(name, p);
    }
  }
  std::vector<ErrorCode> key_errors;
  ErrorCode group_error = ctx.groups.DeleteOffsets(group_id, keys, &key_errors);

  out.Int16(Code(group_error));
  out.Int32(0);  // throttle_time_ms
  if (group_error != ErrorCode::kNone) {
    out.ArrayLength(0);
    return std::nullopt;
  }
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  size_t k = 0;
  for (size_t t = 0; t < topics.size(); ++t) {
    out.Str(topics[t].first);
    out.ArrayLength(static_cast<int32_t>(topics[t].second.size()));
    for (size_t p = 0; p < topics[t].second.size(); ++p) {
      ErrorCode e = errors[t][p];
      if (e == ErrorCode::kNone) e = key_errors[k++];
      out.Int32(topics[t].second[p]);
      out.Int16(Code(e));
    }
  }
  return std::nullopt;
}

}  // namespace riffle::broker
