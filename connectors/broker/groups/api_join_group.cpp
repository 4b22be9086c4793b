// JoinGroup (key 11), versions 0-9: a member (re)joins; the answer waits for the rebalance.

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {
namespace {

void WriteJoinResponse(int16_t v, const JoinGroupResult& r, Writer& out) {
  if (v >= 2) out.Int32(0);  // throttle_time_ms
  out.Int16(Code(r.error));
  out.Int32(r.generation_id);
  if (v >= 7) {
    out.NullableStr(r.protocol_type);
    out.NullableStr(r.protocol_name);
  } else {
    out.Str(r.protocol_name.value_or(""));
  }
  out.Str(r.leader);
  if (v >= 9) out.Bool(false);  // skip_assignment: only for KIP-848 groups.
  out.Str(r.member_id);
  out.ArrayLength(static_cast<int32_t>(r.members.size()));
  for (const auto& m : r.members) {
    out.Str(m.member_id);
    if (v >= 5) out.NullableStr(m.group_instance_id);
    out.Bytes(m.metadata);
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
}

}  // namespace

std::optional<Pending> HandleJoinGroup(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                       Writer& out) {
  const int16_t v = header.api_version;
  JoinGroupArgs args;
  args.group_id = in.Str();
  args.session_timeout_ms = in.Int32();
  if (v >= 1) args.rebalance_timeout_ms = in.Int32();
  args.member_id = in.Str();
  if (v >= 5) args.group_instance_id = in.NullableStr();
  args.protocol_type = in.Str();
  int32_t n = in.ArrayLength(2);
  for (int32_t i = 0; i < n; ++i) {
    std::string name = in.Str();
    std::string metadata(in.Bytes());
    in.SkipTaggedFields();
    args.protocols.emplace_back(std::move(name), std::move(metadata));
  }
  if (v >= 8) in.NullableStr();  // reason: informational only.
  in.SkipTaggedFields();
  args.client_id = header.client_id.value_or("");
  args.client_host = ctx.client_host;
  args.require_known_member_id = v >= 4;

  std::string member_id;
  std::optional<JoinGroupResult> result = ctx.groups.Join(args, ctx.now_ms, &member_id);
  // Whatever happened (a member added, a rebalance started or completed) others may wait on it.
  if (ctx.notify_change) ctx.notify_change();
  if (result) {
    WriteJoinResponse(v, *result, out);
    return std::nullopt;
  }
  Pending pending;
  pending.deadline_ms = ctx.groups.JoinDeadline(args.group_id, ctx.now_ms);
  pending.resume = [v, group_id = args.group_id, member_id](BrokerContext& c, Writer& w,
                                                            bool expired) {
    std::optional<JoinGroupResult> r = c.groups.PollJoin(group_id, member_id, c.now_ms, expired);
    if (!r) return false;
    // An overdue rebalance completed here answers the group's other parked joins too.
    if (expired && c.notify_change) c.notify_change();
    WriteJoinResponse(v, *r, w);
    return true;
  };
  return pending;
}

}  // namespace riffle::broker
