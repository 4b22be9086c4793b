// The classic rebalance protocol through the JoinGroup / SyncGroup / Heartbeat / LeaveGroup
// handlers, with time driven by the test.

#include <gtest/gtest.h>

#include "tests/unit/broker/groups_test_util.h"

namespace riffle::broker::testing {
namespace {

constexpr int16_t kNone = 0;
constexpr int16_t kIllegalGeneration = 22;
constexpr int16_t kInconsistentGroupProtocol = 23;
constexpr int16_t kUnknownMemberId = 25;
constexpr int16_t kRebalanceInProgress = 27;
constexpr int16_t kMemberIdRequired = 79;
constexpr int16_t kFencedInstanceId = 82;

// Versions one client generation speaks: old non-flexible and newest flexible.
struct Versions {
  int16_t join;
  int16_t sync;
  int16_t heartbeat;
  int16_t leave;
};

class MembershipTest : public ::testing::TestWithParam<Versions> {
 protected:
  // The v4+ dance: an empty member id gets MEMBER_ID_REQUIRED and an id to rejoin with.
  std::string MemberIdFor(const std::string& client) {
    JoinSpec spec;
    Outcome o = h_.Call(ApiKey::kJoinGroup, v_.join, JoinBody(v_.join, spec), client);
    EXPECT_TRUE(o.body.has_value());
    JoinAnswer a = DecodeJoin(v_.join, o.body.value_or(""));
    EXPECT_EQ(a.error, kMemberIdRequired);
    EXPECT_EQ(a.member_id.rfind(client + "-", 0), 0u) << a.member_id;
    return a.member_id;
  }

  Outcome Join(const std::string& member_id, const std::string& metadata = "meta") {
    JoinSpec spec;
    spec.member_id = member_id;
    spec.protocols = {{"range", metadata}};
    return h_.Call(ApiKey::kJoinGroup, v_.join, JoinBody(v_.join, spec));
  }

  // Brings two members to Stable in generation 1; a is the leader.
  void TwoStableMembers() {
    a_ = MemberIdFor("a");
    b_ = MemberIdFor("b");
    Outcome ja = Join(a_, "meta-a");
    Outcome jb = Join(b_, "meta-b");
    ASSERT_TRUE(ja.pending && jb.pending);
    h_.now_ms += kInitialRebalanceDelayMs;
    ASSERT_TRUE(h_.groups().Tick(h_.now_ms));
    auto ra = h_.Resume(ApiKey::kJoinGroup, v_.join, *ja.pending, false);
    auto rb = h_.Resume(ApiKey::kJoinGroup, v_.join, *jb.pending, false);
    ASSERT_TRUE(ra && rb);
    JoinAnswer leader = DecodeJoin(v_.join, *ra);
    JoinAnswer follower = DecodeJoin(v_.join, *rb);
    ASSERT_EQ(leader.error, kNone);
    ASSERT_EQ(follower.error, kNone);
    EXPECT_EQ(leader.generation, 1);
    EXPECT_EQ(follower.generation, 1);
    EXPECT_EQ(leader.leader, a_);
    EXPECT_EQ(follower.leader, a_);
    EXPECT_EQ(leader.protocol_name, "range");
    ASSERT_EQ(leader.members.size(), 2u);
    EXPECT_EQ(leader.members[0].id, a_);
    EXPECT_EQ(leader.members[0].metadata, "meta-a");
    EXPECT_EQ(leader.members[1].id, b_);
    EXPECT_EQ(leader.members[1].metadata, "meta-b");
    EXPECT_TRUE(follower.members.empty());
    if (v_.join >= 7) {
      EXPECT_EQ(leader.protocol_type, "consumer");
    }

    // The follower's SyncGroup waits for the leader's assignments.
    Outcome sb = h_.Call(ApiKey::kSyncGroup, v_.sync, SyncBody(v_.sync, "g", 1, b_, {}));
    ASSERT_TRUE(sb.pending);
    EXPECT_FALSE(h_.Resume(ApiKey::kSyncGroup, v_.sync, *sb.pending, false));
    Outcome sa = h_.Call(ApiKey::kSyncGroup, v_.sync,
                         SyncBody(v_.sync, "g", 1, a_, {{a_, "parts-a"}, {b_, "parts-b"}}));
    ASSERT_TRUE(sa.body);
    SyncAnswer asa = DecodeSync(v_.sync, *sa.body);
    EXPECT_EQ(asa.error, kNone);
    EXPECT_EQ(asa.assignment, "parts-a");
    auto rsb = h_.Resume(ApiKey::kSyncGroup, v_.sync, *sb.pending, false);
    ASSERT_TRUE(rsb);
    SyncAnswer asb = DecodeSync(v_.sync, *rsb);
    EXPECT_EQ(asb.error, kNone);
    EXPECT_EQ(asb.assignment, "parts-b");
  }

