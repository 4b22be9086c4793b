#include "tests/unit/kafka/kafka_test_util.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "connectors/kafka/kafka_admin.h"

namespace riffle::kafka::testing {

namespace {

class SharedBrokerEnvironment : public ::testing::Environment {
 public:
  broker::LocalBroker& Get() {
    if (broker_ == nullptr) {
      dir_ = std::filesystem::temp_directory_path() /
             ("riffle-kafka-test-" + std::to_string(getpid()));
      std::filesystem::remove_all(dir_);
      broker::LocalBrokerOptions options;
      options.data_dir = dir_.string();
      options.port = 0;
      broker_ = broker::LocalBroker::Start(options);
    }
    return *broker_;
  }
  // Stops the broker while main() still runs, not during static destruction.
  void TearDown() override {
    broker_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<broker::LocalBroker> broker_;
};

// gtest owns registered environments; this pointer only borrows it.
SharedBrokerEnvironment* const environment = static_cast<SharedBrokerEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new SharedBrokerEnvironment()));  // NOLINT: gtest owns it.

}  // namespace

broker::LocalBroker& SharedBroker() { return environment->Get(); }

std::string KafkaTest::NewTopic(const std::string& prefix, int partitions) {
  static std::atomic<int> counter{0};
  std::string name = prefix + "-" + std::to_string(counter++);
  KafkaAdmin admin({.bootstrap_servers = SharedBroker().bootstrap()});
  admin.CreateTopic(name, partitions);
  return name;
}

std::vector<KafkaRecord> KafkaTest::ReadToEnd(KafkaSource& source) {
  std::vector<KafkaRecord> all;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!source.AtEnd()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "source did not reach the end within 10 s";
      break;
    }
    for (KafkaRecord& r : source.Poll(1000, 100)) all.push_back(std::move(r));
  }
  return all;
}

}  // namespace riffle::kafka::testing
