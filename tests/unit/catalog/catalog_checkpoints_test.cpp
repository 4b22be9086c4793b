#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "catalog/catalog.h"
#include "catalog_test_util.h"
#include "core/common/error.h"

namespace riffle {
namespace {

TEST(CatalogCheckpointsTest, NoCheckpointUntilSaved) {
  auto catalog = Catalog::Open(":memory:");
  EXPECT_FALSE(catalog->LoadCheckpoint("J_1").has_value());
}

TEST(CatalogCheckpointsTest, SaveLoadRoundTripsOffsetsAndBinaryBlob) {
  auto catalog = Catalog::Open(":memory:");
  const std::string blob("\x00\x01state\xff\x00", 9);
  catalog->SaveCheckpoint("J_1", {{0, "orders", 1, 42}, {0, "orders", 0, 7}, {0, "clicks", 3, 1LL << 40}},
                          blob);
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J_1");
  ASSERT_TRUE(cp.has_value());
  std::vector<PartitionOffset> expected = {
      {0, "clicks", 3, 1LL << 40}, {0, "orders", 0, 7}, {0, "orders", 1, 42}};  // sorted
  EXPECT_EQ(cp->offsets, expected);
  EXPECT_EQ(cp->state_blob, blob);
  EXPECT_EQ(cp->sequence, 1);
  EXPECT_GT(cp->saved_at_ms, 1600000000000);
}

TEST(CatalogCheckpointsTest, LaterSaveMergesOffsetsAndReplacesBlob) {
  auto catalog = Catalog::Open(":memory:");
  catalog->SaveCheckpoint("J_1", {{0, "t", 0, 10}, {0, "t", 1, 20}}, "first");
  catalog->SaveCheckpoint("J_1", {{0, "t", 1, 25}, {0, "t", 2, 5}}, "");
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J_1");
  ASSERT_TRUE(cp.has_value());
  std::vector<PartitionOffset> expected = {{0, "t", 0, 10}, {0, "t", 1, 25}, {0, "t", 2, 5}};
  EXPECT_EQ(cp->offsets, expected);
  EXPECT_EQ(cp->state_blob, "");
  EXPECT_EQ(cp->sequence, 2);
}

TEST(CatalogCheckpointsTest, JobsAreIndependentAndDeletable) {
  auto catalog = Catalog::Open(":memory:");
  catalog->SaveCheckpoint("A", {{0, "t", 0, 1}}, "a");
  catalog->SaveCheckpoint("B", {{0, "t", 0, 2}}, "b");
  EXPECT_EQ(catalog->LoadCheckpoint("A")->offsets[0].offset, 1);
  EXPECT_EQ(catalog->LoadCheckpoint("B")->state_blob, "b");
  catalog->DeleteCheckpoint("A");
  EXPECT_FALSE(catalog->LoadCheckpoint("A").has_value());
  EXPECT_EQ(catalog->LoadCheckpoint("B")->offsets[0].offset, 2);
}

// Two streams declared over one topic and joined read the topic twice: each input's position is
// its own and survives a reopen; a save of one input's offsets leaves the other's alone.
TEST(CatalogCheckpointsTest, TwoInputsOverOneTopicKeepTheirOwnPositions) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  Catalog::Open(path)->SaveCheckpoint(
      "J", {{0, "t", 0, 10}, {0, "t", 1, 3}, {1, "t", 0, 25}, {1, "t", 1, 7}}, "");
  auto catalog = Catalog::Open(path);
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->PositionsOf(0, "t"), (std::map<int32_t, int64_t>{{0, 10}, {1, 3}}));
  EXPECT_EQ(cp->PositionsOf(1, "t"), (std::map<int32_t, int64_t>{{0, 25}, {1, 7}}));
  EXPECT_TRUE(cp->PositionsOf(2, "t").empty());
  EXPECT_TRUE(cp->PositionsOf(0, "u").empty());