  GroupHarness h_{"membership"};
  Versions v_ = GetParam();
  std::string a_, b_;
};

TEST_P(MembershipTest, TwoMembersJoinOneGenerationAndSyncDistributesAssignments) {
  TwoStableMembers();
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, a_), kNone);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, b_), kNone);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 0, b_), kIllegalGeneration);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, "nobody"), kUnknownMemberId);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "other", 1, a_), kUnknownMemberId);
  GroupDescription d = h_.groups().Describe("g");
  EXPECT_EQ(d.state, GroupState::kStable);
  ASSERT_EQ(d.members.size(), 2u);
  EXPECT_EQ(d.members[1].assignment, "parts-b");
  EXPECT_EQ(d.members[0].client_id, "client");
}

TEST_P(MembershipTest, JoinWaitsForTheInitialDelayOfANewGroup) {
  std::string a = MemberIdFor("a");
  Outcome ja = Join(a);
  ASSERT_TRUE(ja.pending);
  EXPECT_FALSE(h_.groups().Tick(h_.now_ms + kInitialRebalanceDelayMs - 1));
  EXPECT_FALSE(h_.Resume(ApiKey::kJoinGroup, v_.join, *ja.pending, false));
  EXPECT_EQ(h_.groups().Describe("g").state, GroupState::kPreparingRebalance);
  h_.now_ms += kInitialRebalanceDelayMs;
  EXPECT_TRUE(h_.groups().Tick(h_.now_ms));
  auto r = h_.Resume(ApiKey::kJoinGroup, v_.join, *ja.pending, false);
  ASSERT_TRUE(r);
  JoinAnswer ans = DecodeJoin(v_.join, *r);
  EXPECT_EQ(ans.generation, 1);
  EXPECT_EQ(ans.leader, a);
  EXPECT_EQ(h_.groups().Describe("g").state, GroupState::kCompletingRebalance);
}

TEST_P(MembershipTest, ExpiredSessionRemovesTheMemberAndRebalances) {
  TwoStableMembers();
  // Only a keeps heartbeating.
  for (int i = 0; i < 3; ++i) {
    h_.now_ms += 3000;
    EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, a_), kNone);
    EXPECT_FALSE(h_.groups().Tick(h_.now_ms));
  }
  h_.now_ms += 3000;  // b silent for 12 s > 10 s session.
  EXPECT_TRUE(h_.groups().Tick(h_.now_ms));
  EXPECT_EQ(h_.groups().Describe("g").state, GroupState::kPreparingRebalance);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, a_), kRebalanceInProgress);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, b_), kUnknownMemberId);
  // a rejoins: every remaining member is in, so the join completes at once.
  Outcome ja = Join(a_, "meta-a");
  ASSERT_TRUE(ja.body);
  JoinAnswer ans = DecodeJoin(v_.join, *ja.body);
  EXPECT_EQ(ans.error, kNone);
  EXPECT_EQ(ans.generation, 2);
  ASSERT_EQ(ans.members.size(), 1u);
  EXPECT_EQ(ans.members[0].id, a_);
}

TEST_P(MembershipTest, MemberThatDoesNotRejoinIsDroppedAtTheRebalanceTimeout) {
  TwoStableMembers();
  // b rejoins with new metadata, starting a rebalance; a never rejoins (but heartbeats).
  Outcome jb = Join(b_, "meta-b2");
  ASSERT_TRUE(jb.pending);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, a_), kRebalanceInProgress);
  h_.now_ms += 20000;  // The rebalance timeout.
  EXPECT_TRUE(h_.groups().Tick(h_.now_ms));
  auto r = h_.Resume(ApiKey::kJoinGroup, v_.join, *jb.pending, false);
  ASSERT_TRUE(r);
  JoinAnswer ans = DecodeJoin(v_.join, *r);
  EXPECT_EQ(ans.generation, 2);
  EXPECT_EQ(ans.leader, b_);  // The old leader is gone.
  ASSERT_EQ(ans.members.size(), 1u);
  EXPECT_EQ(ans.members[0].metadata, "meta-b2");
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 2, a_), kUnknownMemberId);
}

