// DeleteGroups (key 42), versions 0-2: deletes empty groups and their committed offsets.

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {

std::optional<Pending> HandleDeleteGroups(BrokerContext& ctx, const RequestHeader& header,
                                          Reader& in, Writer& out) {
  (void)header;
  std::vector<std::string> ids;
  int32_t n = in.ArrayLength(1);
  for (int32_t i = 0; i < n; ++i) ids.push_back(in.Str());
  in.SkipTaggedFields();

  out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(ids.size()));
  for (const auto& id : ids) {
    out.Str(id);
    out.Int16(Code(ctx.groups.DeleteGroup(id)));
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
