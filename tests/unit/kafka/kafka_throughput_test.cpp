// Throughput of the wrappers on the embedded broker: 1M records of 100 bytes. Disabled by
// default (it measures, it does not assert on time); run with
//   unit_kafka --gtest_also_run_disabled_tests --gtest_filter='*Throughput*'

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/message_batch.h"
#include "tests/unit/kafka/kafka_test_util.h"

namespace riffle::kafka {
namespace {

class KafkaThroughputTest : public testing::KafkaTest {};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(KafkaThroughputTest, DISABLED_OneMillionHundredByteRecords) {
  constexpr int kRecords = 1000000;
  // The mock keeps ~5 MiB per partition: 32 partitions hold all ~110 MB, so nothing is dropped
  // before the consumer reads it.
  constexpr int kPartitions = 32;
  const std::string topic = NewTopic("throughput", kPartitions);
  const std::string value(100, 'x');

  KafkaProducer producer({.bootstrap_servers = bootstraps()});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRecords; ++i) producer.Produce(topic, i % kPartitions, std::nullopt, value);
  ASSERT_TRUE(producer.Flush(60000)) << producer.last_error();
  const double produce_s = SecondsSince(start);
  std::printf("produce: %d records in %.2f s = %.0f records/s\n", kRecords, produce_s,
              kRecords / produce_s);

  KafkaAdmin admin({.bootstrap_servers = bootstraps()});
  int64_t stored = 0;
  for (const PartitionWatermarks& m : admin.GetWatermarks(topic)) stored += m.high - m.low;
  std::printf("stored by the broker: %lld of %d\n", static_cast<long long>(stored), kRecords);

  KafkaSourceOptions options;
  options.bootstrap_servers = bootstraps();
  options.topic = topic;
  KafkaSource source(options);
  MessageBatch batch;
  int64_t consumed = 0;
  int64_t bytes = 0;
  start = std::chrono::steady_clock::now();
  while (consumed < stored && SecondsSince(start) < 60) {
    source.PollBatch(batch, 4096, 100);
    for (size_t i = 0; i < batch.size(); ++i)
      bytes += static_cast<int64_t>(batch[i].value().size());
    consumed += static_cast<int64_t>(batch.size());
  }
  batch.Clear();
  const double consume_s = SecondsSince(start);
  std::printf("consume: %lld records (%lld value bytes) in %.2f s = %.0f records/s\n",
              static_cast<long long>(consumed), static_cast<long long>(bytes), consume_s,
              consumed / consume_s);
  EXPECT_EQ(consumed, stored);
  EXPECT_TRUE(source.AtEnd());
}

}  // namespace
}  // namespace riffle::kafka
