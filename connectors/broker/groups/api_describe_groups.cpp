// DescribeGroups (key 15), versions 0-5: state, protocol and members of each group. An unknown
// group is described as Dead without an error, as Kafka does up to v5.

#include <climits>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {
namespace {

// READ, DELETE and DESCRIBE (AclOperation codes 3, 6, 8): everything a group supports, since
// riffle's broker has no authorizer.
constexpr int32_t kGroupAuthorizedOperations = (1 << 3) | (1 << 6) | (1 << 8);

}  // namespace

std::optional<Pending> HandleDescribeGroups(BrokerContext& ctx, const RequestHeader& header,
                                            Reader& in, Writer& out) {
  const int16_t v = header.api_version;
  std::vector<std::string> ids;
  int32_t n = in.ArrayLength(1);
  for (int32_t i = 0; i < n; ++i) ids.push_back(in.Str());
  bool include_operations = v >= 3 ? in.Bool() : false;
  in.SkipTaggedFields();

  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(ids.size()));
  for (const auto& id : ids) {
    GroupDescription d = ctx.groups.Describe(id);
    out.Int16(Code(ErrorCode::kNone));
    out.Str(id);
    out.Str(GroupStateName(d.state));
    out.Str(d.protocol_type);
    out.Str(d.protocol_data);
    out.ArrayLength(static_cast<int32_t>(d.members.size()));
    for (const auto& m : d.members) {
      out.Str(m.member_id);
      if (v >= 4) out.NullableStr(m.group_instance_id);
      out.Str(m.client_id);
      out.Str(m.client_host);
      out.Bytes(m.metadata);
      out.Bytes(m.assignment);
      out.EmptyTaggedFields();
    }
    if (v >= 3) out.Int32(include_operations ? kGroupAuthorizedOperations : INT32_MIN);
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
