// LocalBroker: one process per data directory, its address published and remembered.

#include "connectors/broker/local_broker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"

namespace riffle::broker {
namespace {

class LocalBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("riffle-local-broker-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  LocalBrokerOptions Options() {
    LocalBrokerOptions options;
    options.data_dir = (dir_ / "data").string();
    return options;
  }
  std::filesystem::path dir_;
};

TEST_F(LocalBrokerTest, PublishesItsAddressAndABusyStartLeavesItAlone) {
  std::unique_ptr<LocalBroker> first = LocalBroker::Start(Options());
  const std::string address = first->bootstrap();
  EXPECT_EQ(address.rfind("127.0.0.1:", 0), 0u) << address;
  EXPECT_EQ(LocalBroker::RunningAddress(Options().data_dir), address);
  try {
    LocalBroker::Start(Options());
    FAIL() << "a second broker on the same directory must be refused";
  } catch (const BrokerBusy& busy) {
    EXPECT_EQ(busy.address(), address);
  }
  // The refused start did not remove the running broker's address on its way out.
  EXPECT_EQ(LocalBroker::RunningAddress(Options().data_dir), address);
  first->Stop();
  EXPECT_EQ(LocalBroker::RunningAddress(Options().data_dir), "");
}

TEST_F(LocalBrokerTest, ComesBackOnTheSamePortAndDirectoryIsPrivate) {
  std::string address;
  {
    std::unique_ptr<LocalBroker> broker = LocalBroker::Start(Options());
    address = broker->bootstrap();
  }
  std::unique_ptr<LocalBroker> again = LocalBroker::Start(Options());
  EXPECT_EQ(again->bootstrap(), address);
  auto perms = std::filesystem::status(Options().data_dir).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_all);
  EXPECT_NE(again->Summary().find("0 topics, 0 records, 0 B"), std::string::npos)
      << again->Summary();
}

TEST_F(LocalBrokerTest, CreatesMissingParentDirectories) {
  LocalBrokerOptions options = Options();
  options.data_dir = (dir_ / "a" / "b" / "c.kafka").string();
  std::unique_ptr<LocalBroker> broker = LocalBroker::Start(options);
  EXPECT_TRUE(std::filesystem::is_directory(options.data_dir));
}

TEST(LocalBrokerNames, DefaultDirectoryAndListenAddress) {
  EXPECT_EQ(DefaultBrokerDir("/home/u/.riffle/catalog.db"), "/home/u/.riffle/catalog.kafka");
  EXPECT_EQ(DefaultBrokerDir("demo"), "demo.kafka");
  EXPECT_EQ(DefaultBrokerDir("/x.y/cat"), "/x.y/cat.kafka");
  std::string host;
  int port = 0;
  EXPECT_TRUE(ParseListenAddress("0.0.0.0:9092", &host, &port));
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 9092);
  EXPECT_TRUE(ParseListenAddress("localhost:0", &host, &port));
  EXPECT_EQ(host, "127.0.0.1");
  for (const char* bad : {"9092", ":9092", "h:", "h:70000", "h:9x", "h:1234567"}) {
    EXPECT_FALSE(ParseListenAddress(bad, &host, &port)) << bad;
  }
  EXPECT_EQ(HumanBytes(999), "999 B");
  EXPECT_EQ(HumanBytes(2100000), "2.1 MB");
}

}  // namespace
}  // namespace riffle::broker
