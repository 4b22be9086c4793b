// A reader whose position falls below a partition's log start or beyond its end moves to the
// nearest valid offset and reports what it skipped: never a silent reset by librdkafka.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"
#include "core/common/error.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

using ::testing::HasSubstr;

class OffsetSkipTest : public testing::KafkaTest {
 protected:
  KafkaSourceOptions SourceOptions(const std::string& topic) {
    KafkaSourceOptions options;
    options.bootstrap_servers = bootstraps();
    options.topic = topic;
    return options;
  }
  // Produces `count` records to partition 0, `per_batch` per flush (so they land in several
  // record batches, which a fetch returns whole).
  void Produce(const std::string& topic, int count, int per_batch = 1000) {
    KafkaProducer producer({.bootstrap_servers = bootstraps()});
    for (int i = 0; i < count; ++i) {
      producer.Produce(topic, 0, "k", "{\"n\":" + std::to_string(i) + ",\"pad\":\"" +
                                          std::string(100, 'x') + "\"}");
      if ((i + 1) % per_batch == 0) {
        ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
      }
    }
    ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  }
};

TEST(FormatCountTest, GroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1234), "1,234");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1000), "-1,000");
}

TEST_F(OffsetSkipTest, DeleteRecordsBeforeMovesTheLogStart) {
  const std::string topic = NewTopic("delete-records", 2);
  Produce(topic, 10);
  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  EXPECT_EQ(admin.DeleteRecordsBefore(topic, 0, 4), 4);
  std::vector<PartitionWatermarks> marks = admin.GetWatermarks(topic);
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].low, 4);
  EXPECT_EQ(marks[0].high, 10);
  EXPECT_EQ(marks[1].low, 0);
  try {
    admin.DeleteRecordsBefore(topic, 0, 11);  // beyond the end
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_THAT(e.message(), HasSubstr("before offset 11"));
  }
  EXPECT_THROW(admin.DeleteRecordsBefore(topic, 2, 0), RiffleError);
  EXPECT_THROW(admin.DeleteRecordsBefore("no-such-topic", 0, 0), RiffleError);
}

TEST_F(OffsetSkipTest, AStartBelowTheLogStartIsReported) {
  const std::string topic = NewTopic("below-start", 1);
  Produce(topic, 10);
  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  ASSERT_EQ(admin.DeleteRecordsBefore(topic, 0, 4), 4);

  KafkaSourceOptions options = SourceOptions(topic);
  options.start_offsets = {{0, 1}};  // a checkpoint taken before the records were deleted
  KafkaSource source(options);
  EXPECT_EQ(source.Positions(), (std::map<int32_t, int64_t>{{0, 4}}));
  EXPECT_EQ(source.out_of_range_offsets(), 3);
  std::vector<OffsetSkip> skips = source.TakeSkips();
  ASSERT_EQ(skips.size(), 1u);
  EXPECT_EQ(skips[0].kind, OffsetSkip::Kind::kBelowStart);
  EXPECT_EQ(skips[0].topic, topic);
  EXPECT_EQ(skips[0].partition, 0);
  EXPECT_EQ(skips[0].from, 1);
  EXPECT_EQ(skips[0].to, 4);
  EXPECT_EQ(skips[0].count, 3);
  EXPECT_EQ(skips[0].Describe(), "3 offsets of " + topic +
                                     "[0] (log start moved from 1 to 4): records deleted "
                                     "(retention or DeleteRecords) before they were read");
  EXPECT_TRUE(source.TakeSkips().empty());  // reported once

  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records.front().offset, 4);
  EXPECT_EQ(source.skipped_offsets(), 3);
}

TEST_F(OffsetSkipTest, AStartBeyondTheLogEndIsReported) {
  const std::string topic = NewTopic("beyond-end", 1);
  Produce(topic, 5);
  KafkaSourceOptions options = SourceOptions(topic);
  options.start_offsets = {{0, 12}};  // e.g. a checkpoint from before the topic was re-created
  KafkaSource source(options);
  EXPECT_EQ(source.Positions(), (std::map<int32_t, int64_t>{{0, 5}}));
  std::vector<OffsetSkip> skips = source.TakeSkips();
  ASSERT_EQ(skips.size(), 1u);
  EXPECT_EQ(skips[0].kind, OffsetSkip::Kind::kBeyondEnd);
  EXPECT_EQ(skips[0].from, 12);
  EXPECT_EQ(skips[0].to, 5);
  EXPECT_EQ(skips[0].count, 7);
  EXPECT_THAT(skips[0].Describe(), HasSubstr("(position 12 beyond the log end 5): the topic was "
                                             "truncated or re-created"));
  EXPECT_EQ(source.out_of_range_offsets(), 7);

  Produce(topic, 2);
  std::vector<KafkaRecord> records = ReadToEnd(source);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].offset, 5);
}

TEST_F(OffsetSkipTest, StartsInRangeReportNothing) {
  const std::string topic = NewTopic("in-range", 1);
  Produce(topic, 5);
  KafkaSourceOptions options = SourceOptions(topic);
  options.start_offsets = {{0, 5}};
  KafkaSource source(options);
  EXPECT_TRUE(source.TakeSkips().empty());
  EXPECT_EQ(source.skipped_offsets(), 0);
}

// Records deleted while a reader is behind: librdkafka's fetch fails with "offset out of range";
// the source moves to the new log start and counts the offsets it never delivered.
TEST_F(OffsetSkipTest, RecordsDeletedWhileReadingAreReported) {
  const std::string topic = NewTopic("deleted-while-reading", 1);
  constexpr int kCount = 400;
  Produce(topic, kCount, /*per_batch=*/10);
  KafkaSourceOptions options = SourceOptions(topic);
  // Prefetch little, so the reader is far behind the log when the records go.
  options.queued_min_messages = 1;
  options.config = {{"queued.max.messages.kbytes", "1"}, {"fetch.message.max.bytes", "1"}};
  KafkaSource source(options);
  std::vector<KafkaRecord> records = source.Poll(1, 5000);
  ASSERT_EQ(records.size(), 1u);
  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  ASSERT_EQ(admin.DeleteRecordsBefore(topic, 0, 300), 300);
  for (KafkaRecord& r : ReadToEnd(source)) records.push_back(std::move(r));
  EXPECT_EQ(source.last_error(), "");

  // Every offset is either delivered or counted as skipped, and the skip is described.
  EXPECT_EQ(static_cast<int64_t>(records.size()) + source.out_of_range_offsets(), kCount);
  EXPECT_EQ(source.gap_offsets(), 0);
  std::vector<OffsetSkip> skips = source.TakeSkips();
  ASSERT_EQ(skips.size(), 1u) << source.last_error();
  EXPECT_EQ(skips[0].kind, OffsetSkip::Kind::kBelowStart);
  EXPECT_EQ(skips[0].to, 300);
  EXPECT_EQ(skips[0].count, 300 - skips[0].from);
  EXPECT_GT(skips[0].count, 0);
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].offset != records[i - 1].offset + 1) {
      EXPECT_EQ(records[i - 1].offset + 1, skips[0].from);
      EXPECT_EQ(records[i].offset, 300);
    }
  }
  EXPECT_EQ(records.back().offset, kCount - 1);
  EXPECT_EQ(source.Positions(), (std::map<int32_t, int64_t>{{0, kCount}}));
}

}  // namespace
}  // namespace riffle::kafka