  catalog->SaveCheckpoint("J", {{0, "t", 0, 12}}, "");
  cp = catalog->LoadCheckpoint("J");
  EXPECT_EQ(cp->PositionsOf(0, "t"), (std::map<int32_t, int64_t>{{0, 12}, {1, 3}}));
  EXPECT_EQ(cp->PositionsOf(1, "t"), (std::map<int32_t, int64_t>{{0, 25}, {1, 7}}));
}

TEST(CatalogCheckpointsTest, NegativeInputIsRefusedAndNothingIsSaved) {
  auto catalog = Catalog::Open(":memory:");
  try {
    catalog->SaveCheckpoint("J", {{0, "t", 0, 1}, {kAnyInput, "t", 0, 5}}, "x");
    ADD_FAILURE() << "expected a RiffleError";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kCatalog);
    EXPECT_NE(e.message().find("input -1"), std::string::npos) << e.message();
  }
  EXPECT_FALSE(catalog->LoadCheckpoint("J").has_value());  // rolled back whole
}

// Four jobs checkpoint concurrently while a reader checks that every checkpoint it sees is
// whole: the blob and the offsets of one save always come together.
TEST(CatalogCheckpointsTest, ConcurrentSavesWithReadsStayConsistent) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto catalog = Catalog::Open(dir.Path("catalog.db"));
  constexpr int kJobs = 4;
  constexpr int kSaves = 150;
  std::atomic<bool> writers_done{false};
  std::atomic<int> inconsistent{0};
  std::atomic<int> reads{0};

  std::vector<std::thread> threads;
  for (int j = 0; j < kJobs; ++j) {
    threads.emplace_back([&, j] {
      std::string job = "JOB_" + std::to_string(j);
      for (int i = 1; i <= kSaves; ++i) {
        catalog->SaveCheckpoint(job, {{0, "t", j, i}, {0, "u", 0, i * 10}}, "blob-" + std::to_string(i));
      }
    });
  }
  std::thread reader([&] {
    while (!writers_done.load()) {
      for (int j = 0; j < kJobs; ++j) {
        std::optional<Checkpoint> cp = catalog->LoadCheckpoint("JOB_" + std::to_string(j));
        if (!cp) continue;
        reads.fetch_add(1);
        if (cp->offsets.size() != 2 ||
            cp->state_blob != "blob-" + std::to_string(cp->offsets[0].offset) ||
            cp->offsets[1].offset != cp->offsets[0].offset * 10 ||
            cp->sequence != cp->offsets[0].offset) {
          inconsistent.fetch_add(1);
        }
      }
    }
  });
  for (std::thread& t : threads) t.join();
  writers_done = true;
  reader.join();

  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_GT(reads.load(), 0);
  for (int j = 0; j < kJobs; ++j) {
    std::optional<Checkpoint> cp = catalog->LoadCheckpoint("JOB_" + std::to_string(j));
    ASSERT_TRUE(cp.has_value());
    std::vector<PartitionOffset> expected = {{0, "t", j, kSaves}, {0, "u", 0, kSaves * 10}};
    EXPECT_EQ(cp->offsets, expected);
    EXPECT_EQ(cp->state_blob, "blob-" + std::to_string(kSaves));
    EXPECT_EQ(cp->sequence, kSaves);
  }
}

// Two connections to one file (as two riffle processes would have) write at the same time:
// BEGIN IMMEDIATE plus busy_timeout make them wait for each other instead of failing.
TEST(CatalogCheckpointsTest, TwoConnectionsOnOneFileBothSucceed) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  auto first = Catalog::Open(path);
  auto second = Catalog::Open(path);
  std::atomic<int> failures{0};
  auto work = [&](Catalog* catalog, const std::string& job) {
    for (int i = 1; i <= 100; ++i) {
      try {
        catalog->SaveCheckpoint(job, {{0, "t", 0, i}}, "x");
        catalog->NextJobId("Q");
      } catch (const std::exception&) {
        failures.fetch_add(1);
      }
    }
  };
  std::thread a(work, first.get(), "A");
  std::thread b(work, second.get(), "B");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(first->LoadCheckpoint("B")->offsets[0].offset, 100);
  EXPECT_EQ(second->LoadCheckpoint("A")->offsets[0].offset, 100);
  EXPECT_EQ(first->NextJobId("Q"), "Q_201");  // the counter is shared, nothing was lost
}

}  // namespace
}  // namespace riffle

