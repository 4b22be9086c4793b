#pragma once
// Shared setup for Kafka tests: one riffle local broker (connectors/broker) for the whole test
// binary, its data in a temporary directory removed at the end, and helpers to read a topic to
// its end without sleeping.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/broker/local_broker.h"
#include "connectors/kafka/kafka_record.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::kafka::testing {

// The broker shared by every KafkaTest; started on first use, stopped after the last test.
broker::LocalBroker& SharedBroker();

class KafkaTest : public ::testing::Test {
 protected:
  static const std::string& bootstraps() { return SharedBroker().bootstrap(); }

  // Creates a topic whose name no other test uses.
  static std::string NewTopic(const std::string& prefix, int partitions);

  // Polls until the source is caught up with the broker (bounded, so a bug fails the test
  // instead of hanging the run).
  static std::vector<KafkaRecord> ReadToEnd(KafkaSource& source);
};

}  // namespace riffle::kafka::testing
