// A windowed sink places each record by its key without the window, as Kafka Streams'
// WindowedStreamPartitioner (and so ksqlDB) does: every window of a key lands in one partition.

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "connectors/broker/local_broker.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_record_sink.h"
#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/murmur2.h"
#include "core/exec/sink_writer.h"

namespace riffle {
namespace {

constexpr int kPartitions = 4;

class SinkWriterPartitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("riffle-sink-partition-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    broker::LocalBrokerOptions options;
    options.data_dir = dir_.string();
    options.port = 0;
    broker_ = broker::LocalBroker::Start(options);
  }
  void TearDown() override {
    broker_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A (K STRING KEY, V INT) layout in KAFKA key and JSON value formats.
  static SourceLayout Layout() {
    SourceLayout layout;
    ColumnDef k, v;
    k.name = "K";
    k.type = Type::String();
    k.role = ColumnRole::kKey;
    v.name = "V";
    v.type = Type::Int();
    layout.schema.Add(k);
    layout.schema.Add(v);
    layout.key_format.name = "KAFKA";
    layout.key_format.is_key = true;
    layout.value_format.name = "JSON";
    layout.key_fields = {{.name = "K", .type = Type::String(), .index = 0}};
    layout.value_fields = {{.name = "V", .type = Type::Int(), .index = 1}};
    return layout;
  }

  // Rows of key `k` in `windows` consecutive 1 s windows: K, V, WINDOWSTART, WINDOWEND.
  static void AddWindows(Batch& batch, const std::string& k, int windows) {
    for (int w = 0; w < windows; ++w) {
      batch.AddRowMeta(RowKind::kInsert, 1000 * w + 1, 0, w);
      batch.columns[0].push_back(Value::String(k));
      batch.columns[1].push_back(Value::Int(w));
      batch.columns[2].push_back(Value::Int(1000 * w));
      batch.columns[3].push_back(Value::Int(1000 * w + 1000));
    }
  }

  // key bytes without the window -> partitions its records were read from.
  std::map<std::string, std::set<int32_t>> WrittenPartitions(const std::string& topic,
                                                             size_t window_bytes) {
    kafka::KafkaSourceOptions options;
    options.bootstrap_servers = broker_->bootstrap();
    options.topic = topic;
    options.stop_at_end = true;
    kafka::KafkaSource source(options);
    std::map<std::string, std::set<int32_t>> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!source.AtEnd() && std::chrono::steady_clock::now() < deadline) {
      for (const kafka::KafkaRecord& r : source.Poll(1000, 100)) {
        EXPECT_TRUE(r.key.has_value());
        if (!r.key || r.key->size() < window_bytes) continue;
        out[r.key->substr(0, r.key->size() - window_bytes)].insert(r.partition);
      }
    }
    EXPECT_TRUE(source.AtEnd()) << "topic not read to its end within 10 s";
    return out;
  }

  void WriteWindowed(const std::string& topic, bool session) {
    kafka::KafkaAdmin admin({.bootstrap_servers = broker_->bootstrap()});
    admin.CreateTopic(topic, kPartitions);
    kafka::KafkaProducer producer({.bootstrap_servers = broker_->bootstrap()});
    SinkWriter sink(Layout(), topic, std::make_unique<KafkaRecordSink>(topic, &producer), "test-job",
                    nullptr);
    sink.set_window(session, 2, 3);
    Batch batch;
    batch.Reset(4);
    for (const char* k : {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}) {
      AddWindows(batch, k, 8);
    }
    JobMetrics metrics;
    sink.Write(batch, metrics);
    sink.Flush();
    EXPECT_EQ(metrics.records_out.load(), 6 * 8);
  }

  std::filesystem::path dir_;
  std::unique_ptr<broker::LocalBroker> broker_;
};

TEST_F(SinkWriterPartitionTest, EveryTimeWindowOfAKeyLandsInThePartitionOfTheBareKey) {
  WriteWindowed("tumbling", /*session=*/false);
  auto written = WrittenPartitions("tumbling", 8);
  ASSERT_EQ(written.size(), 6U);
  std::set<int32_t> used;
  for (const auto& [key, partitions] : written) {
    EXPECT_EQ(partitions, std::set<int32_t>{kafka::PartitionForKey(key, kPartitions)}) << key;
    used.insert(partitions.begin(), partitions.end());
  }
  // The keys are spread, not all sent to one partition.
  EXPECT_GT(used.size(), 1U);
}

TEST_F(SinkWriterPartitionTest, EverySessionOfAKeyLandsInThePartitionOfTheBareKey) {
  WriteWindowed("sessions", /*session=*/true);
  auto written = WrittenPartitions("sessions", 16);
  ASSERT_EQ(written.size(), 6U);
  for (const auto& [key, partitions] : written) {
    EXPECT_EQ(partitions, std::set<int32_t>{kafka::PartitionForKey(key, kPartitions)}) << key;
  }
}

}  // namespace
}  // namespace riffle
