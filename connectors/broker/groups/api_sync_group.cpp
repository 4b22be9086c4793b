// SyncGroup (key 14), versions 0-5: the leader hands out assignments; followers wait for them.

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {
namespace {

void WriteSyncResponse(int16_t v, const SyncGroupResult& r, Writer& out) {
  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.Int16(Code(r.error));
  if (v >= 5) {
    out.NullableStr(r.protocol_type);
    out.NullableStr(r.protocol_name);
  }
  out.Bytes(r.assignment);
  out.EmptyTaggedFields();
}

}  // namespace

std::optional<Pending> HandleSyncGroup(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                       Writer& out) {
  const int16_t v = header.api_version;
  SyncGroupArgs args;
  args.group_id = in.Str();
  args.generation_id = in.Int32();
  args.member_id = in.Str();
  if (v >= 3) args.group_instance_id = in.NullableStr();
  if (v >= 5) {
    args.protocol_type = in.NullableStr();
    args.protocol_name = in.NullableStr();
  }
  int32_t n = in.ArrayLength(2);
  for (int32_t i = 0; i < n; ++i) {
    std::string member_id = in.Str();
    std::string assignment(in.Bytes());
    in.SkipTaggedFields();
    args.assignments.emplace_back(std::move(member_id), std::move(assignment));
  }
  in.SkipTaggedFields();

  std::optional<SyncGroupResult> result = ctx.groups.Sync(args, ctx.now_ms);
  if (result) {
    // The leader's assignments complete the followers' parked SyncGroups.
    if (ctx.notify_change) ctx.notify_change();
    WriteSyncResponse(v, *result, out);
    return std::nullopt;
  }
  Pending pending;
  pending.deadline_ms = ctx.groups.SyncDeadline(args.group_id, args.member_id, ctx.now_ms);
  pending.resume = [v, group_id = args.group_id, member_id = args.member_id,
                    generation = args.generation_id](BrokerContext& c, Writer& w, bool expired) {
    std::optional<SyncGroupResult> r =
        c.groups.PollSync(group_id, member_id, generation, c.now_ms, expired);
    if (!r) return false;
    WriteSyncResponse(v, *r, w);
    return true;
  };
  return pending;
}

}  // namespace riffle::broker
