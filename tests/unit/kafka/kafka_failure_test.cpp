// Against an address where no broker listens, every client must fail with a clear error within
// its configured bound instead of hanging.

#include <gtest/gtest.h>

#include <chrono>

#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"
#include "core/common/error.h"

namespace riffle::kafka {
namespace {

// Port 1 on loopback: connections are refused immediately.
constexpr const char* kNoBroker = "127.0.0.1:1";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(KafkaFailureTest, ProducerToMissingBrokerFailsWithinItsDeliveryTimeout) {
  const auto start = std::chrono::steady_clock::now();
  {
    KafkaProducer producer({.bootstrap_servers = kNoBroker, .delivery_timeout_ms = 1000});
    producer.Produce("t", -1, "k", "v");
    EXPECT_FALSE(producer.Flush(5000));
    EXPECT_EQ(producer.delivery_failures(), 1);
    EXPECT_EQ(producer.OutstandingCount(), 0);
    const std::string error = producer.last_error();
    EXPECT_NE(error.find("delivery to topic 't' failed: Local: Message timed out"),
              std::string::npos)
        << error;
    // The cause, as librdkafka reported it first: usually the refused connection.
    EXPECT_TRUE(error.find("Connection refused") != std::string::npos ||
                error.find("brokers are down") != std::string::npos)
        << error;
  }
  EXPECT_LT(SecondsSince(start), 4.0);
}

TEST(KafkaFailureTest, FlushTimeoutReportsUndeliveredRecords) {
  KafkaProducer producer(
      {.bootstrap_servers = kNoBroker, .delivery_timeout_ms = 60000, .close_timeout_ms = 0});
  producer.Produce("t", -1, "k", "v");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(producer.Flush(300));
  EXPECT_LT(SecondsSince(start), 2.0);
  EXPECT_EQ(producer.OutstandingCount(), 1);
  EXPECT_NE(producer.last_error().find("1 record(s) not delivered"), std::string::npos)
      << producer.last_error();
}

TEST(KafkaFailureTest, AdminAndSourceToMissingBrokerThrow) {
  const auto start = std::chrono::steady_clock::now();
  KafkaAdmin admin({.bootstrap_servers = kNoBroker, .timeout_ms = 1000});
  try {
    admin.ListTopics();
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnector);
    EXPECT_NE(e.message().find(kNoBroker), std::string::npos) << e.message();
  }
  KafkaSourceOptions options;
  options.bootstrap_servers = kNoBroker;
  options.topic = "t";
  options.timeout_ms = 1000;
  EXPECT_THROW(KafkaSource source(options), RiffleError);
  EXPECT_LT(SecondsSince(start), 5.0);
}

TEST(KafkaFailureTest, BadConfigurationIsAUserError) {
  KafkaProducerOptions options{.bootstrap_servers = kNoBroker};
  options.config.emplace("no.such.property", "1");
  try {
    KafkaProducer producer(options);
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_NE(e.message().find("no.such.property"), std::string::npos) << e.message();
  }
  EXPECT_THROW(KafkaProducer({.bootstrap_servers = ""}), RiffleError);
}

}  // namespace
}  // namespace riffle::kafka
