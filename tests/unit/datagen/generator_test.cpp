#include "connectors/datagen/generator.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <string>

#include "connectors/datagen/datagen_record_source.h"

namespace riffle::datagen {
namespace {

std::string Record(const std::string& gen, int64_t seed, int64_t index) {
  std::string json;
  MakeGenerator(gen, {.seed = seed, .start_ms = 1000000, .rate = 100})->Make(index, json);
  return json;
}

TEST(GeneratorTest, EveryGeneratorWritesItsDeclaredColumns) {
  for (const GeneratorSpec& spec : Generators()) {
    auto gen = MakeGenerator(spec.name, {.seed = 7, .start_ms = 1000000, .rate = 0});
    std::string json;
    for (int64_t i = 0; i < 200; ++i) {
      gen->Make(i, json);
      nlohmann::json parsed = nlohmann::json::parse(json);  // throws if malformed
      ASSERT_EQ(parsed.size(), spec.columns.size()) << spec.name << ": " << json;
      for (const auto& c : spec.columns) {
        ASSERT_TRUE(parsed.contains(c.name)) << spec.name << " lacks " << c.name << ": " << json;
      }
    }
  }
}

TEST(GeneratorTest, SameSeedSameDataOtherSeedOtherData) {
  for (const GeneratorSpec& spec : Generators()) {
    EXPECT_EQ(Record(spec.name, 1, 42), Record(spec.name, 1, 42)) << spec.name;
    EXPECT_NE(Record(spec.name, 1, 42), Record(spec.name, 2, 42)) << spec.name;
    EXPECT_NE(Record(spec.name, 1, 42), Record(spec.name, 1, 43)) << spec.name;
  }
}

TEST(GeneratorTest, EventTimeAdvancesAtTheRateWithALittleDisorder) {
  auto gen = MakeGenerator("orders", {.seed = 3, .start_ms = 1000000, .rate = 100});
  std::string json;
  int64_t late = 0, prev_max = 0;
  for (int64_t i = 0; i < 1000; ++i) {
    int64_t t = gen->Make(i, json);
    EXPECT_EQ(nlohmann::json::parse(json)["ORDERTIME"].get<int64_t>(), t);
    int64_t nominal = 1000000 + i * 10;
    EXPECT_LE(t, nominal);
    EXPECT_GE(t, nominal - 2000);
    if (t < prev_max) ++late;
    prev_max = std::max(prev_max, t);
  }
  EXPECT_GT(late, 20) << "some records arrive out of order";
  EXPECT_LT(late, 200) << "most records are in order";
}

TEST(GeneratorTest, NexmarkBidsReferToGeneratedAuctionsAndPeople) {
  auto bids = MakeGenerator("bid", {.seed = 5, .start_ms = 0, .rate = 1000});
  auto auctions = MakeGenerator("auction", {.seed = 5, .start_ms = 0, .rate = 1000});
  std::set<int64_t> auction_ids;
  std::string json;
  for (int64_t i = 0; i < 3000; ++i) {
    auctions->Make(i, json);
    auction_ids.insert(nlohmann::json::parse(json)["ID"].get<int64_t>());
  }
  for (int64_t i = 0; i < 2000; ++i) {
    bids->Make(i, json);
    auto bid = nlohmann::json::parse(json);
    EXPECT_TRUE(auction_ids.count(bid["AUCTION"].get<int64_t>())) << json;
    EXPECT_GE(bid["BIDDER"].get<int64_t>(), 1000);
  }
}

TEST(GeneratorTest, FindsGeneratorsInAnyCase) {
  ASSERT_NE(FindGenerator("Orders"), nullptr);
  EXPECT_EQ(FindGenerator("Orders")->name, "orders");
  EXPECT_EQ(FindGenerator("nope"), nullptr);
  EXPECT_EQ(Generators().size(), 7u);
}

// A finite query reads all COUNT records at once: event times follow the index, so RATE only
// paces a live reader. Unbounded, the same source is at its end as soon as it is caught up.
TEST(DatagenRecordSourceTest, BoundedReadIgnoresRateAndEndsOnlyAfterCount) {
  DatagenSourceOptions o;
  o.generator = "orders";
  o.rate = 10;
  o.count = 1000;
  o.gen.rate = o.rate;
  DatagenRecordSource paced(o);
  std::vector<RawRecord> records;
  paced.Poll(records, 2000, 0);
  ASSERT_FALSE(records.empty());
  EXPECT_LT(records.size(), 1000u);
  EXPECT_TRUE(paced.AtEnd());  // every record due by now was read
  std::vector<int64_t> paced_times;
  for (const RawRecord& r : records) paced_times.push_back(r.timestamp);

  o.bounded = true;
  DatagenRecordSource bounded(o);
  EXPECT_FALSE(bounded.AtEnd());
  ASSERT_EQ(bounded.Poll(records, 2000, 0), 1000u);
  EXPECT_TRUE(bounded.AtEnd());
  // The same records, with the same event times, only sooner.
  for (size_t i = 0; i < paced_times.size(); ++i) EXPECT_EQ(records[i].timestamp, paced_times[i]);
}

TEST(DatagenRecordSourceTest, ProducesCountRecordsThenEnds) {
  DatagenSourceOptions o;
  o.generator = "pageviews";
  o.count = 2500;
  DatagenRecordSource s(o);
  std::vector<RawRecord> records;
  EXPECT_EQ(s.Poll(records, 2000, 0), 2000u);
  EXPECT_EQ(records[1999].offset, 1999);
  EXPECT_FALSE(s.AtEnd());
  EXPECT_EQ(s.Poll(records, 2000, 0), 500u);
  EXPECT_TRUE(s.AtEnd());
  EXPECT_EQ(s.Poll(records, 2000, 0), 0u);
  EXPECT_EQ(s.Positions().at(0), 2500);
  EXPECT_EQ(s.name(), "datagen:pageviews");
}

TEST(DatagenRecordSourceTest, ResumesAtAPositionWithTheSameRecords) {
  DatagenSourceOptions o;
  o.generator = "trades";
  o.count = 100;
  o.gen.seed = 9;
  DatagenRecordSource all(o);
  std::vector<RawRecord> records;
  all.Poll(records, 100, 0);
  std::string expected(records[60].value);
  o.start_index = 60;
  DatagenRecordSource resumed(o);
  resumed.Poll(records, 100, 0);
  ASSERT_EQ(records.size(), 40u);
  EXPECT_EQ(records[0].value, expected);
  EXPECT_EQ(records[0].offset, 60);
}

TEST(DatagenRecordSourceTest, RateLimitsRecordsPerSecond) {
  DatagenSourceOptions o;
  o.generator = "orders";
  o.rate = 200;
  DatagenRecordSource s(o);
  auto start = std::chrono::steady_clock::now();
  std::vector<RawRecord> records;
  size_t total = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500)) {
    total += s.Poll(records, 1000, 50);
  }
  EXPECT_GE(total, 80u);
  EXPECT_LE(total, 130u);
}

}  // namespace
}  // namespace riffle::datagen
