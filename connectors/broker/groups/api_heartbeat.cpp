// Heartbeat (key 12), versions 0-4: keeps a member's session alive; tells it of a rebalance.

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {

std::optional<Pending> HandleHeartbeat(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                       Writer& out) {
  const int16_t v = header.api_version;
  std::string group_id = in.Str();
  int32_t generation_id = in.Int32();
  std::string member_id = in.Str();
  std::optional<std::string> instance_id;
  if (v >= 3) instance_id = in.NullableStr();
  in.SkipTaggedFields();

  ErrorCode error =
      ctx.groups.Heartbeat(group_id, generation_id, member_id, instance_id, ctx.now_ms);
  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.Int16(Code(error));
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
