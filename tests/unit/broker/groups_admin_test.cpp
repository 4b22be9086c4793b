// FindCoordinator, ListGroups, DescribeGroups and DeleteGroups through the handlers, and
// malformed frames of every group API: each truncation throws ProtocolError (no crash).

#include <gtest/gtest.h>

#include "tests/unit/broker/groups_test_util.h"

namespace riffle::broker::testing {
namespace {

constexpr int16_t kNone = 0;
constexpr int16_t kCoordinatorNotAvailable = 15;
constexpr int16_t kGroupIdNotFound = 69;
constexpr int16_t kNonEmptyGroup = 68;

// A group "busy" with one Stable member and a group "idle" with only committed offsets.
void Populate(GroupHarness& h) {
  JoinSpec spec;
  spec.group = "busy";
  Outcome j = h.Call(ApiKey::kJoinGroup, 2, JoinBody(2, spec), "busy-client");
  ASSERT_TRUE(j.pending);
  h.now_ms += kInitialRebalanceDelayMs;
  h.groups().Tick(h.now_ms);
  JoinAnswer a = DecodeJoin(2, *h.Resume(ApiKey::kJoinGroup, 2, *j.pending, false));
  ASSERT_TRUE(h.Call(ApiKey::kSyncGroup, 1,
                     SyncBody(1, "busy", 1, a.member_id, {{a.member_id, "assigned"}}))
                  .body);
  ASSERT_EQ(h.groups().CommitOffsets("idle", -1, "", std::nullopt,
                                     {{"orders", 0, CommittedOffset{5, -1, "", 0}}}, h.now_ms),
            ErrorCode::kNone);
}

TEST(FindCoordinatorTest, V0AnswersThisBroker) {
  GroupHarness h("find0");
  Outcome o =
      h.Call(ApiKey::kFindCoordinator, 0,
             GroupHarness::Body(ApiKey::kFindCoordinator, 0, [](Writer& w) { w.Str("g"); }));
  ASSERT_TRUE(o.body);
  Reader r(*o.body);
  EXPECT_EQ(r.Int16(), kNone);
  EXPECT_EQ(r.Int32(), 7);
  EXPECT_EQ(r.Str(), "broker.local");
  EXPECT_EQ(r.Int32(), 9192);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(FindCoordinatorTest, V3TransactionKeyIsNotAvailable) {
  GroupHarness h("find3");
  Outcome o = h.Call(ApiKey::kFindCoordinator, 3,
                     GroupHarness::Body(ApiKey::kFindCoordinator, 3, [](Writer& w) {
                       w.Str("txn");
                       w.Int8(1);
                       w.EmptyTaggedFields();
                     }));
  ASSERT_TRUE(o.body);
  Reader r(*o.body, true);
  EXPECT_EQ(r.Int32(), 0);
  EXPECT_EQ(r.Int16(), kCoordinatorNotAvailable);
  EXPECT_TRUE(r.NullableStr().has_value());
  EXPECT_EQ(r.Int32(), -1);
  r.Str();
  r.Int32();
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(FindCoordinatorTest, V4BatchesKeys) {
  GroupHarness h("find4");
  Outcome o = h.Call(ApiKey::kFindCoordinator, 4,
                     GroupHarness::Body(ApiKey::kFindCoordinator, 4, [](Writer& w) {
                       w.Int8(0);
                       w.ArrayLength(2);
                       w.Str("g1");
                       w.Str("g2");
                       w.EmptyTaggedFields();
                     }));
  ASSERT_TRUE(o.body);
  Reader r(*o.body, true);
  EXPECT_EQ(r.Int32(), 0);
  ASSERT_EQ(r.ArrayLength(), 2);
  for (const char* key : {"g1", "g2"}) {
    EXPECT_EQ(r.Str(), key);
    EXPECT_EQ(r.Int32(), 7);
    EXPECT_EQ(r.Str(), "broker.local");
    EXPECT_EQ(r.Int32(), 9192);
    EXPECT_EQ(r.Int16(), kNone);
    EXPECT_EQ(r.NullableStr(), std::nullopt);
    r.SkipTaggedFields();
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
}

std::vector<std::tuple<std::string, std::string, std::string>> List(
    GroupHarness& h, int16_t v, std::vector<std::string> states) {
  Outcome o =
      h.Call(ApiKey::kListGroups, v, GroupHarness::Body(ApiKey::kListGroups, v, [&](Writer& w) {
               if (v >= 4) {
                 w.ArrayLength(static_cast<int32_t>(states.size()));
                 for (const auto& s : states) w.Str(s);
               }
               w.EmptyTaggedFields();
             }));
  EXPECT_TRUE(o.body);
  const std::string body = o.body.value_or("");
  Reader r(body, IsFlexible(ApiKey::kListGroups, v));
  if (v >= 1) r.Int32();
  EXPECT_EQ(r.Int16(), kNone);
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    std::string id = r.Str();
    std::string type = r.Str();
    std::string state = v >= 4 ? r.Str() : "";
    r.SkipTaggedFields();
    out.emplace_back(id, type, state);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

TEST(ListGroupsTest, ListsEveryGroupAndFiltersByState) {
  GroupHarness h("list");
  Populate(h);
  using T = std::tuple<std::string, std::string, std::string>;
  EXPECT_EQ(List(h, 0, {}), (std::vector<T>{{"busy", "consumer", ""}, {"idle", "", ""}}));
  EXPECT_EQ(List(h, 3, {}), (std::vector<T>{{"busy", "consumer", ""}, {"idle", "", ""}}));
  EXPECT_EQ(List(h, 4, {}),
            (std::vector<T>{{"busy", "consumer", "Stable"}, {"idle", "", "Empty"}}));
  EXPECT_EQ(List(h, 4, {"empty"}), (std::vector<T>{{"idle", "", "Empty"}}));
}

TEST(DescribeGroupsTest, DescribesStableEmptyAndUnknownGroups) {
  for (int16_t v : {0, 3, 4, 5}) {
    GroupHarness h("describe");
    Populate(h);
    Outcome o = h.Call(ApiKey::kDescribeGroups, v,
                       GroupHarness::Body(ApiKey::kDescribeGroups, v, [&](Writer& w) {
                         w.ArrayLength(3);
                         w.Str("busy");
                         w.Str("idle");
                         w.Str("ghost");
                         if (v >= 3) w.Bool(true);
                         w.EmptyTaggedFields();
                       }));
    ASSERT_TRUE(o.body);
    Reader r(*o.body, IsFlexible(ApiKey::kDescribeGroups, v));
    if (v >= 1) r.Int32();
    ASSERT_EQ(r.ArrayLength(), 3);
    std::vector<std::string> states;
    for (int g = 0; g < 3; ++g) {
      EXPECT_EQ(r.Int16(), kNone);
      std::string id = r.Str();
      states.push_back(r.Str());
      std::string type = r.Str();
      std::string data = r.Str();
      int32_t members = r.ArrayLength();
      if (id == "busy") {
        EXPECT_EQ(type, "consumer");
        EXPECT_EQ(data, "range");
        ASSERT_EQ(members, 1);
      }
      for (int32_t m = 0; m < members; ++m) {
        r.Str();
        if (v >= 4) {
          EXPECT_EQ(r.NullableStr(), std::nullopt);
        }
        EXPECT_EQ(r.Str(), "busy-client");
        EXPECT_EQ(r.Str(), "/127.0.0.1");
        EXPECT_EQ(r.Bytes(), "meta");
        EXPECT_EQ(r.Bytes(), "assigned");
        r.SkipTaggedFields();
      }
      if (v >= 3) {
        EXPECT_NE(r.Int32(), INT32_MIN);
      }
      r.SkipTaggedFields();
    }
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(states, (std::vector<std::string>{"Stable", "Empty", "Dead"})) << "v" << v;
  }
}

TEST(DeleteGroupsTest, DeletesOnlyEmptyGroups) {
  for (int16_t v : {0, 2}) {
    GroupHarness h("deletegroups");
    Populate(h);
    Outcome o = h.Call(ApiKey::kDeleteGroups, v,
                       GroupHarness::Body(ApiKey::kDeleteGroups, v, [](Writer& w) {
                         w.ArrayLength(3);
                         w.Str("busy");
                         w.Str("idle");
                         w.Str("ghost");
                         w.EmptyTaggedFields();
                       }));
    ASSERT_TRUE(o.body);
    Reader r(*o.body, IsFlexible(ApiKey::kDeleteGroups, v));
    r.Int32();
    ASSERT_EQ(r.ArrayLength(), 3);
    std::vector<int16_t> errors;
    for (int i = 0; i < 3; ++i) {
      r.Str();
      errors.push_back(r.Int16());
      r.SkipTaggedFields();
    }
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(errors, (std::vector<int16_t>{kNonEmptyGroup, kNone, kGroupIdNotFound}));
    EXPECT_EQ(h.groups().Offsets("idle"), nullptr);
    // The deletion is durable.
    h.Reopen(/*crash=*/true);
    EXPECT_EQ(h.groups().Offsets("idle"), nullptr);
    EXPECT_EQ(h.groups().Describe("idle").state, GroupState::kDead);
  }
}

// ---- malformed frames -------------------------------------------------------------------------

struct Frame {
  ApiKey key;
  int16_t version;
  std::string body;
};

std::vector<Frame> ValidFrames() {
  std::vector<Frame> frames;
  auto add = [&](ApiKey key, int16_t v, const std::function<void(Writer&)>& build) {
    frames.push_back({key, v, GroupHarness::Body(key, v, build)});
  };
  for (int16_t v : {0, 1, 3, 4}) {
    add(ApiKey::kFindCoordinator, v, [v](Writer& w) {
      if (v >= 4) {
        w.Int8(0);
        w.ArrayLength(1);
        w.Str("g");
      } else {
        w.Str("g");
        if (v >= 1) w.Int8(0);
      }
      w.EmptyTaggedFields();
    });
  }
  JoinSpec spec;
  for (int16_t v : {0, 1, 5, 6, 8, 9}) frames.push_back({ApiKey::kJoinGroup, v, JoinBody(v, spec)});
  for (int16_t v : {0, 3, 4, 5}) {
    frames.push_back({ApiKey::kSyncGroup, v, SyncBody(v, "g", 1, "m", {{"m", "a"}}, "i")});
  }
  for (int16_t v : {0, 3, 4}) {
    frames.push_back({ApiKey::kHeartbeat, v, HeartbeatBody(v, "g", 1, "m", "i")});
  }
  for (int16_t v : {0, 3, 4, 5}) {
    add(ApiKey::kLeaveGroup, v, [v](Writer& w) {
      w.Str("g");
      if (v <= 2) {
        w.Str("m");
      } else {
        w.ArrayLength(1);
        w.Str("m");
        w.NullableStr(std::string("i"));
        if (v >= 5) w.NullStr();
        w.EmptyTaggedFields();
      }
      w.EmptyTaggedFields();
    });
  }
  for (int16_t v : {0, 1, 2, 6, 7, 8}) {
    add(ApiKey::kOffsetCommit, v, [v](Writer& w) {
      w.Str("g");
      if (v >= 1) {
        w.Int32(-1);
        w.Str("");
      }
      if (v >= 7) w.NullStr();
      if (v >= 2 && v <= 4) w.Int64(-1);
      w.ArrayLength(1);
      w.Str("orders");
      w.ArrayLength(1);
      w.Int32(0);
      w.Int64(9);
      if (v >= 6) w.Int32(1);
      if (v == 1) w.Int64(-1);
      w.NullableStr(std::string("md"));
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
    });
  }
  for (int16_t v : {0, 2, 6, 7, 8}) {
    add(ApiKey::kOffsetFetch, v, [v](Writer& w) {
      if (v >= 8) {
        w.ArrayLength(1);
        w.Str("g");
        w.ArrayLength(1);
        w.Str("orders");
        w.ArrayLength(1);
        w.Int32(0);
        w.EmptyTaggedFields();
        w.EmptyTaggedFields();
      } else {
        w.Str("g");
        w.ArrayLength(1);
        w.Str("orders");
        w.ArrayLength(1);
        w.Int32(0);
        w.EmptyTaggedFields();
      }
      if (v >= 7) w.Bool(false);
      w.EmptyTaggedFields();
    });
  }
  for (int16_t v : {3, 4}) {
    add(ApiKey::kListGroups, v, [v](Writer& w) {
      if (v >= 4) {
        w.ArrayLength(1);
        w.Str("Stable");
      }
      w.EmptyTaggedFields();
    });
  }
  for (int16_t v : {0, 3, 5}) {
    add(ApiKey::kDescribeGroups, v, [v](Writer& w) {
      w.ArrayLength(1);
      w.Str("g");
      if (v >= 3) w.Bool(false);
      w.EmptyTaggedFields();
    });
  }
  for (int16_t v : {0, 2}) {
    add(ApiKey::kDeleteGroups, v, [](Writer& w) {
      w.ArrayLength(1);
      w.Str("g");
      w.EmptyTaggedFields();
    });
  }
  add(ApiKey::kOffsetDelete, 0, [](Writer& w) {
    w.Str("g");
    w.ArrayLength(1);
    w.Str("orders");
    w.ArrayLength(1);
    w.Int32(0);
  });
  return frames;
}

TEST(MalformedFramesTest, EveryTruncationThrowsProtocolError) {
  GroupHarness h("malformed");
  for (const Frame& f : ValidFrames()) {
    SCOPED_TRACE("api " + std::to_string(static_cast<int>(f.key)) + " v" +
                 std::to_string(f.version));
    // The whole frame parses.
    EXPECT_NO_THROW(h.Call(f.key, f.version, f.body));
    for (size_t len = 0; len < f.body.size(); ++len) {
      // A copy of exactly `len` bytes, so ASan sees any read past it.
      std::string cut = f.body.substr(0, len);
      EXPECT_THROW(h.Call(f.key, f.version, cut), ProtocolError) << "length " << len;
    }
  }
}

TEST(MalformedFramesTest, HugeArrayCountsThrowWithoutAllocating) {
  GroupHarness h("huge");
  std::string body =
      GroupHarness::Body(ApiKey::kDescribeGroups, 0, [](Writer& w) { w.Int32(0x7fffffff); });
  EXPECT_THROW(h.Call(ApiKey::kDescribeGroups, 0, body), ProtocolError);
  body = GroupHarness::Body(ApiKey::kJoinGroup, 6, [](Writer& w) {
    w.Str("g");
    w.Int32(10000);
    w.Int32(10000);
    w.Str("");
    w.Str("consumer");
    w.UnsignedVarInt(0xfffffff);
  });
  EXPECT_THROW(h.Call(ApiKey::kJoinGroup, 6, body), ProtocolError);
}

}  // namespace
}  // namespace riffle::broker::testing
