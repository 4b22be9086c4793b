#pragma once
// Shared setup for Kafka tests: one embedded broker for the whole test binary (stopping a mock
// broker takes ~1 s, so one per test would dominate the run) and helpers to read a topic to its
// end without sleeping.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/kafka/embedded_broker.h"
#include "connectors/kafka/kafka_record.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::kafka::testing {

// The broker shared by every KafkaTest; started on first use, stopped after the last test.
EmbeddedBroker& SharedBroker();

class KafkaTest : public ::testing::Test {
 protected:
  static EmbeddedBroker& broker() { return SharedBroker(); }
  static const std::string& bootstraps() { return SharedBroker().bootstraps(); }

  // Creates a topic whose name no other test uses.
  static std::string NewTopic(const std::string& prefix, int partitions);

  // Polls until the source is caught up with the broker (bounded, so a bug fails the test
  // instead of hanging the run).
  static std::vector<KafkaRecord> ReadToEnd(KafkaSource& source);
};

}  // namespace riffle::kafka::testing