TEST_P(MembershipTest, ParkedJoinIsAnsweredAtItsDeadline) {
  TwoStableMembers();
  Outcome jb = Join(b_, "meta-b2");
  ASSERT_TRUE(jb.pending);
  h_.now_ms = jb.pending->deadline_ms;
  auto r = h_.Resume(ApiKey::kJoinGroup, v_.join, *jb.pending, /*expired=*/true);
  ASSERT_TRUE(r);
  JoinAnswer ans = DecodeJoin(v_.join, *r);
  EXPECT_EQ(ans.error, kNone);
  EXPECT_EQ(ans.generation, 2);
}

TEST_P(MembershipTest, LeaveRebalancesTheRest) {
  TwoStableMembers();
  Outcome o = h_.Call(ApiKey::kLeaveGroup, v_.leave,
                      GroupHarness::Body(ApiKey::kLeaveGroup, v_.leave, [&](Writer& w) {
                        w.Str("g");
                        if (v_.leave <= 2) {
                          w.Str(b_);
                        } else {
                          w.ArrayLength(2);
                          for (const std::string& id : {b_, std::string("ghost")}) {
                            w.Str(id);
                            w.NullStr();
                            if (v_.leave >= 5) w.NullStr();
                            w.EmptyTaggedFields();
                          }
                        }
                        w.EmptyTaggedFields();
                      }));
  ASSERT_TRUE(o.body);
  Reader r(*o.body, IsFlexible(ApiKey::kLeaveGroup, v_.leave));
  if (v_.leave >= 1) r.Int32();
  EXPECT_EQ(r.Int16(), kNone);
  if (v_.leave >= 3) {
    ASSERT_EQ(r.ArrayLength(), 2);
    EXPECT_EQ(r.Str(), b_);
    EXPECT_EQ(r.NullableStr(), std::nullopt);
    EXPECT_EQ(r.Int16(), kNone);
    r.SkipTaggedFields();
    EXPECT_EQ(r.Str(), "ghost");
    r.NullableStr();
    EXPECT_EQ(r.Int16(), kUnknownMemberId);
    r.SkipTaggedFields();
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_GT(h_.notifications, 0);
  EXPECT_EQ(Beat(h_, v_.heartbeat, "g", 1, a_), kRebalanceInProgress);
  Outcome ja = Join(a_, "meta-a");
  ASSERT_TRUE(ja.body);
  EXPECT_EQ(DecodeJoin(v_.join, *ja.body).generation, 2);
}

TEST_P(MembershipTest, FollowerSyncIsToldOfANewRebalance) {
  a_ = MemberIdFor("a");
  b_ = MemberIdFor("b");
  Outcome ja = Join(a_);
  Outcome jb = Join(b_);
  h_.now_ms += kInitialRebalanceDelayMs;
  h_.groups().Tick(h_.now_ms);
  ASSERT_TRUE(h_.Resume(ApiKey::kJoinGroup, v_.join, *ja.pending, false));
  ASSERT_TRUE(h_.Resume(ApiKey::kJoinGroup, v_.join, *jb.pending, false));
  Outcome sb = h_.Call(ApiKey::kSyncGroup, v_.sync, SyncBody(v_.sync, "g", 1, b_, {}));
  ASSERT_TRUE(sb.pending);
  // The leader leaves instead of syncing.
  ASSERT_EQ(h_.groups().Leave("g", a_, std::nullopt, h_.now_ms), ErrorCode::kNone);
  auto r = h_.Resume(ApiKey::kSyncGroup, v_.sync, *sb.pending, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(DecodeSync(v_.sync, *r).error, kRebalanceInProgress);
}

TEST_P(MembershipTest, DisjointProtocolsAreInconsistent) {
  TwoStableMembers();
  std::string c = MemberIdFor("c");
  JoinSpec spec;
  spec.member_id = c;
  spec.protocols = {{"roundrobin", "x"}};
  Outcome o = h_.Call(ApiKey::kJoinGroup, v_.join, JoinBody(v_.join, spec));
  ASSERT_TRUE(o.body);
  EXPECT_EQ(DecodeJoin(v_.join, *o.body).error, kInconsistentGroupProtocol);
  spec.protocols = {{"range", "x"}};
  spec.protocol_type = "connect";
  o = h_.Call(ApiKey::kJoinGroup, v_.join, JoinBody(v_.join, spec));
  ASSERT_TRUE(o.body);
  EXPECT_EQ(DecodeJoin(v_.join, *o.body).error, kInconsistentGroupProtocol);
}

TEST_P(MembershipTest, UnknownMemberIdIsRefused) {
  JoinSpec spec;
  spec.member_id = "made-up";
  Outcome o = h_.Call(ApiKey::kJoinGroup, v_.join, JoinBody(v_.join, spec));
  ASSERT_TRUE(o.body);
  EXPECT_EQ(DecodeJoin(v_.join, *o.body).error, kUnknownMemberId);
}

INSTANTIATE_TEST_SUITE_P(OldAndFlexible, MembershipTest,
                         ::testing::Values(Versions{4, 3, 3, 2}, Versions{5, 3, 3, 3},
                                           Versions{7, 4, 4, 4}, Versions{9, 5, 4, 5}));

TEST(MembershipV0Test, OldJoinGetsAnIdWithoutTheMemberIdRequiredDance) {
  GroupHarness h("v0");
  JoinSpec spec;
  Outcome o = h.Call(ApiKey::kJoinGroup, 0, JoinBody(0, spec), "old");
  ASSERT_TRUE(o.pending);
  h.now_ms += kInitialRebalanceDelayMs;
  EXPECT_TRUE(h.groups().Tick(h.now_ms));
  auto r = h.Resume(ApiKey::kJoinGroup, 0, *o.pending, false);
  ASSERT_TRUE(r);
  JoinAnswer a = DecodeJoin(0, *r);
  EXPECT_EQ(a.error, kNone);
  EXPECT_EQ(a.generation, 1);
  EXPECT_EQ(a.member_id.rfind("old-", 0), 0u);
  EXPECT_EQ(a.leader, a.member_id);
  Outcome s = h.Call(ApiKey::kSyncGroup, 0, SyncBody(0, "g", 1, a.member_id, {{a.member_id, "x"}}));
  ASSERT_TRUE(s.body);
  EXPECT_EQ(DecodeSync(0, *s.body).assignment, "x");
  EXPECT_EQ(Beat(h, 0, "g", 1, a.member_id), kNone);
}

TEST(StaticMembershipTest, RejoiningWithTheSameInstanceIdReplacesTheOldMember) {
  GroupHarness h("static");
  JoinSpec spec;
  spec.instance_id = "host-1";
  Outcome o = h.Call(ApiKey::kJoinGroup, 5, JoinBody(5, spec));
  ASSERT_TRUE(o.pending);  // Static members get an id at once: no MEMBER_ID_REQUIRED.
  h.now_ms += kInitialRebalanceDelayMs;
  h.groups().Tick(h.now_ms);
  auto r = h.Resume(ApiKey::kJoinGroup, 5, *o.pending, false);
  ASSERT_TRUE(r);
  JoinAnswer first = DecodeJoin(5, *r);
  EXPECT_EQ(first.member_id.rfind("host-1-", 0), 0u);
  ASSERT_EQ(first.members.size(), 1u);
  EXPECT_EQ(first.members[0].instance_id, "host-1");
  Outcome s = h.Call(ApiKey::kSyncGroup, 3,
                     SyncBody(3, "g", 1, first.member_id, {{first.member_id, "p"}}, "host-1"));
  ASSERT_TRUE(s.body);

  // The instance restarts: same instance id, no member id.
  o = h.Call(ApiKey::kJoinGroup, 5, JoinBody(5, spec));
  std::optional<std::string> body = o.body;
  if (o.pending) {
    h.now_ms += 1;
    body = h.Resume(ApiKey::kJoinGroup, 5, *o.pending, true);
  }
  ASSERT_TRUE(body);
  JoinAnswer second = DecodeJoin(5, *body);
  EXPECT_EQ(second.error, kNone);
  EXPECT_NE(second.member_id, first.member_id);
  EXPECT_EQ(second.leader, second.member_id);
  EXPECT_EQ(Beat(h, 3, "g", second.generation, first.member_id, "host-1"), kFencedInstanceId);
  EXPECT_EQ(h.groups().Describe("g").members.size(), 1u);
}

}  // namespace
}  // namespace riffle::broker::testing
