#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/message_batch.h"
#include "connectors/kafka/murmur2.h"
#include "core/common/error.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

// Appends instead of `Trace(i)`, which trips GCC 12's -Wrestrict false positive
// at -O3.
std::string Trace(int i) {
  std::string s = "t";
  s += std::to_string(i);
  return s;
}

class ProduceConsumeTest : public testing::KafkaTest {
 protected:
  KafkaSourceOptions SourceOptions(const std::string& topic) {
    KafkaSourceOptions options;
    options.bootstrap_servers = bootstraps();
    options.topic = topic;
    return options;
  }
};

TEST_F(ProduceConsumeTest, RoundTripsKeysValuesHeadersAndTimestamps) {
  const std::string topic = NewTopic("roundtrip", 1);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  constexpr int kCount = 200;
  for (int i = 0; i < kCount; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const std::string value = "{\"n\":" + std::to_string(i) + "}";
    producer.Produce(topic, 0, key, value, 1700000000000 + i,
                     {{"trace", Trace(i)}, {"nullable", std::nullopt}});
  }
  producer.Produce(topic, 0, std::nullopt, std::nullopt, 1700000001000);  // Null key, tombstone.
  producer.Produce(topic, 0, "", "", 1700000002000);                      // Empty, not null.
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  EXPECT_EQ(producer.delivered(), kCount + 2);
  EXPECT_EQ(producer.delivery_failures(), 0);

  KafkaSource source(SourceOptions(topic));
  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), static_cast<size_t>(kCount + 2));
  for (int i = 0; i < kCount; ++i) {
    const KafkaRecord& r = records[i];
    EXPECT_EQ(r.topic, topic);
    EXPECT_EQ(r.partition, 0);
    EXPECT_EQ(r.offset, i);
    EXPECT_EQ(r.timestamp, 1700000000000 + i);
    EXPECT_EQ(r.key, "key-" + std::to_string(i));
    EXPECT_EQ(r.value, "{\"n\":" + std::to_string(i) + "}");
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].first, "trace");
    EXPECT_EQ(r.headers[0].second, Trace(i));
    EXPECT_EQ(r.headers[1].first, "nullable");
    EXPECT_EQ(r.headers[1].second, std::nullopt);
  }
  const KafkaRecord& tombstone = records[kCount];
  EXPECT_EQ(tombstone.key, std::nullopt);
  EXPECT_EQ(tombstone.value, std::nullopt);
  EXPECT_TRUE(tombstone.headers.empty());
  const KafkaRecord& empty = records[kCount + 1];
  EXPECT_EQ(empty.key, std::optional<std::string>(""));
  EXPECT_EQ(empty.value, std::optional<std::string>(""));
  EXPECT_EQ(source.Positions(), (std::map<int32_t, int64_t>{{0, kCount + 2}}));
  EXPECT_EQ(source.skipped_offsets(), 0);
}

TEST_F(ProduceConsumeTest, ZeroTimestampMeansNow) {
  const std::string topic = NewTopic("now", 1);
  const int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  producer.Produce(topic, -1, "k", "v");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  KafkaSource source(SourceOptions(topic));
  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_GE(records[0].timestamp, before);
  EXPECT_LT(records[0].timestamp, before + 60000);
}

TEST_F(ProduceConsumeTest, StartsFromStoredOffsetsAndLatest) {
  const std::string topic = NewTopic("offsets", 2);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 10; ++i) producer.Produce(topic, i % 2, std::nullopt, std::to_string(i));
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();

  // Partition 0 holds 0,2,4,6,8 at offsets 0..4; partition 1 holds 1,3,5,7,9.
  KafkaSourceOptions stored = SourceOptions(topic);
  stored.start_offsets = {{0, 3}, {1, 100}};  // 100 is past the end: clamped to 5.
  KafkaSource from_stored(stored);
  EXPECT_EQ(from_stored.Positions(), (std::map<int32_t, int64_t>{{0, 3}, {1, 5}}));
  std::vector<KafkaRecord> records = ReadToEnd(from_stored);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].value, "6");
  EXPECT_EQ(records[0].offset, 3);
  EXPECT_EQ(records[1].value, "8");
  EXPECT_EQ(from_stored.Positions(), (std::map<int32_t, int64_t>{{0, 5}, {1, 5}}));

  KafkaSourceOptions latest = SourceOptions(topic);
  latest.reset = OffsetReset::kLatest;
  KafkaSource from_latest(latest);
  EXPECT_TRUE(from_latest.AtEnd());
  producer.Produce(topic, 1, "new", "10");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  records = ReadToEnd(from_latest);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].value, "10");
  EXPECT_EQ(records[0].partition, 1);
  EXPECT_EQ(records[0].offset, 5);
}

TEST_F(ProduceConsumeTest, AtEndTracksTheBrokerNotACache) {
  const std::string topic = NewTopic("atend", 3);
  KafkaSource source(SourceOptions(topic));
  EXPECT_TRUE(source.AtEnd());  // An empty topic is caught up from the start.
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  producer.Produce(topic, 2, "a", "1");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  // Right after the flush the source must know it is behind, without waiting.
  EXPECT_FALSE(source.AtEnd());
  EXPECT_EQ(source.Lag(), (std::map<int32_t, int64_t>{{0, 0}, {1, 0}, {2, 1}}));
  EXPECT_EQ(ReadToEnd(source).size(), 1u);
  EXPECT_TRUE(source.AtEnd());
  producer.Produce(topic, 0, "b", "2");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  EXPECT_FALSE(source.AtEnd());
  EXPECT_EQ(ReadToEnd(source).size(), 1u);
  EXPECT_TRUE(source.AtEnd());
}

