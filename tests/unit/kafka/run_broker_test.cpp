#include "connectors/broker/run_broker.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::kafka {
namespace {

// Waits for the broker thread to publish its address (the event we wait for, not a fixed delay).
std::string WaitForAddress(const std::filesystem::path& file) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(file);
    std::string address;
    if (in && std::getline(in, address) && !address.empty()) return address;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return "";
}

TEST(RunBrokerTest, ServesOtherClientsUntilSigterm) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("riffle-broker-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "broker.address";

  std::ostringstream out;
  int rc = -1;
  std::thread broker(
      [&] { rc = broker::RunBroker({(dir / "data").string(), "127.0.0.1:0", file.string()}, out); });
  // Stops the broker thread even when an assertion below returns early.
  struct Stopper {
    std::thread& thread;
    ~Stopper() {
      if (thread.joinable()) {
        pthread_kill(thread.native_handle(), SIGTERM);
        thread.join();
      }
    }
  } stopper{broker};
  const std::string address = WaitForAddress(file);
  ASSERT_FALSE(address.empty());
  EXPECT_EQ(address.rfind("127.0.0.1:", 0), 0u) << address;

  {
    // A client that only knows the address, as another process would.
    KafkaAdmin admin({.bootstrap_servers = address});
    EXPECT_TRUE(admin.CreateTopic("shared", 3));  // Any count, from any process.
    KafkaProducer producer({.bootstrap_servers = address});
    producer.Produce("shared", -1, "k", "v");
    ASSERT_TRUE(producer.Flush(5000)) << producer.last_error();
    KafkaSourceOptions options;
    options.bootstrap_servers = address;
    options.topic = "shared";
    KafkaSource source(options);
    EXPECT_FALSE(source.AtEnd());
  }

  // Directed at the broker thread, where SIGTERM is blocked, so sigwait receives it.
  ASSERT_EQ(pthread_kill(broker.native_handle(), SIGTERM), 0);
  broker.join();
  EXPECT_EQ(rc, 0);
  EXPECT_FALSE(std::filesystem::exists(file));
  const std::string printed = out.str();
  EXPECT_NE(printed.find("riffle broker listening on " + address + ", data in " +
                         (dir / "data").string() + ": 0 topics, 0 records"),
            std::string::npos)
      << printed;
  // The data stays: the topic is still there for the next broker on this directory.
  EXPECT_TRUE(std::filesystem::exists(dir / "data" / "topics" / "shared"));
  EXPECT_NE(printed.find("stopped"), std::string::npos) << printed;
  std::filesystem::remove_all(dir);
}

TEST(RunBrokerTest, UnwritableAddressFileIsAnError) {
  std::ostringstream out;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("riffle-broker-test2-" + std::to_string(getpid()));
  EXPECT_EQ(broker::RunBroker({dir.string(), "127.0.0.1:0", "/nonexistent-dir/riffle/broker.address"},
                              out),
            1);
  std::filesystem::remove_all(dir);
  EXPECT_NE(out.str().find("cannot write the broker address"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace riffle::kafka
