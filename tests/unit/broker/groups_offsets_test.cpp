// OffsetCommit / OffsetFetch / OffsetDelete through the handlers, and the durability of
// committed offsets across a clean restart and a crash with a torn tail.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "tests/unit/broker/groups_test_util.h"

namespace riffle::broker::testing {
namespace {

constexpr int16_t kNone = 0;
constexpr int16_t kUnknownTopicOrPartition = 3;
constexpr int16_t kOffsetMetadataTooLarge = 12;
constexpr int16_t kIllegalGeneration = 22;
constexpr int16_t kGroupIdNotFound = 69;

struct CommitPart {
  std::string topic;
  int32_t partition;
  int64_t offset;
  std::optional<std::string> metadata;
};

std::string CommitBody(int16_t v, const std::string& group, int32_t generation,
                       const std::string& member, const std::vector<CommitPart>& parts) {
  return GroupHarness::Body(ApiKey::kOffsetCommit, v, [&](Writer& w) {
    w.Str(group);
    if (v >= 1) {
      w.Int32(generation);
      w.Str(member);
    }
    if (v >= 7) w.NullStr();
    if (v >= 2 && v <= 4) w.Int64(-1);
    // One topic entry per part keeps the builder simple (Kafka allows repeats).
    w.ArrayLength(static_cast<int32_t>(parts.size()));
    for (const auto& p : parts) {
      w.Str(p.topic);
      w.ArrayLength(1);
      w.Int32(p.partition);
      w.Int64(p.offset);
      if (v >= 6) w.Int32(5);
      if (v == 1) w.Int64(-1);
      w.NullableStr(p.metadata);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
    }
    w.EmptyTaggedFields();
  });
}

// Partition error codes in response order.
std::vector<int16_t> Commit(GroupHarness& h, int16_t v, const std::string& group,
                            const std::vector<CommitPart>& parts, int32_t generation = -1,
                            const std::string& member = "") {
  Outcome o = h.Call(ApiKey::kOffsetCommit, v, CommitBody(v, group, generation, member, parts));
  EXPECT_TRUE(o.body);
  const std::string response = o.body.value_or("");
  Reader r(response, IsFlexible(ApiKey::kOffsetCommit, v));
  if (v >= 3) r.Int32();
  std::vector<int16_t> errors;
  int32_t nt = r.ArrayLength();
  for (int32_t t = 0; t < nt; ++t) {
    r.Str();
    int32_t np = r.ArrayLength();
    for (int32_t p = 0; p < np; ++p) {
      r.Int32();
      errors.push_back(r.Int16());
      r.SkipTaggedFields();
    }
    r.SkipTaggedFields();
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return errors;
}

struct Fetched {
  std::string topic;
  int32_t partition;
  int64_t offset;
  int32_t epoch;
  std::string metadata;
  bool operator==(const Fetched&) const = default;
};

// Fetches (v <= 7) one group's offsets; nullopt topics asks for all.
std::vector<Fetched> Fetch(
    GroupHarness& h, int16_t v, const std::string& group,
    const std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>>& topics) {
  std::string body = GroupHarness::Body(ApiKey::kOffsetFetch, v, [&](Writer& w) {
    w.Str(group);
    if (!topics) {
      w.ArrayLength(-1);
    } else {
      w.ArrayLength(static_cast<int32_t>(topics->size()));
      for (const auto& [t, ps] : *topics) {
        w.Str(t);
        w.ArrayLength(static_cast<int32_t>(ps.size()));
        for (int32_t p : ps) w.Int32(p);
        w.EmptyTaggedFields();
      }
    }
    if (v >= 7) w.Bool(false);
    w.EmptyTaggedFields();
  });
  Outcome o = h.Call(ApiKey::kOffsetFetch, v, body);
  EXPECT_TRUE(o.body);
  const std::string response = o.body.value_or("");
  Reader r(response, IsFlexible(ApiKey::kOffsetFetch, v));
  if (v >= 3) r.Int32();
  std::vector<Fetched> out;
  int32_t nt = r.ArrayLength();
  for (int32_t t = 0; t < nt; ++t) {
    std::string topic = r.Str();
    int32_t np = r.ArrayLength();
    for (int32_t p = 0; p < np; ++p) {
      Fetched f{topic, r.Int32(), r.Int64(), -1, ""};
      if (v >= 5) f.epoch = r.Int32();
      f.metadata = r.NullableStr().value_or("<null>");
      EXPECT_EQ(r.Int16(), kNone);
      r.SkipTaggedFields();
      out.push_back(f);
    }
    r.SkipTaggedFields();
  }
  if (v >= 2) {
    EXPECT_EQ(r.Int16(), kNone);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

class OffsetVersionsTest : public ::testing::TestWithParam<std::pair<int16_t, int16_t>> {};

TEST_P(OffsetVersionsTest, CommitThenFetchSomeAndAll) {
  auto [cv, fv] = GetParam();
  GroupHarness h("offsets");
  EXPECT_EQ(Commit(h, cv, "g",
                   {{"orders", 0, 42, "m0"},
                    {"orders", 2, 7, std::nullopt},
                    {"users", 0, 1, ""},
                    {"nope", 0, 1, ""},
                    {"orders", 3, 1, ""}}),
            (std::vector<int16_t>{kNone, kNone, kNone, kUnknownTopicOrPartition,
                                  kUnknownTopicOrPartition}));
  int32_t epoch = (cv >= 6 && fv >= 5) ? 5 : -1;
  auto some = Fetch(h, fv, "g", {{{"orders", {0, 1}}}});
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0], (Fetched{"orders", 0, 42, epoch, "m0"}));
  EXPECT_EQ(some[1], (Fetched{"orders", 1, -1, -1, ""}));
  if (fv >= 2) {
    auto all = Fetch(h, fv, "g", std::nullopt);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0], (Fetched{"orders", 0, 42, epoch, "m0"}));
    EXPECT_EQ(all[1], (Fetched{"orders", 2, 7, epoch, ""}));
    EXPECT_EQ(all[2], (Fetched{"users", 0, 1, epoch, ""}));
    EXPECT_TRUE(Fetch(h, fv, "unknown-group", std::nullopt).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    OldAndFlexible, OffsetVersionsTest,
    ::testing::Values(std::pair<int16_t, int16_t>{0, 1}, std::pair<int16_t, int16_t>{1, 2},
                      std::pair<int16_t, int16_t>{2, 3}, std::pair<int16_t, int16_t>{5, 5},
                      std::pair<int16_t, int16_t>{7, 6}, std::pair<int16_t, int16_t>{8, 7}));

TEST(OffsetsTest, FetchV8AnswersSeveralGroups) {
  GroupHarness h("fetch8");
  Commit(h, 8, "g1", {{"orders", 1, 11, "a"}});
  Commit(h, 8, "g2", {{"users", 0, 22, std::nullopt}});
  std::string body = GroupHarness::Body(ApiKey::kOffsetFetch, 8, [&](Writer& w) {
    w.ArrayLength(2);
    w.Str("g1");
    w.ArrayLength(1);
    w.Str("orders");
    w.ArrayLength(1);
    w.Int32(1);
    w.EmptyTaggedFields();
    w.EmptyTaggedFields();
    w.Str("g2");
    w.ArrayLength(-1);
    w.EmptyTaggedFields();
    w.Bool(true);
    w.EmptyTaggedFields();
  });
  Outcome o = h.Call(ApiKey::kOffsetFetch, 8, body);
  ASSERT_TRUE(o.body);
  Reader r(*o.body, true);
  EXPECT_EQ(r.Int32(), 0);
  ASSERT_EQ(r.ArrayLength(), 2);
  std::vector<int64_t> offsets;
  for (int g = 0; g < 2; ++g) {
    r.Str();
    ASSERT_EQ(r.ArrayLength(), 1);
    r.Str();
    ASSERT_EQ(r.ArrayLength(), 1);
    r.Int32();
    offsets.push_back(r.Int64());
    r.Int32();
    r.NullableStr();
    EXPECT_EQ(r.Int16(), kNone);
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    EXPECT_EQ(r.Int16(), kNone);
    r.SkipTaggedFields();
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(offsets, (std::vector<int64_t>{11, 22}));
}

TEST(OffsetsTest, MetadataTooLargeAndGenerationChecks) {
  GroupHarness h("checks");
  EXPECT_EQ(Commit(h, 8, "g", {{"orders", 0, 1, std::string(5000, 'x')}}),
            std::vector<int16_t>{kOffsetMetadataTooLarge});
  // No such group: only a simple consumer (generation -1) may commit.
  EXPECT_EQ(Commit(h, 8, "fresh", {{"orders", 0, 1, ""}}, 3, "someone"),
            std::vector<int16_t>{kIllegalGeneration});
  EXPECT_EQ(Commit(h, 8, "fresh", {{"orders", 0, 1, ""}}), std::vector<int16_t>{kNone});
}

TEST(OffsetsTest, MemberCommitsInItsGeneration) {
  GroupHarness h("member");
  JoinSpec spec;
  Outcome j = h.Call(ApiKey::kJoinGroup, 3, JoinBody(3, spec));
  ASSERT_TRUE(j.pending);
  h.now_ms += kInitialRebalanceDelayMs;
  h.groups().Tick(h.now_ms);
  JoinAnswer a = DecodeJoin(3, *h.Resume(ApiKey::kJoinGroup, 3, *j.pending, false));
  ASSERT_TRUE(h.Call(ApiKey::kSyncGroup, 2, SyncBody(2, "g", 1, a.member_id, {})).body);
  EXPECT_EQ(Commit(h, 6, "g", {{"orders", 0, 5, ""}}, 1, a.member_id), std::vector<int16_t>{kNone});
  EXPECT_EQ(Commit(h, 6, "g", {{"orders", 0, 6, ""}}, 0, a.member_id),
            std::vector<int16_t>{kIllegalGeneration});
  // A simple consumer may not commit while the group has members.
  EXPECT_EQ(Commit(h, 6, "g", {{"orders", 0, 7, ""}}), std::vector<int16_t>{25});
  EXPECT_EQ(Fetch(h, 6, "g", std::nullopt)[0].offset, 5);
  // The group lists as Empty with its offsets after the member leaves.
  EXPECT_EQ(h.groups().Leave("g", a.member_id, std::nullopt, h.now_ms), ErrorCode::kNone);
  EXPECT_EQ(h.groups().Describe("g").state, GroupState::kEmpty);
  h.groups().Tick(h.now_ms + 100000);
  EXPECT_EQ(h.groups().Describe("g").state, GroupState::kEmpty);
  EXPECT_EQ(Commit(h, 6, "g", {{"orders", 0, 8, ""}}), std::vector<int16_t>{kNone});
}

TEST(OffsetsTest, CommitsSurviveCloseAndReopen) {
  GroupHarness h("reopen");
  Commit(h, 8, "g", {{"orders", 1, 100, "meta"}, {"users", 0, 3, std::nullopt}});
  Commit(h, 2, "g", {{"orders", 1, 101, "meta2"}});
  RecoveryNotes notes = h.Reopen();
  EXPECT_EQ(notes.truncated_bytes, 0);
  EXPECT_EQ(notes.offsets, 2);
  auto all = Fetch(h, 7, "g", std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (Fetched{"orders", 1, 101, -1, "meta2"}));
  EXPECT_EQ(all[1], (Fetched{"users", 0, 3, 5, ""}));
  auto listed = h.groups().ListGroups();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].group_id, "g");
  EXPECT_EQ(listed[0].state, GroupState::kEmpty);
}

TEST(OffsetsTest, CommitsSurviveACrashWithATornTail) {
  GroupHarness h("crash");
  Commit(h, 8, "g", {{"orders", 0, 10, "x"}});
  Commit(h, 8, "g", {{"orders", 0, 11, "y"}, {"orders", 2, 4, std::nullopt}});
  const std::string file = h.dir() + "/offsets.log";
  const auto good_size = std::filesystem::file_size(file);
  {
    // Half of a record: a plausible length and CRC, then too few bytes.
    std::ofstream f(file, std::ios::app | std::ios::binary);
    f << std::string("\x00\x00\x00\x40\x12\x34\x56\x78partial", 15);
  }
  RecoveryNotes notes = h.Reopen(/*crash=*/true);
  EXPECT_EQ(notes.truncated_bytes, 15);
  ASSERT_EQ(notes.notes.size(), 1u);
  EXPECT_EQ(std::filesystem::file_size(file), good_size);
  auto all = Fetch(h, 7, "g", std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].offset, 11);
  EXPECT_EQ(all[0].metadata, "y");
  EXPECT_EQ(all[1].offset, 4);
  // New commits append after the cut and survive another crash; a corrupt (bad CRC) record is
  // cut the same way.
  Commit(h, 8, "g", {{"users", 0, 9, ""}});
  {
    std::string bad = "\x00\x00\x00\x03\x00\x00\x00\x00xyz";
    bad.resize(11);
    std::ofstream f(file, std::ios::app | std::ios::binary);
    f << bad;
  }
  notes = h.Reopen(/*crash=*/true);
  EXPECT_EQ(notes.truncated_bytes, 11);
  EXPECT_EQ(Fetch(h, 7, "g", std::nullopt).size(), 3u);
}

TEST(OffsetsTest, OpenCompactsAFileOfOverwrittenCommits) {
  GroupHarness h("compact");
  for (int i = 0; i < 1500; ++i) Commit(h, 8, "g", {{"orders", i % 2, i, "m"}});
  const std::string file = h.dir() + "/offsets.log";
  auto before = std::filesystem::file_size(file);
  RecoveryNotes notes = h.Reopen();
  EXPECT_TRUE(notes.compacted);
  EXPECT_LT(std::filesystem::file_size(file) * 100, before);
  auto all = Fetch(h, 7, "g", std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].offset, 1498);
  EXPECT_EQ(all[1].offset, 1499);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // Still appendable and durable after the rewrite.
  Commit(h, 8, "g", {{"orders", 0, 2000, "m"}});
  h.Reopen();
  EXPECT_EQ(Fetch(h, 7, "g", std::nullopt)[0].offset, 2000);
}

