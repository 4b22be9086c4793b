#include "tests/unit/kafka/kafka_test_util.h"

#include <atomic>
#include <chrono>
#include <memory>

namespace riffle::kafka::testing {

namespace {

class SharedBrokerEnvironment : public ::testing::Environment {
 public:
  EmbeddedBroker& Get() {
    if (broker_ == nullptr) {
      broker_ = std::make_unique<EmbeddedBroker>();
      broker_->Start();
    }
    return *broker_;
  }
  // Stops the broker while main() still runs, not during static destruction.
  void TearDown() override { broker_.reset(); }

 private:
  std::unique_ptr<EmbeddedBroker> broker_;
};

// gtest owns registered environments; this pointer only borrows it.
SharedBrokerEnvironment* const environment = static_cast<SharedBrokerEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new SharedBrokerEnvironment()));  // NOLINT: gtest owns it.

}  // namespace

EmbeddedBroker& SharedBroker() { return environment->Get(); }

std::string KafkaTest::NewTopic(const std::string& prefix, int partitions) {
  static std::atomic<int> counter{0};
  std::string name = prefix + "-" + std::to_string(counter++);
  SharedBroker().CreateTopic(name, partitions);
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
