// ListGroups (key 16), versions 0-4 (v4: filtered by state).

#include <strings.h>

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {

std::optional<Pending> HandleListGroups(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                        Writer& out) {
  const int16_t v = header.api_version;
  std::vector<std::string> states;
  if (v >= 4) {
    int32_t n = in.ArrayLength(1);
    for (int32_t i = 0; i < n; ++i) states.push_back(in.Str());
  }
  in.SkipTaggedFields();

  std::vector<GroupListing> listed;
  for (auto& g : ctx.groups.ListGroups()) {
    bool wanted = states.empty();
    for (const auto& s : states) {
      // Kafka matches state names case-insensitively.
      if (strcasecmp(s.c_str(), GroupStateName(g.state)) == 0) wanted = true;
    }
    if (wanted) listed.push_back(std::move(g));
  }
  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.Int16(Code(ErrorCode::kNone));
  out.ArrayLength(static_cast<int32_t>(listed.size()));
  for (const auto& g : listed) {
    out.Str(g.group_id);
    out.Str(g.protocol_type);
    if (v >= 4) out.Str(GroupStateName(g.state));
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
