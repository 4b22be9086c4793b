// What DESCRIBE TOPIC asks of Kafka: the first and last record timestamps of each partition, the
// consumer groups with offsets in a topic, and (local broker) the bytes of a partition's
// segments.
#include <gtest/gtest.h>

#include "connectors/broker/log/log_store.h"
#include "connectors/kafka/edge_timestamps.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_client.h"
#include "connectors/kafka/kafka_producer.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

class DescribeTopicTest : public testing::KafkaTest {};

TEST_F(DescribeTopicTest, EdgeTimestampsAreThoseOfTheFirstAndLastRecordOfEachPartition) {
  const std::string topic = NewTopic("edges", 3);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 5; ++i) producer.Produce(topic, 0, "k", "v", 1700000000000 + i * 1000);
  producer.Produce(topic, 1, "k", "v", 1600000000000);
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  // Partition 0's first records are deleted: its first record is now the one at offset 2.
  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  admin.DeleteRecordsBefore(topic, 0, 2);

  KafkaSourceOptions options;
  options.bootstrap_servers = bootstraps();
  options.topic = topic;
  auto edges = ReadEdgeTimestamps(options, admin.GetWatermarks(topic), 5000);
  ASSERT_EQ(edges.count(0), 1u);
  EXPECT_EQ(edges[0].first, 1700000002000);
  EXPECT_EQ(edges[0].last, 1700000004000);
  EXPECT_EQ(edges[1].first, 1600000000000);
  EXPECT_EQ(edges[1].last, 1600000000000);
  EXPECT_EQ(edges.count(2), 0u);  // empty: nothing to read
}

TEST_F(DescribeTopicTest, GroupOffsetsInListsOnlyGroupsWithOffsetsInTheTopic) {
  const std::string topic = NewTopic("grouped", 2);
  const std::string other = NewTopic("ungrouped", 1);
  // Commit offsets as a consumer outside any group generation does (a "simple" consumer).
  auto commit = [&](const std::string& group, const std::string& t, int32_t p, int64_t offset) {
    ClientDiagnostics diagnostics;
    RdConfPtr conf = MakeClientConf(bootstraps(), {{"group.id", group}}, &diagnostics);
    RdKafkaPtr consumer = NewClient(RD_KAFKA_CONSUMER, std::move(conf));
    RdPartitionListPtr offsets(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(offsets.get(), t.c_str(), p)->offset = offset;
    ASSERT_EQ(rd_kafka_commit(consumer.get(), offsets.get(), /*async=*/0),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_consumer_close(consumer.get());
  };
  commit(topic + "-b", topic, 1, 7);
  commit(topic + "-a", topic, 0, 3);
  commit(topic + "-a", topic, 1, 4);
  commit(topic + "-c", other, 0, 1);

  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  std::vector<GroupTopicOffsets> groups = admin.GroupOffsetsIn(topic);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].group, topic + "-a");
  EXPECT_EQ(groups[0].committed, (std::map<int32_t, int64_t>{{0, 3}, {1, 4}}));
  EXPECT_FALSE(groups[0].state.empty());
  EXPECT_EQ(groups[1].group, topic + "-b");
  EXPECT_EQ(groups[1].committed, (std::map<int32_t, int64_t>{{1, 7}}));
  EXPECT_TRUE(admin.GroupOffsetsIn(NewTopic("unread", 1)).empty());
}

TEST_F(DescribeTopicTest, PartitionSegmentBytesMeasuresTheLocalBrokersFiles) {
  const std::string topic = NewTopic("sized", 2);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  producer.Produce(topic, 0, "key", std::string(1000, 'x'), 1700000000000);
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  const std::string& dir = testing::SharedBroker().data_dir();
  std::optional<int64_t> bytes = broker::PartitionSegmentBytes(dir, topic, 0);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_GT(*bytes, 1000);
  EXPECT_EQ(broker::PartitionSegmentBytes(dir, topic, 1), 0);
  EXPECT_EQ(broker::PartitionSegmentBytes(dir, topic, 2), std::nullopt);
  EXPECT_EQ(broker::PartitionSegmentBytes(dir, "no-such-topic", 0), std::nullopt);
  // A name that is no topic name never reaches the file system.
  EXPECT_EQ(broker::PartitionSegmentBytes(dir, "..", 0), std::nullopt);
  EXPECT_EQ(broker::PartitionSegmentBytes(dir, "a/../" + topic, 0), std::nullopt);
}

}  // namespace
}  // namespace riffle::kafka
