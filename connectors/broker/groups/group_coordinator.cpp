#include "connectors/broker/groups/group_coordinator.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "connectors/broker/wire.h"

namespace riffle::broker {
namespace {

// Kafka strings carry an INT16 length; the offsets file stores u16 lengths.
constexpr size_t kMaxGroupIdBytes = 32767;
// A parked JoinGroup is answered this long after the rebalance deadline at the latest, so the
// Tick that completes the rebalance normally answers it first.
constexpr int64_t kJoinDeadlineSlackMs = 1000;

// A random UUID in its usual text form, as Kafka's member ids end with.
std::string RandomUuid() {
  static std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng();
  uint64_t lo = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

// The topics of a ConsumerProtocolSubscription (any version: they all start with version and
// topics); empty when the metadata does not parse.
std::vector<std::string> SubscribedTopics(std::string_view metadata) {
  std::vector<std::string> topics;
  try {
    Reader r(metadata, false);
    r.Int16();
    int32_t n = r.ArrayLength(2);
    for (int32_t i = 0; i < n; ++i) topics.push_back(r.Str());
  } catch (const ProtocolError&) {
    topics.clear();
  }
  return topics;
}

}  // namespace

const char* GroupStateName(GroupState state) {
  switch (state) {
    case GroupState::kEmpty:
      return "Empty";
    case GroupState::kPreparingRebalance:
      return "PreparingRebalance";
    case GroupState::kCompletingRebalance:
      return "CompletingRebalance";
    case GroupState::kStable:
      return "Stable";
    case GroupState::kDead:
      return "Dead";
  }
  return "Dead";
}

std::unique_ptr<GroupCoordinator> GroupCoordinator::Open(const std::string& dir,
                                                         RecoveryNotes* notes) {
  return std::make_unique<GroupCoordinator>(Key(), OffsetStore::Open(dir, notes));
}

GroupCoordinator::GroupCoordinator(Key, std::unique_ptr<OffsetStore> store)
    : store_(std::move(store)) {
  // Groups with committed offsets exist (Empty) before anyone joins: they list and describe.
  for (const auto& [group_id, stored] : store_->groups()) {
    if (stored.offsets.empty()) continue;
    Group& g = groups_[group_id];
    g.group_id = group_id;
    g.protocol_type = stored.protocol_type;
  }
}

GroupCoordinator::~GroupCoordinator() { Close(); }

void GroupCoordinator::Flush() { store_->Flush(); }
void GroupCoordinator::Close() { store_->Close(); }

GroupCoordinator::Group* GroupCoordinator::FindGroup(const std::string& group_id) {
  auto it = groups_.find(group_id);
  return it == groups_.end() ? nullptr : &it->second;
}

const GroupCoordinator::Group* GroupCoordinator::FindGroup(const std::string& group_id) const {
  auto it = groups_.find(group_id);
  return it == groups_.end() ? nullptr : &it->second;
}

GroupCoordinator::Group& GroupCoordinator::GetOrCreateGroup(const std::string& group_id) {
  Group& g = groups_[group_id];
  g.group_id = group_id;
  return g;
}

ErrorCode GroupCoordinator::UnknownOrFenced(const Group& group,
                                            const std::optional<std::string>& instance_id) {
  if (instance_id) {
    for (const auto& [_, m] : group.members) {
      if (m.group_instance_id == instance_id) return ErrorCode::kFencedInstanceId;
    }
  }
  return ErrorCode::kUnknownMemberId;
}

void GroupCoordinator::MaybeForget(const std::string& group_id) {
  Group* g = FindGroup(group_id);
  if (g == nullptr || g->state != GroupState::kEmpty || !g->members.empty() ||
      !g->pending_members.empty()) {
    return;
  }
  const StoredGroup* stored = store_->Find(group_id);
  if (stored == nullptr || stored->offsets.empty()) groups_.erase(group_id);
}

// ---- rebalance --------------------------------------------------------------------------------

std::optional<std::string> GroupCoordinator::SelectProtocol(const Group& group) const {
  // Candidates: protocols every member supports. Each member votes for its most preferred
  // candidate; the most votes win (ties: the first candidate in the first member's order).
  std::vector<std::string> candidates;
  bool first = true;
  for (const auto& [_, m] : group.members) {
    std::vector<std::string> names;
    for (const auto& [name, __] : m.protocols) names.push_back(name);
    if (first) {
      candidates = names;
      first = false;
    } else {
      std::erase_if(candidates, [&](const std::string& c) {
        return std::find(names.begin(), names.end(), c) == names.end();
      });
    }
  }
  if (candidates.empty()) return std::nullopt;
  std::map<std::string, int> votes;
  for (const auto& [_, m] : group.members) {
    for (const auto& [name, __] : m.protocols) {
      if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) {
        ++votes[name];
        break;
      }
    }
  }
  std::string best = candidates.front();
  for (const auto& c : candidates) {
    if (votes[c] > votes[best]) best = c;
  }
  return best;
}

bool GroupCoordinator::ProtocolsCompatible(const Group& group, const JoinGroupArgs& args) const {
  if (args.protocol_type.empty() || args.protocols.empty()) return false;
  bool has_others = false;
  std::set<std::string> candidates;
  for (const auto& [name, _] : args.protocols) candidates.insert(name);
  for (const auto& [id, m] : group.members) {
    if (id == args.member_id) continue;
    has_others = true;
    std::set<std::string> theirs;
    for (const auto& [name, _] : m.protocols) theirs.insert(name);
    std::erase_if(candidates, [&](const std::string& c) { return theirs.count(c) == 0; });
  }
  if (!has_others) return true;
  return args.protocol_type == group.protocol_type && !candidates.empty();
}

void GroupCoordinator::PrepareRebalance(Group& group, int64_t now_ms) {
  bool was_empty = group.state == GroupState::kEmpty;
  group.state = GroupState::kPreparingRebalance;
  int64_t rebalance_timeout = 0;
  for (auto& [_, m] : group.members) {
    m.joined = false;
    m.awaiting_sync = false;
    m.join_result.reset();
    rebalance_timeout = std::max<int64_t>(rebalance_timeout, m.rebalance_timeout_ms);
  }
  group.rebalance_deadline_ms = now_ms + rebalance_timeout;
  group.initial_delay_end_ms =
      was_empty ? std::min(now_ms + kInitialRebalanceDelayMs, group.rebalance_deadline_ms) : 0;
}

bool GroupCoordinator::MaybeCompleteJoin(Group& group, int64_t now_ms, bool force) {
  if (group.state != GroupState::kPreparingRebalance) return false;
  bool all_joined =
      group.pending_members.empty() && std::all_of(group.members.begin(), group.members.end(),
                                                   [](const auto& kv) { return kv.second.joined; });
  bool due = force || now_ms >= group.rebalance_deadline_ms;
  if (!due && !(all_joined && now_ms >= group.initial_delay_end_ms)) return false;

  // Members that did not rejoin in time are out.
  for (auto it = group.members.begin(); it != group.members.end();) {
    if (it->second.joined) {
      ++it;
    } else {
      std::erase(group.join_order, it->first);
      it = group.members.erase(it);
    }
  }
  ++group.generation_id;
  if (group.members.empty()) {
    group.state = GroupState::kEmpty;
    group.protocol_name.reset();
    group.leader.clear();
    return true;
  }
  group.protocol_name = SelectProtocol(group);
  if (group.members.count(group.leader) == 0) group.leader = group.join_order.front();
  group.state = GroupState::kCompletingRebalance;
  for (auto& [_, m] : group.members) {
    m.joined = false;
    m.last_heartbeat_ms = now_ms;
    m.assignment.clear();
    m.join_result = JoinResultFor(group, m);
  }
  return true;
}

JoinGroupResult GroupCoordinator::JoinResultFor(const Group& group, const Member& member) const {
  JoinGroupResult r;
  r.generation_id = group.generation_id;
  r.protocol_type = group.protocol_type;
  r.protocol_name = group.protocol_name;
  r.leader = group.leader;
  r.member_id = member.member_id;
  if (member.member_id == group.leader) {
    for (const auto& id : group.join_order) {
      const Member& m = group.members.at(id);
      JoinedMember jm;
      jm.member_id = id;
      jm.group_instance_id = m.group_instance_id;
      for (const auto& [name, metadata] : m.protocols) {
        if (group.protocol_name && name == *group.protocol_name) jm.metadata = metadata;
      }
      r.members.push_back(std::move(jm));
    }
  }
  return r;
}

std::optional<JoinGroupResult> GroupCoordinator::Join(const JoinGroupArgs& args, int64_t now_ms,
                                                      std::string* member_id) {
  *member_id = args.member_id;
  auto fail = [&](ErrorCode e) {
    JoinGroupResult r;
    r.error = e;
    r.member_id = *member_id;
    return r;
  };
  if (args.group_id.empty() || args.group_id.size() > kMaxGroupIdBytes) {
    return fail(ErrorCode::kInvalidGroupId);
  }
  if (args.session_timeout_ms < kMinSessionTimeoutMs ||
      args.session_timeout_ms > kMaxSessionTimeoutMs) {
    return fail(ErrorCode::kInvalidSessionTimeout);
  }
  Group* existing = FindGroup(args.group_id);
  if (existing == nullptr && !args.member_id.empty()) return fail(ErrorCode::kUnknownMemberId);
  Group& group = existing ? *existing : GetOrCreateGroup(args.group_id);
  if (!ProtocolsCompatible(group, args)) {
    MaybeForget(args.group_id);
    return fail(ErrorCode::kInconsistentGroupProtocol);
  }

  Member incoming;
  incoming.group_instance_id = args.group_instance_id;
  incoming.client_id = args.client_id;
  incoming.client_host = args.client_host;
  incoming.session_timeout_ms = args.session_timeout_ms;
  incoming.rebalance_timeout_ms =
      args.rebalance_timeout_ms < 0 ? args.session_timeout_ms : args.rebalance_timeout_ms;
  incoming.protocol_type = args.protocol_type;
  incoming.protocols = args.protocols;
  incoming.last_heartbeat_ms = now_ms;

  auto find_instance = [&](const std::string& instance_id) -> Member* {
    for (auto& [_, m] : group.members) {
      if (m.group_instance_id == instance_id) return &m;
    }
    return nullptr;
  };

  if (args.member_id.empty()) {
    if (args.group_instance_id) {
      // A static member (re)joining: it gets a fresh id and takes over the old member's place
      // (and leadership), fencing the old id.
      *member_id = *args.group_instance_id + "-" + RandomUuid();
      incoming.member_id = *member_id;
      if (Member* old = find_instance(*args.group_instance_id)) {
        std::string old_id = old->member_id;
        bool changed = old->protocols != incoming.protocols;
        incoming.assignment = old->assignment;
        group.members.erase(old_id);
        std::replace(group.join_order.begin(), group.join_order.end(), old_id, *member_id);
        if (group.leader == old_id) group.leader = *member_id;
        Member& m = group.members[*member_id] = std::move(incoming);
        return JoinKnownMember(group, m, /*is_new=*/false, changed, now_ms);
      }
      group.join_order.push_back(*member_id);
      Member& m = group.members[*member_id] = std::move(incoming);
      return JoinKnownMember(group, m, /*is_new=*/true, true, now_ms);
    }
    *member_id = args.client_id + "-" + RandomUuid();
    if (args.require_known_member_id) {
      // The member must come back with this id, so that a join that times out on the client
      // and is retried does not leave a ghost member the rebalance then waits for.
      group.pending_members[*member_id] = now_ms + args.session_timeout_ms;
      return fail(ErrorCode::kMemberIdRequired);
    }
    incoming.member_id = *member_id;
    group.join_order.push_back(*member_id);
    Member& m = group.members[*member_id] = std::move(incoming);
    return JoinKnownMember(group, m, /*is_new=*/true, true, now_ms);
  }

  if (group.pending_members.erase(args.member_id) > 0) {
    incoming.member_id = args.member_id;
    group.join_order.push_back(args.member_id);
    Member& m = group.members[args.member_id] = std::move(incoming);
    return JoinKnownMember(group, m, /*is_new=*/true, true, now_ms);
  }
  auto it = group.members.find(args.member_id);
  if (it == group.members.end()) return fail(ErrorCode::kUnknownMemberId);
  Member& m = it->second;
  if (m.group_instance_id != args.group_instance_id) return fail(ErrorCode::kFencedInstanceId);
  bool changed = m.protocols != incoming.protocols;
  incoming.member_id = m.member_id;
  incoming.assignment = std::move(m.assignment);
  m = std::move(incoming);
  return JoinKnownMember(group, m, /*is_new=*/false, changed, now_ms);
}

std::optional<JoinGroupResult> GroupCoordinator::JoinKnownMember(Group& group, Member& member,
                                                                 bool is_new,
                                                                 bool protocols_changed,
                                                                 int64_t now_ms) {
  if (group.members.size() == 1) group.protocol_type = member.protocol_type;
  switch (group.state) {
    case GroupState::kEmpty:
    case GroupState::kDead:
      PrepareRebalance(group, now_ms);
      break;
    case GroupState::kPreparingRebalance:
      if (is_new && group.initial_delay_end_ms > 0) {
        // Members of a new group arriving one after another: wait a little longer for the next.
        group.initial_delay_end_ms =
            std::min(now_ms + kInitialRebalanceDelayMs, group.rebalance_deadline_ms);
      }
      break;
    case GroupState::kCompletingRebalance:
    case GroupState::kStable:
      // A follower that lost its JoinGroup answer gets it again; anything else rebalances.
      if (!is_new && !protocols_changed &&
          (group.state == GroupState::kCompletingRebalance || member.member_id != group.leader)) {
        return JoinResultFor(group, member);
      }
      PrepareRebalance(group, now_ms);
      break;
  }
  member.joined = true;
  member.join_result.reset();
  MaybeCompleteJoin(group, now_ms, false);
  if (member.join_result) {
    JoinGroupResult r = std::move(*member.join_result);
    member.join_result.reset();
    return r;
  }
  return std::nullopt;
}

std::optional<JoinGroupResult> GroupCoordinator::PollJoin(const std::string& group_id,
                                                          const std::string& member_id,
                                                          int64_t now_ms, bool expired) {
  JoinGroupResult r;
  r.member_id = member_id;
  Group* group = FindGroup(group_id);
  if (group == nullptr) {
    r.error = ErrorCode::kUnknownMemberId;
    return r;
  }
  if (expired) MaybeCompleteJoin(*group, now_ms, true);
  auto it = group->members.find(member_id);
  if (it == group->members.end()) {
    r.error = ErrorCode::kUnknownMemberId;
    return r;
  }
  if (it->second.join_result) {
    r = std::move(*it->second.join_result);
    it->second.join_result.reset();
    return r;
  }
  if (expired) {
    r.error = ErrorCode::kRebalanceInProgress;
    return r;
  }
  return std::nullopt;
}

int64_t GroupCoordinator::JoinDeadline(const std::string& group_id, int64_t now_ms) const {
  const Group* group = FindGroup(group_id);
  if (group == nullptr || group->state != GroupState::kPreparingRebalance) return now_ms;
  return std::max(now_ms, group->rebalance_deadline_ms + kJoinDeadlineSlackMs);
}

// ---- sync, heartbeat, leave -------------------------------------------------------------------

std::optional<SyncGroupResult> GroupCoordinator::Sync(const SyncGroupArgs& args, int64_t now_ms) {
  SyncGroupResult r;
  Group* group = FindGroup(args.group_id);
  auto fail = [&](ErrorCode e) {
    r.error = e;
    return r;
  };
  if (args.group_id.empty()) return fail(ErrorCode::kInvalidGroupId);
  if (group == nullptr) return fail(ErrorCode::kUnknownMemberId);
  auto it = group->members.find(args.member_id);
  if (it == group->members.end()) return fail(UnknownOrFenced(*group, args.group_instance_id));
  Member& member = it->second;
  if (args.group_instance_id && member.group_instance_id != args.group_instance_id) {
    return fail(ErrorCode::kFencedInstanceId);
  }
  if (args.generation_id != group->generation_id) return fail(ErrorCode::kIllegalGeneration);
  if ((args.protocol_type && *args.protocol_type != group->protocol_type) ||
      (args.protocol_name && args.protocol_name != group->protocol_name)) {
    return fail(ErrorCode::kInconsistentGroupProtocol);
  }
  r.protocol_type = group->protocol_type;
  r.protocol_name = group->protocol_name;
  member.last_heartbeat_ms = now_ms;
  switch (group->state) {
    case GroupState::kEmpty:
    case GroupState::kDead:
      return fail(ErrorCode::kUnknownMemberId);
    case GroupState::kPreparingRebalance:
      return fail(ErrorCode::kRebalanceInProgress);
    case GroupState::kCompletingRebalance:
      if (args.member_id != group->leader) {
        member.awaiting_sync = true;
        return std::nullopt;
      }
      for (auto& [id, m] : group->members) {
        m.assignment.clear();
        for (const auto& [assigned_id, assignment] : args.assignments) {
          if (assigned_id == id) m.assignment = assignment;
        }
      }
      group->state = GroupState::kStable;
      r.assignment = member.assignment;
      return r;
    case GroupState::kStable:
      r.assignment = member.assignment;
      return r;
  }
  return r;
}

std::optional<SyncGroupResult> GroupCoordinator::PollSync(const std::string& group_id,
                                                          const std::string& member_id,
                                                          int32_t generation_id, int64_t now_ms,
                                                          bool expired) {
  SyncGroupResult r;
  Group* group = FindGroup(group_id);
  Member* member = nullptr;
  if (group != nullptr) {
    auto it = group->members.find(member_id);
    if (it != group->members.end()) member = &it->second;
  }
  if (member == nullptr) {
    r.error = ErrorCode::kUnknownMemberId;
    return r;
  }
  r.protocol_type = group->protocol_type;
  r.protocol_name = group->protocol_name;
  if (group->generation_id != generation_id || group->state == GroupState::kPreparingRebalance ||
      group->state == GroupState::kEmpty) {
    member->awaiting_sync = false;
    r.error = ErrorCode::kRebalanceInProgress;
    return r;
  }
  if (group->state == GroupState::kStable) {
    member->awaiting_sync = false;
    member->last_heartbeat_ms = now_ms;
    r.assignment = member->assignment;
    return r;
  }
  if (expired) {
    member->awaiting_sync = false;
    r.error = ErrorCode::kRebalanceInProgress;
    return r;
  }
  return std::nullopt;
}

int64_t GroupCoordinator::SyncDeadline(const std::string& group_id, const std::string& member_id,
                                       int64_t now_ms) const {
  const Group* group = FindGroup(group_id);
  if (group == nullptr) return now_ms;
  auto it = group->members.find(member_id);
  if (it == group->members.end()) return now_ms;
  return now_ms + std::max(it->second.session_timeout_ms, it->second.rebalance_timeout_ms);
}

ErrorCode GroupCoordinator::Heartbeat(const std::string& group_id, int32_t generation_id,
                                      const std::string& member_id,
                                      const std::optional<std::string>& group_instance_id,
                                      int64_t now_ms) {
  if (group_id.empty()) return ErrorCode::kInvalidGroupId;
  Group* group = FindGroup(group_id);
  if (group == nullptr) return ErrorCode::kUnknownMemberId;
  auto it = group->members.find(member_id);
  if (it == group->members.end()) return UnknownOrFenced(*group, group_instance_id);
  if (group_instance_id && it->second.group_instance_id != group_instance_id) {
    return ErrorCode::kFencedInstanceId;
  }
  if (generation_id != group->generation_id) return ErrorCode::kIllegalGeneration;
  it->second.last_heartbeat_ms = now_ms;
  if (group->state == GroupState::kPreparingRebalance) return ErrorCode::kRebalanceInProgress;
  return ErrorCode::kNone;
}

void GroupCoordinator::RemoveMember(Group& group, const std::string& member_id, int64_t now_ms) {
  group.members.erase(member_id);
  std::erase(group.join_order, member_id);
  if (group.leader == member_id) group.leader.clear();
  if (group.state == GroupState::kStable || group.state == GroupState::kCompletingRebalance) {
    PrepareRebalance(group, now_ms);
  }
  MaybeCompleteJoin(group, now_ms, false);
}

ErrorCode GroupCoordinator::Leave(const std::string& group_id, const std::string& member_id,
                                  const std::optional<std::string>& group_instance_id,
                                  int64_t now_ms) {
  Group* group = FindGroup(group_id);
  if (group == nullptr) return ErrorCode::kUnknownMemberId;
  if (member_id.empty()) {
    if (!group_instance_id) return ErrorCode::kUnknownMemberId;
    for (const auto& [id, m] : group->members) {
      if (m.group_instance_id == group_instance_id) {
        std::string found = id;
        RemoveMember(*group, found, now_ms);
        return ErrorCode::kNone;
      }
    }
    return ErrorCode::kUnknownMemberId;
  }
  if (group->pending_members.erase(member_id) > 0) {
    MaybeCompleteJoin(*group, now_ms, false);
    return ErrorCode::kNone;
  }
  auto it = group->members.find(member_id);
  if (it == group->members.end()) return ErrorCode::kUnknownMemberId;
  if (group_instance_id && it->second.group_instance_id != group_instance_id) {
    return ErrorCode::kFencedInstanceId;
  }
  RemoveMember(*group, member_id, now_ms);
  return ErrorCode::kNone;
}

bool GroupCoordinator::Tick(int64_t now_ms) {
  bool changed = false;
  std::vector<std::string> ids;
  for (const auto& [id, _] : groups_) ids.push_back(id);
  for (const auto& id : ids) {
    Group* group = FindGroup(id);
    if (group == nullptr) continue;
    for (auto it = group->pending_members.begin(); it != group->pending_members.end();) {
      if (now_ms >= it->second) {
        it = group->pending_members.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
    std::vector<std::string> expired;
    for (const auto& [member_id, m] : group->members) {
      // A member parked in JoinGroup (or a follower in SyncGroup) cannot heartbeat: the
      // rebalance's own deadline bounds its wait instead.
      bool parked =
          (group->state == GroupState::kPreparingRebalance && m.joined) || m.awaiting_sync;
      if (!parked && now_ms - m.last_heartbeat_ms >= m.session_timeout_ms) {
        expired.push_back(member_id);
      }
    }
    for (const auto& member_id : expired) RemoveMember(*group, member_id, now_ms);
    if (!expired.empty()) changed = true;
    if (MaybeCompleteJoin(*group, now_ms, false)) changed = true;
    MaybeForget(id);
  }
  return changed;
}

// ---- offsets ----------------------------------------------------------------------------------

ErrorCode GroupCoordinator::CommitOffsets(const std::string& group_id, int32_t generation_id,
                                          const std::string& member_id,
                                          const std::optional<std::string>& group_instance_id,
                                          const std::vector<OffsetToCommit>& offsets,
                                          int64_t now_ms) {
  if (group_id.size() > kMaxGroupIdBytes) return ErrorCode::kInvalidGroupId;
  Group* group = FindGroup(group_id);
  if (group == nullptr) {
    // No group: only a committer outside group management (assign()) may create one.
    if (generation_id >= 0) return ErrorCode::kIllegalGeneration;
  } else if (generation_id < 0 && group->members.empty()) {
    // A simple consumer committing for a group nobody is a member of.
  } else if (group->state == GroupState::kCompletingRebalance) {
    return ErrorCode::kRebalanceInProgress;
  } else {
    auto it = group->members.find(member_id);
    if (it == group->members.end()) return UnknownOrFenced(*group, group_instance_id);
    if (group_instance_id && it->second.group_instance_id != group_instance_id) {
      return ErrorCode::kFencedInstanceId;
    }
    if (generation_id != group->generation_id) return ErrorCode::kIllegalGeneration;
    it->second.last_heartbeat_ms = now_ms;
  }
  if (offsets.empty()) return ErrorCode::kNone;

  std::string error;
  if (group != nullptr && !group->protocol_type.empty()) {
    const StoredGroup* stored = store_->Find(group_id);
    if (stored == nullptr || stored->protocol_type != group->protocol_type) {
      // Remembered so that the group still lists as "consumer" (etc.) after a restart. Not
      // critical: a failure shows up in the commit's own write just below.
      store_->AppendGroupType(group_id, group->protocol_type, &error);
    }
  }
  std::vector<std::pair<TopicPartitionKey, CommittedOffset>> commits;
  commits.reserve(offsets.size());
  for (const auto& o : offsets) commits.push_back({{o.topic, o.partition}, o.value});
  if (!store_->AppendCommits(group_id, commits, &error)) return ErrorCode::kNotCoordinator;
  if (group == nullptr) GetOrCreateGroup(group_id);
  return ErrorCode::kNone;
}

const std::map<TopicPartitionKey, CommittedOffset>* GroupCoordinator::Offsets(
    const std::string& group_id) const {
  const StoredGroup* stored = store_->Find(group_id);
  return stored == nullptr ? nullptr : &stored->offsets;
}

ErrorCode GroupCoordinator::DeleteOffsets(const std::string& group_id,
                                          const std::vector<TopicPartitionKey>& keys,
                                          std::vector<ErrorCode>* partition_errors) {
  partition_errors->assign(keys.size(), ErrorCode::kNone);
  Group* group = FindGroup(group_id);
  if (group == nullptr) return ErrorCode::kGroupIdNotFound;
  std::set<std::string> subscribed;
  if (!group->members.empty()) {
    if (group->protocol_type != "consumer") return ErrorCode::kNonEmptyGroup;
    for (const auto& [_, m] : group->members) {
      for (const auto& [name, metadata] : m.protocols) {
        if (group->protocol_name && name != *group->protocol_name) continue;
        for (auto& t : SubscribedTopics(metadata)) subscribed.insert(std::move(t));
        break;
      }
    }
  }
  std::vector<TopicPartitionKey> to_delete;
  const StoredGroup* stored = store_->Find(group_id);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (subscribed.count(keys[i].first) > 0) {
      (*partition_errors)[i] = ErrorCode::kGroupSubscribedToTopic;
    } else if (stored != nullptr && stored->offsets.count(keys[i]) > 0) {
      to_delete.push_back(keys[i]);
    }
  }
  if (!to_delete.empty()) {
    std::string error;
    if (!store_->AppendDeleteOffsets(group_id, to_delete, &error)) {
      for (size_t i = 0; i < keys.size(); ++i) {
        if ((*partition_errors)[i] == ErrorCode::kNone) {
          (*partition_errors)[i] = ErrorCode::kUnknownServerError;
        }
      }
    }
  }
  MaybeForget(group_id);
  return ErrorCode::kNone;
}

// ---- administration ---------------------------------------------------------------------------

std::vector<GroupListing> GroupCoordinator::ListGroups() const {
  std::vector<GroupListing> out;
  for (const auto& [id, g] : groups_) out.push_back({id, g.protocol_type, g.state});
  return out;
}

GroupDescription GroupCoordinator::Describe(const std::string& group_id) const {
  GroupDescription d;
  const Group* group = FindGroup(group_id);
  if (group == nullptr) return d;
  d.state = group->state;
  d.protocol_type = group->protocol_type;
  bool stable = group->state == GroupState::kStable;
  if (stable) d.protocol_data = group->protocol_name.value_or("");
  for (const auto& id : group->join_order) {
    const Member& m = group->members.at(id);
    DescribedMember dm;
    dm.member_id = id;
    dm.group_instance_id = m.group_instance_id;
    dm.client_id = m.client_id;
    dm.client_host = m.client_host;
    if (stable) {
      for (const auto& [name, metadata] : m.protocols) {
        if (name == d.protocol_data) dm.metadata = metadata;
      }
      dm.assignment = m.assignment;
    }
    d.members.push_back(std::move(dm));
  }
  return d;
}

ErrorCode GroupCoordinator::DeleteGroup(const std::string& group_id) {
  Group* group = FindGroup(group_id);
  if (group == nullptr) return ErrorCode::kGroupIdNotFound;
  if (!group->members.empty() || !group->pending_members.empty()) return ErrorCode::kNonEmptyGroup;
  if (store_->Find(group_id) != nullptr) {
    std::string error;
    if (!store_->AppendDeleteGroup(group_id, &error)) return ErrorCode::kUnknownServerError;
  }
  groups_.erase(group_id);
  return ErrorCode::kNone;
}

}  // namespace riffle::broker
