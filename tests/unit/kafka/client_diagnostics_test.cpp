// ClientDiagnostics' outage tracking: which librdkafka errors start an outage and what explains
// it, probes while it lasts, and (against a local broker stopped and restarted on its port) that
// an idle source and producer notice both the outage and the recovery by themselves.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "connectors/broker/local_broker.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_client.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::kafka {
namespace {

TEST(ClientDiagnosticsTest, AllBrokersDownStartsAnOutageExplainedByTheConnectionError) {
  ClientDiagnostics d;
  // A connection error alone (e.g. an idle connection the broker closed) is no outage.
  d.RecordClientError(RD_KAFKA_RESP_ERR__TRANSPORT, "Connect failed: Connection refused", 1000);
  EXPECT_TRUE(d.reachability().reachable());
  EXPECT_EQ(d.last_error(), "Connect failed: Connection refused");

  d.RecordClientError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down", 1200);
  ReachabilityStatus s = d.reachability().status();
  EXPECT_FALSE(s.reachable);
  EXPECT_EQ(s.since_ms, 1200);
  EXPECT_EQ(s.error, "Connect failed: Connection refused");
  EXPECT_EQ(d.last_error(), "Connect failed: Connection refused");  // the explanation stays

  // Later attempts update the reason, not the start.
  d.RecordClientError(RD_KAFKA_RESP_ERR__RESOLVE, "Failed to resolve 'kafka:9092'", 4000);
  s = d.reachability().status();
  EXPECT_EQ(s.since_ms, 1200);
  EXPECT_EQ(s.error, "Failed to resolve 'kafka:9092'");

  d.reachability().Regained();
  EXPECT_TRUE(d.reachability().reachable());
  // Other errors never start an outage.
  d.RecordClientError(RD_KAFKA_RESP_ERR__AUTHENTICATION, "SASL authentication failed", 5000);
  EXPECT_TRUE(d.reachability().reachable());
  EXPECT_EQ(d.last_error(), "SASL authentication failed");
}

TEST(ClientDiagnosticsTest, AllBrokersDownWithoutAnExplanationSaysSo) {
  ClientDiagnostics d;
  d.RecordClientError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down", 10);
  EXPECT_EQ(d.reachability().status().error, "1/1 brokers are down");
  EXPECT_EQ(d.last_error(), "1/1 brokers are down");
}

TEST(ClientDiagnosticsTest, ProbesAtMostOnceAnIntervalAndOnlyDuringAnOutage) {
  ClientDiagnostics d;
  EXPECT_FALSE(d.ProbeDue(100'000));
  d.RecordClientError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down", 100'000);
  EXPECT_TRUE(d.ProbeDue(100'000));
  EXPECT_FALSE(d.ProbeDue(100'000 + ClientDiagnostics::kProbeIntervalMs - 1));
  EXPECT_TRUE(d.ProbeDue(100'000 + ClientDiagnostics::kProbeIntervalMs));
  d.reachability().Regained();
  EXPECT_FALSE(d.ProbeDue(200'000));
}

// Polls `poll` until `done` holds, for at most `seconds`.
template <typename Poll, typename Done>
bool PollUntil(Poll poll, Done done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    poll();
    if (done()) return true;
  }
  return false;
}

TEST(ClientDiagnosticsTest, IdleClientsSeeTheirBrokerGoAndComeBack) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("riffle-reachability-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  broker::LocalBrokerOptions options;
  options.data_dir = dir.string();
  options.port = 0;
  auto broker = broker::LocalBroker::Start(options);
  const std::string bootstrap = broker->bootstrap();
  {
    KafkaAdmin admin({.bootstrap_servers = bootstrap});
    admin.CreateTopic("t", 1);
  }
  KafkaSource source({.bootstrap_servers = bootstrap, .topic = "t"});
  KafkaProducer producer({.bootstrap_servers = bootstrap});
  producer.Produce("t", 0, std::nullopt, "before");
  ASSERT_TRUE(producer.Flush(5000));
  ASSERT_TRUE(PollUntil([&] { source.Poll(10, 100); }, [&] { return source.AtEnd(); }, 10));

  const auto stopped_at = std::chrono::steady_clock::now();
  broker.reset();
  EXPECT_TRUE(PollUntil([&] { source.Poll(10, 100); },
                        [&] { return !source.reachability().reachable; }, 10));
  EXPECT_TRUE(PollUntil([&] { producer.Poll(); std::this_thread::sleep_for(std::chrono::milliseconds(50)); },
                        [&] { return !producer.reachability().reachable; }, 10));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped_at).count(),
            10);
  ReachabilityStatus down = source.reachability();
  EXPECT_GT(down.since_ms, 0);
  EXPECT_FALSE(down.error.empty());
  // Probes while it is down find it down: the outage lasts, with the start it had.
  ReachabilityStatus producer_down = producer.reachability();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
  while (std::chrono::steady_clock::now() < until) {
    source.Poll(10, 100);
    producer.Poll();
  }
  EXPECT_EQ(source.reachability().since_ms, down.since_ms);
  EXPECT_EQ(producer.reachability().since_ms, producer_down.since_ms);

  // Back on the same port, with the same data: both notice without a record to carry.
  options.port = std::stoi(bootstrap.substr(bootstrap.rfind(':') + 1));
  broker = broker::LocalBroker::Start(options);
  EXPECT_TRUE(PollUntil([&] { source.Poll(10, 100); },
                        [&] { return source.reachability().reachable; }, 10));
  EXPECT_TRUE(PollUntil([&] { producer.Poll(); std::this_thread::sleep_for(std::chrono::milliseconds(50)); },
                        [&] { return producer.reachability().reachable; }, 10));
  // And they work: a record produced now is read.
  producer.Produce("t", 0, std::nullopt, "after");
  ASSERT_TRUE(producer.Flush(5000));
  std::vector<KafkaRecord> got;
  PollUntil([&] { for (auto& r : source.Poll(10, 100)) got.push_back(std::move(r)); },
            [&] { return !got.empty(); }, 10);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].value, "after");
  broker.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace riffle::kafka
