#include "connectors/kafka/kafka_admin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connectors/kafka/kafka_producer.h"
#include "core/common/error.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

using ::testing::HasSubstr;

class KafkaAdminTest : public testing::KafkaTest {
 protected:
  KafkaAdminOptions Local() { return {.bootstrap_servers = bootstraps()}; }
};

TEST_F(KafkaAdminTest, CreatesAndListsTopicsSortedWithPartitionCounts) {
  KafkaAdmin admin(Local());
  EXPECT_TRUE(admin.CreateTopic("zeta", 2));
  EXPECT_TRUE(admin.CreateTopic("alpha", 3));
  EXPECT_FALSE(admin.CreateTopic("alpha", 3));
  try {
    admin.CreateTopic("beta", 1, /*replication=*/3);  // One broker: one replica at most.
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_THAT(e.message(), HasSubstr("replication"));
  }
  EXPECT_FALSE(admin.TopicExists("beta"));
  std::vector<TopicInfo> topics = admin.ListTopics();
  std::vector<std::string> names;
  for (const TopicInfo& t : topics) names.push_back(t.name);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  auto alpha = std::find_if(topics.begin(), topics.end(),
                            [](const TopicInfo& t) { return t.name == "alpha"; });
  ASSERT_NE(alpha, topics.end());
  EXPECT_EQ(alpha->partitions, 3);
  EXPECT_EQ(alpha->replicas, 1);
  EXPECT_TRUE(admin.TopicExists("zeta"));
  EXPECT_FALSE(admin.TopicExists("nope"));
  EXPECT_EQ(admin.PartitionCount("zeta"), 2);
  EXPECT_EQ(admin.PartitionCount("nope"), std::nullopt);
}

TEST_F(KafkaAdminTest, HidesInternalTopicsUnlessAsked) {
  KafkaAdmin admin(Local());
  admin.CreateTopic("__consumer_offsets_like", 1);
  admin.CreateTopic("_confluent-ksql-internal", 1);
  admin.CreateTopic("visible", 1);
  auto has = [](const std::vector<TopicInfo>& topics, const std::string& name) {
    return std::any_of(topics.begin(), topics.end(),
                       [&](const TopicInfo& t) { return t.name == name; });
  };
  std::vector<TopicInfo> user = admin.ListTopics();
  EXPECT_TRUE(has(user, "visible"));
  EXPECT_FALSE(has(user, "__consumer_offsets_like"));
  EXPECT_FALSE(has(user, "_confluent-ksql-internal"));
  std::vector<TopicInfo> all = admin.ListTopics(/*include_internal=*/true);
  EXPECT_TRUE(has(all, "__consumer_offsets_like"));
  EXPECT_TRUE(has(all, "_confluent-ksql-internal"));
}

TEST_F(KafkaAdminTest, RejectsInvalidNamesAndCounts) {
  KafkaAdmin admin(Local());
  EXPECT_THROW(admin.CreateTopic("", 1), RiffleError);
  EXPECT_THROW(admin.CreateTopic("has space", 1), RiffleError);
  EXPECT_THROW(admin.CreateTopic("..", 1), RiffleError);
  EXPECT_THROW(admin.CreateTopic(std::string(250, 'a'), 1), RiffleError);
  EXPECT_THROW(admin.CreateTopic("ok", 0), RiffleError);
  EXPECT_THROW(admin.CreateTopic("ok", 1, 0), RiffleError);
}

TEST_F(KafkaAdminTest, DeletesTopics) {
  KafkaAdmin admin(Local());
  admin.CreateTopic("doomed", 1);
  EXPECT_EQ(admin.DeleteTopic("doomed"), DeleteTopicOutcome::kDeleted);
  EXPECT_FALSE(admin.TopicExists("doomed"));
  try {
    admin.DeleteTopic("never-existed");
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_THAT(e.message(), HasSubstr("does not exist"));
  }
}

TEST_F(KafkaAdminTest, WatermarksFollowProducedRecords) {
  KafkaAdmin admin(Local());
  const std::string topic = NewTopic("marks", 2);
  std::vector<PartitionWatermarks> empty = admin.GetWatermarks(topic);
  ASSERT_EQ(empty.size(), 2u);
  EXPECT_EQ(empty[0].low, 0);
  EXPECT_EQ(empty[0].high, 0);
  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  for (int i = 0; i < 5; ++i) producer.Produce(topic, 1, std::nullopt, "v");
  ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
  std::vector<PartitionWatermarks> marks = admin.GetWatermarks(topic);
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].partition, 0);
  EXPECT_EQ(marks[0].high, 0);
  EXPECT_EQ(marks[1].partition, 1);
  EXPECT_EQ(marks[1].low, 0);
  EXPECT_EQ(marks[1].high, 5);
  EXPECT_THROW(admin.GetWatermarks("no-such-topic"), RiffleError);
  EXPECT_FALSE(admin.TopicExists("no-such-topic"));  // Asking did not auto-create it.
}

TEST_F(KafkaAdminTest, CreatesAnyPartitionCount) {
  // The mock broker could only auto-create 4 partitions from another process; riffle's broker
  // serves CreateTopics to every client.
  KafkaAdmin admin(Local());
  EXPECT_TRUE(admin.CreateTopic("two-parts", 2));
  EXPECT_TRUE(admin.CreateTopic("seven-parts", 7));
  EXPECT_EQ(admin.PartitionCount("two-parts"), 2);
  EXPECT_EQ(admin.PartitionCount("seven-parts"), 7);
}

}  // namespace
}  // namespace riffle::kafka
