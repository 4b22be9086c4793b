#pragma once
// The group coordinator of riffle's broker: Kafka's classic consumer-group protocol (join, sync,
// heartbeat, leave) and committed offsets, for one broker that coordinates every group.
//
// Membership lives in memory only: after a restart members find their member ids unknown and
// rejoin, as they do when a Kafka coordinator moves. Committed offsets (and a group's protocol
// type) are durable in an OffsetStore: a commit is answered only after its write() returned.
//
// Rebalance, as Kafka's coordinator does it:
//   Empty --join--> PreparingRebalance --all known members rejoined, or the rebalance timeout-->
//   CompletingRebalance (generation + 1, leader chosen, joins answered) --leader's SyncGroup-->
//   Stable. A join, leave or session expiry in CompletingRebalance/Stable starts a new
//   PreparingRebalance; members that did not rejoin by its end are removed. A new, empty group
//   waits kInitialRebalanceDelayMs (extended by each new member, within the rebalance timeout)
//   so that members started together land in one generation.
// Join and follower SyncGroup requests that must wait are parked by their handlers as Pendings
// that poll PollJoin / PollSync; every transition that could complete them returns "changed"
// (Tick) or is followed by the handler calling ctx.notify_change().
//
// Time: every call takes the caller's wall-clock now_ms; nothing reads a clock, so tests drive
// time explicitly.
//
// Threading: not thread-safe; everything runs on the broker's event-loop thread.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/groups/offset_store.h"
#include "connectors/broker/protocol.h"

namespace riffle::broker {

// Kafka's group.initial.rebalance.delay.ms is 3000; riffle's broker serves local clients that
// start together within milliseconds, and a shorter wait makes the first join feel instant.
constexpr int64_t kInitialRebalanceDelayMs = 300;
// Kafka's group.min/max.session.timeout.ms are 6000 / 1800000. The lower bound is relaxed so
// tests may use short sessions; it still stops a client from asking for a heartbeat storm.
constexpr int32_t kMinSessionTimeoutMs = 1000;
constexpr int32_t kMaxSessionTimeoutMs = 1800000;
// Kafka's offset.metadata.max.bytes.
constexpr size_t kMaxOffsetMetadataBytes = 4096;

enum class GroupState { kEmpty, kPreparingRebalance, kCompletingRebalance, kStable, kDead };
// "Empty", "PreparingRebalance", ... as DescribeGroups and ListGroups name them.
const char* GroupStateName(GroupState state);

struct JoinGroupArgs {
  std::string group_id;
  std::string member_id;  // "" for a new member.
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = -1;  // -1 (v0): the session timeout.
  std::string protocol_type;
  std::vector<std::pair<std::string, std::string>> protocols;  // (name, metadata), preferred first.
  // JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED and its id, then rejoins.
  bool require_known_member_id = false;
};

struct JoinedMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string metadata;
};

struct JoinGroupResult {
  ErrorCode error = ErrorCode::kNone;
  int32_t generation_id = -1;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::string leader;
  std::string member_id;
  std::vector<JoinedMember> members;  // Only in the leader's result.
};

struct SyncGroupArgs {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::vector<std::pair<std::string, std::string>> assignments;  // (member id, assignment).
};

struct SyncGroupResult {
  ErrorCode error = ErrorCode::kNone;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::string assignment;
};

struct OffsetToCommit {
  std::string topic;
  int32_t partition = 0;
  CommittedOffset value;
};

struct GroupListing {
  std::string group_id;
  std::string protocol_type;
  GroupState state = GroupState::kEmpty;
};

struct DescribedMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  std::string metadata;    // Of the chosen protocol; only in Stable.
  std::string assignment;  // Only in Stable.
};

struct GroupDescription {
  GroupState state = GroupState::kDead;
  std::string protocol_type;
  std::string protocol_data;  // The chosen protocol's name in Stable, else "".
  std::vector<DescribedMember> members;
};

class GroupCoordinator {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens (creating) the coordinator's directory (0700) and replays committed offsets.
  // Throws RiffleError(kConnector) when it cannot be created or read.
  static std::unique_ptr<GroupCoordinator> Open(const std::string& dir, RecoveryNotes* notes);
  GroupCoordinator(Key, std::unique_ptr<OffsetStore> store);
  ~GroupCoordinator();
  GroupCoordinator(const GroupCoordinator&) = delete;
  GroupCoordinator& operator=(const GroupCoordinator&) = delete;

  // Expires members whose session timed out and pending member ids nobody used, and completes
  // joins whose wait ended. Returns true when anything changed (the server then re-examines
  // parked requests). Call it at least every ~100 ms.
  bool Tick(int64_t now_ms);
  // Fsyncs committed offsets written since the last Flush.
  void Flush();
  // Flushes and closes the offsets file. Idempotent; the destructor calls it.
  void Close();

  // --- membership ---------------------------------------------------------------------------
  // Returns the answer now, or nullopt when the member must wait for the rebalance: then poll
  // PollJoin with *member_id (the member's id, assigned here for a new member) after changes
  // and at JoinDeadline.
  std::optional<JoinGroupResult> Join(const JoinGroupArgs& args, int64_t now_ms,
                                      std::string* member_id);
  // The parked member's answer once its rebalance completed; nullopt while it still waits.
  // With `expired` it always answers (completing an overdue rebalance first).
  std::optional<JoinGroupResult> PollJoin(const std::string& group_id, const std::string& member_id,
                                          int64_t now_ms, bool expired);
  // When a parked join of this group must be answered at the latest.
  int64_t JoinDeadline(const std::string& group_id, int64_t now_ms) const;

