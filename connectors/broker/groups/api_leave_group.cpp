// LeaveGroup (key 13), versions 0-5: members leave (v3+: several at once, by instance id too).

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {

std::optional<Pending> HandleLeaveGroup(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                        Writer& out) {
  const int16_t v = header.api_version;
  struct Leaving {
    std::string member_id;
    std::optional<std::string> instance_id;
    ErrorCode error = ErrorCode::kNone;
  };
  std::string group_id = in.Str();
  std::vector<Leaving> leaving;
  if (v <= 2) {
    leaving.push_back({in.Str(), std::nullopt});
  } else {
    int32_t n = in.ArrayLength(2);
    for (int32_t i = 0; i < n; ++i) {
      Leaving l;
      l.member_id = in.Str();
      l.instance_id = in.NullableStr();
      if (v >= 5) in.NullableStr();  // reason
      in.SkipTaggedFields();
      leaving.push_back(std::move(l));
    }
  }
  in.SkipTaggedFields();

  ErrorCode top = ErrorCode::kNone;
  if (group_id.empty()) {
    top = ErrorCode::kInvalidGroupId;
  } else {
    for (auto& l : leaving) {
      l.error = ctx.groups.Leave(group_id, l.member_id, l.instance_id, ctx.now_ms);
    }
    if (ctx.notify_change) ctx.notify_change();  // A rebalance may have started or completed.
    if (v <= 2) top = leaving.front().error;
  }

  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.Int16(Code(top));
  if (v >= 3) {
    out.ArrayLength(top == ErrorCode::kNone ? static_cast<int32_t>(leaving.size()) : 0);
    if (top == ErrorCode::kNone) {
      for (const auto& l : leaving) {
        out.Str(l.member_id);
        out.NullableStr(l.instance_id);
        out.Int16(Code(l.error));
        out.EmptyTaggedFields();
      }
    }
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