namespace riffle {
namespace {

std::vector<std::string> EntryKeys(const Checkpoint& cp) {
  std::vector<std::string> keys;
  for (const StateEntry& e : cp.entries) {
    keys.push_back(std::to_string(e.op) + ":" + e.key + "=" + e.value);
  }
  return keys;
}

// Incremental checkpoints: each delta upserts and deletes entries; a load sees them all,
// ordered by operator then key, with the offsets of the same save.
TEST(CatalogCheckpointsTest, DeltasUpsertAndDeleteStateEntries) {
  auto catalog = Catalog::Open(":memory:");
  StateDelta first;
  first.replace = true;
  first.upserts = {{0, "", "h0"}, {0, "a", "1"}, {0, "b", "2"}, {1, "", std::string("\0x", 2)}};
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 10}}, first);
  StateDelta second;
  second.upserts = {{0, "a", "11"}, {0, "c", "3"}};
  second.deletes = {{0, "b", ""}, {0, "never", ""}};
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 12}}, second);
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  ASSERT_TRUE(cp.has_value());
  EXPECT_TRUE(cp->keyed);
  EXPECT_EQ(cp->state_blob, "");
  EXPECT_EQ(cp->sequence, 2);
  EXPECT_EQ(cp->offsets[0].offset, 12);
  EXPECT_EQ(EntryKeys(*cp),
            (std::vector<std::string>{"0:=h0", "0:a=11", "0:c=3", "1:=" + std::string("\0x", 2)}));
  EXPECT_EQ(second.Bytes(), 3 + 2 + 1 + 5);  // keys and values upserted, keys deleted

  // replace forgets every stored entry first.
  StateDelta again;
  again.replace = true;
  again.upserts = {{2, "", "z"}};
  catalog->SaveCheckpointDelta("J", {}, again);
  EXPECT_EQ(EntryKeys(*catalog->LoadCheckpoint("J")), (std::vector<std::string>{"2:=z"}));
}

TEST(CatalogCheckpointsTest, BlobAndEntriesFormatsReplaceEachOther) {
  auto catalog = Catalog::Open(":memory:");
  catalog->SaveCheckpoint("J", {{0, "t", 0, 1}}, "blob");
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  EXPECT_FALSE(cp->keyed);
  EXPECT_EQ(cp->state_blob, "blob");
  StateDelta delta;
  delta.replace = true;
  delta.upserts = {{0, "", "h"}};
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 2}}, delta);
  cp = catalog->LoadCheckpoint("J");
  EXPECT_TRUE(cp->keyed);
  EXPECT_EQ(cp->state_blob, "");
  EXPECT_EQ(cp->entries.size(), 1u);
  catalog->SaveCheckpoint("J", {{0, "t", 0, 3}}, "blob2");
  cp = catalog->LoadCheckpoint("J");
  EXPECT_FALSE(cp->keyed);
  EXPECT_TRUE(cp->entries.empty());
  EXPECT_EQ(cp->state_blob, "blob2");
}

TEST(CatalogCheckpointsTest, DeletingACheckpointOrJobDropsItsStateEntries) {
  auto catalog = Catalog::Open(":memory:");
  StateDelta delta;
  delta.upserts = {{0, "", "h"}, {0, "k", "v"}};
  catalog->SaveCheckpointDelta("A", {}, delta);
  catalog->SaveCheckpointDelta("B", {}, delta);
  catalog->DeleteCheckpoint("A");
  EXPECT_FALSE(catalog->LoadCheckpoint("A").has_value());
  catalog->SaveCheckpointDelta("A", {}, StateDelta{});
  EXPECT_TRUE(catalog->LoadCheckpoint("A")->entries.empty());
  EXPECT_EQ(catalog->LoadCheckpoint("B")->entries.size(), 2u);
}

}  // namespace
}  // namespace riffle