  // Returns the answer now, or nullopt for a follower that must wait for the leader's
  // assignments: then poll PollSync (deadline: SyncDeadline).
  std::optional<SyncGroupResult> Sync(const SyncGroupArgs& args, int64_t now_ms);
  std::optional<SyncGroupResult> PollSync(const std::string& group_id, const std::string& member_id,
                                          int32_t generation_id, int64_t now_ms, bool expired);
  int64_t SyncDeadline(const std::string& group_id, const std::string& member_id,
                       int64_t now_ms) const;

  ErrorCode Heartbeat(const std::string& group_id, int32_t generation_id,
                      const std::string& member_id,
                      const std::optional<std::string>& group_instance_id, int64_t now_ms);
  // Removes one member (by member id, or by instance id when member_id is ""), starting a
  // rebalance for the rest. kUnknownMemberId when the group or member is unknown.
  ErrorCode Leave(const std::string& group_id, const std::string& member_id,
                  const std::optional<std::string>& group_instance_id, int64_t now_ms);

  // --- offsets ------------------------------------------------------------------------------
  // Checks the committer (generation -1 and member "" is a simple consumer, allowed while the
  // group has no members), then durably stores `offsets`. The returned error applies to all of
  // them; kNotCoordinator when the write failed.
  ErrorCode CommitOffsets(const std::string& group_id, int32_t generation_id,
                          const std::string& member_id,
                          const std::optional<std::string>& group_instance_id,
                          const std::vector<OffsetToCommit>& offsets, int64_t now_ms);
  // nullptr when the group has nothing committed.
  const std::map<TopicPartitionKey, CommittedOffset>* Offsets(const std::string& group_id) const;
  // Deletes committed offsets. kGroupIdNotFound when the group is unknown; per-partition
  // kGroupSubscribedToTopic (in `partition_errors`, parallel to `keys`) when a member of a
  // "consumer" group subscribes to the topic.
  ErrorCode DeleteOffsets(const std::string& group_id, const std::vector<TopicPartitionKey>& keys,
                          std::vector<ErrorCode>* partition_errors);

  // --- administration -----------------------------------------------------------------------
  std::vector<GroupListing> ListGroups() const;
  // State kDead (and nothing else) for an unknown group.
  GroupDescription Describe(const std::string& group_id) const;
  // kGroupIdNotFound, kNonEmptyGroup (members), or kNone after durably deleting its offsets.
  ErrorCode DeleteGroup(const std::string& group_id);

 private:
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string client_host;
    int32_t session_timeout_ms = 0;
    int32_t rebalance_timeout_ms = 0;
    std::string protocol_type;
    std::vector<std::pair<std::string, std::string>> protocols;
    std::string assignment;
    int64_t last_heartbeat_ms = 0;
    bool joined = false;                         // Rejoined during the current PreparingRebalance.
    bool awaiting_sync = false;                  // A follower's SyncGroup is parked.
    std::optional<JoinGroupResult> join_result;  // Ready for its parked JoinGroup.
  };
  struct Group {
    std::string group_id;
    GroupState state = GroupState::kEmpty;
    int32_t generation_id = 0;
    std::string protocol_type;
    std::optional<std::string> protocol_name;
    std::string leader;
    std::map<std::string, Member> members;  // By member id.
    std::vector<std::string> join_order;    // Member ids, first joined first (leader choice).
    std::map<std::string, int64_t> pending_members;  // MEMBER_ID_REQUIRED ids -> expiry.
    int64_t rebalance_deadline_ms = 0;               // PreparingRebalance ends at the latest.
    int64_t initial_delay_end_ms = 0;                // A new group waits at least until then.
  };

  Group* FindGroup(const std::string& group_id);
  const Group* FindGroup(const std::string& group_id) const;
  Group& GetOrCreateGroup(const std::string& group_id);
  JoinGroupResult JoinResultFor(const Group& group, const Member& member) const;
  // Joins a member the group knows (or has just added): marks it joined, starting or completing
  // the rebalance as needed.
  std::optional<JoinGroupResult> JoinKnownMember(Group& group, Member& member, bool is_new,
                                                 bool protocols_changed, int64_t now_ms);
  void RemoveMember(Group& group, const std::string& member_id, int64_t now_ms);
  void PrepareRebalance(Group& group, int64_t now_ms);
  // Completes the join phase when every member rejoined (and the initial delay passed) or the
  // deadline passed. Returns true when it completed.
  bool MaybeCompleteJoin(Group& group, int64_t now_ms, bool force);
  std::optional<std::string> SelectProtocol(const Group& group) const;
  bool ProtocolsCompatible(const Group& group, const JoinGroupArgs& args) const;
  // kFencedInstanceId when another member holds the instance id, else kUnknownMemberId.
  static ErrorCode UnknownOrFenced(const Group& group,
                                   const std::optional<std::string>& instance_id);
  // Drops an Empty group that has nothing stored (nothing to list or describe).
  void MaybeForget(const std::string& group_id);

  std::unique_ptr<OffsetStore> store_;
  std::map<std::string, Group> groups_;
};

}  // namespace riffle::broker
