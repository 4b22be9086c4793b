#include "connectors/kafka/embedded_broker.h"

#include <gtest/gtest.h>

#include "connectors/kafka/kafka_admin.h"
#include "core/common/error.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

int PortOf(const std::string& address) {
  EXPECT_EQ(address.rfind("127.0.0.1:", 0), 0u) << address;
  return std::stoi(address.substr(address.find(':') + 1));
}

// Two private brokers: ports are kernel-chosen, so two brokers never collide.
TEST(EmbeddedBrokerTest, ListensOnLoopbackAndRejectsMisuse) {
  EmbeddedBroker a;
  EmbeddedBroker b;
  EXPECT_FALSE(a.started());
  EXPECT_THROW(a.CreateTopic("t", 1), RiffleError);  // Not started.
  a.Start();
  b.Start();
  ASSERT_TRUE(a.started());
  EXPECT_GT(PortOf(a.bootstraps()), 0);
  EXPECT_NE(PortOf(a.bootstraps()), PortOf(b.bootstraps()));
  EXPECT_THROW(a.Start(), RiffleError);
  EXPECT_THROW(a.CreateTopic("t", 0), RiffleError);
}

class EmbeddedBrokerTopicTest : public testing::KafkaTest {};

TEST_F(EmbeddedBrokerTopicTest, CreatesTopicsOnceAndReportsDuplicates) {
  EXPECT_TRUE(broker().CreateTopic("orders", 3));
  EXPECT_FALSE(broker().CreateTopic("orders", 5));
  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  EXPECT_EQ(admin.PartitionCount("orders"), 3);  // The duplicate did not change it.
}

}  // namespace
}  // namespace riffle::kafka