// A finite query's read: the partitions' ends are fixed when the source is created, so records
// produced meanwhile neither join the answer nor keep it from ending.
TEST_F(ProduceConsumeTest, StopAtEndReadsOnlyWhatExistedAtCreation) {
  const std::string topic = NewTopic("stopatend", 2);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 5; ++i) producer.Produce(topic, i % 2, "k", "before-" + std::to_string(i));
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  KafkaSourceOptions options = SourceOptions(topic);
  options.stop_at_end = true;
  KafkaSource source(options);
  for (int i = 0; i < 4; ++i) producer.Produce(topic, i % 2, "k", "after-" + std::to_string(i));
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  EXPECT_FALSE(source.AtEnd());
  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), 5u);
  for (const KafkaRecord& r : records) EXPECT_EQ(r.value->rfind("before-", 0), 0u) << *r.value;
  EXPECT_TRUE(source.AtEnd());
  EXPECT_TRUE(source.Poll(1000, 300).empty());
  EXPECT_EQ(source.Positions(), (std::map<int32_t, int64_t>{{0, 3}, {1, 2}}));
}

TEST_F(ProduceConsumeTest, StopAtEndOfAnEmptyTopicIsAtEndAtOnce) {
  const std::string topic = NewTopic("stopatend-empty", 3);
  KafkaSourceOptions options = SourceOptions(topic);
  options.stop_at_end = true;
  KafkaSource source(options);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  producer.Produce(topic, 1, "a", "late");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  EXPECT_TRUE(source.AtEnd());
}

TEST_F(ProduceConsumeTest, KeyedRecordsLandWhereTheJavaClientPutsThem) {
  constexpr int kPartitions = 6;
  const std::string topic = NewTopic("keyed", kPartitions);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 300; ++i) producer.Produce(topic, -1, "user-" + std::to_string(i), "x");
  producer.Produce(topic, -1, "foobar", "x");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  KafkaSource source(SourceOptions(topic));
  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), 301u);
  std::set<int32_t> used;
  for (const KafkaRecord& r : records) {
    ASSERT_TRUE(r.key.has_value());
    EXPECT_EQ(r.partition, PartitionForKey(*r.key, kPartitions)) << *r.key;
    used.insert(r.partition);
    // Java: (murmur2("foobar") & 0x7fffffff) % 6 == 1357151166 % 6 == 0.
    if (*r.key == "foobar") {
      EXPECT_EQ(r.partition, 0);
    }
  }
  EXPECT_EQ(used.size(), static_cast<size_t>(kPartitions));
}

TEST_F(ProduceConsumeTest, BatchViewsReadWithoutCopying) {
  const std::string topic = NewTopic("batch", 1);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 50; ++i) {
    producer.Produce(topic, 0, std::to_string(i), "value-" + std::to_string(i), 1000 + i,
                     {{"h", "v"}});
  }
  producer.Produce(topic, 0, std::nullopt, std::nullopt, 2000);
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();

  KafkaSource source(SourceOptions(topic));
  MessageBatch batch;
  std::vector<std::string> values;
  int64_t expected_offset = 0;
  bool saw_tombstone = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (expected_offset < 51 && std::chrono::steady_clock::now() < deadline) {
    const size_t n = source.PollBatch(batch, 16, 100);
    ASSERT_LE(n, 16u);
    ASSERT_EQ(n, batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      MessageView m = batch[i];
      EXPECT_EQ(m.partition(), 0);
      EXPECT_EQ(m.offset(), expected_offset);
      if (expected_offset < 50) {
        EXPECT_FALSE(m.key_is_null());
        EXPECT_EQ(m.key(), std::to_string(expected_offset));
        EXPECT_EQ(m.value(), "value-" + std::to_string(expected_offset));
        EXPECT_EQ(m.timestamp(), 1000 + expected_offset);
        auto headers = m.headers();
        ASSERT_EQ(headers.size(), 1u);
        EXPECT_EQ(headers[0].first, "h");
        EXPECT_EQ(headers[0].second, "v");
      } else {
        EXPECT_TRUE(m.key_is_null());
        EXPECT_TRUE(m.value_is_null());
        EXPECT_TRUE(m.value().empty());
        saw_tombstone = true;
      }
      ++expected_offset;
    }
  }
  EXPECT_EQ(expected_offset, 51);
  EXPECT_TRUE(saw_tombstone);
  EXPECT_TRUE(source.AtEnd());
  MessageBatch moved = std::move(batch);
  EXPECT_TRUE(batch.empty());  // NOLINT(bugprone-use-after-move): moved-from state is defined.
  moved.Clear();
  EXPECT_TRUE(moved.empty());
}

TEST_F(ProduceConsumeTest, SourceRejectsUnknownTopic) {
  try {
    KafkaSource source(SourceOptions("does-not-exist"));
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnector);
    EXPECT_NE(e.message().find("does not exist"), std::string::npos) << e.message();
  }
}

TEST_F(ProduceConsumeTest, ProduceToUnknownPartitionFailsVisibly) {
  const std::string topic = NewTopic("onepart", 1);
  KafkaProducer producer({.bootstrap_servers = bootstraps(), .delivery_timeout_ms = 3000});
  producer.Produce(topic, 7, "k", "v");
  EXPECT_FALSE(producer.Flush(5000));
  EXPECT_EQ(producer.delivery_failures(), 1);
  EXPECT_NE(producer.last_error().find(topic), std::string::npos) << producer.last_error();
}

}  // namespace
}  // namespace riffle::kafka