TEST(OffsetsTest, OpenRefusesADirectoryItCannotCreate) {
  GroupHarness h("bad");
  const std::string blocker = h.dir() + "/file";
  std::ofstream(blocker) << "x";
  try {
    GroupCoordinator::Open(blocker + "/sub", nullptr);
    FAIL() << "expected RiffleError";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnector);
  }
}

TEST(OffsetsTest, OffsetDeleteRemovesUnsubscribedOffsets) {
  GroupHarness h("delete");
  Commit(h, 8, "g", {{"orders", 0, 1, ""}, {"orders", 1, 2, ""}});
  std::string body = GroupHarness::Body(ApiKey::kOffsetDelete, 0, [&](Writer& w) {
    w.Str("g");
    w.ArrayLength(2);
    w.Str("orders");
    w.ArrayLength(1);
    w.Int32(0);
    w.Str("nope");
    w.ArrayLength(1);
    w.Int32(0);
  });
  Outcome o = h.Call(ApiKey::kOffsetDelete, 0, body);
  ASSERT_TRUE(o.body);
  Reader r(*o.body);
  EXPECT_EQ(r.Int16(), kNone);
  r.Int32();
  ASSERT_EQ(r.ArrayLength(), 2);
  EXPECT_EQ(r.Str(), "orders");
  ASSERT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int32(), 0);
  EXPECT_EQ(r.Int16(), kNone);
  EXPECT_EQ(r.Str(), "nope");
  ASSERT_EQ(r.ArrayLength(), 1);
  r.Int32();
  EXPECT_EQ(r.Int16(), kUnknownTopicOrPartition);
  EXPECT_EQ(r.remaining(), 0u);
  auto all = Fetch(h, 7, "g", std::nullopt);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].partition, 1);

  o = h.Call(ApiKey::kOffsetDelete, 0, GroupHarness::Body(ApiKey::kOffsetDelete, 0, [](Writer& w) {
               w.Str("missing");
               w.ArrayLength(0);
             }));
  ASSERT_TRUE(o.body);
  Reader r2(*o.body);
  EXPECT_EQ(r2.Int16(), kGroupIdNotFound);
}

}  // namespace
}  // namespace riffle::broker::testing
