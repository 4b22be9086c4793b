// End-to-end: N JSON records in a topic of the embedded broker, then
//   SELECT a, b FROM s WHERE c > x EMIT CHANGES
// into a counting sink, beside the raw librdkafka consume rate of the same topic in the same run.
// Usage: riffle-bench-e2e-push-query [records=1000000] [partitions=32]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"
#include "core/engine/engine.h"

using namespace riffle;

namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class CountingSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { std::fprintf(stderr, "warning: %s\n", text.c_str()); }
  void Error(const std::string& text) override { std::fprintf(stderr, "%s\n", text.c_str()); }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override { ++rows; }
  void EndRows(const std::string&) override {}
  int64_t rows = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::stoll(argv[1]) : 1000000;
  int partitions = argc > 2 ? std::stoi(argv[2]) : 32;
  std::string catalog = (std::filesystem::temp_directory_path() /
                         ("riffle-bench-" + std::to_string(getpid()) + ".db")).string();
  CountingSink sink;
  EngineOptions options;
  options.catalog_path = catalog;
  auto engine = Engine::Open(options, sink);
  std::string ddl = "CREATE STREAM s (id BIGINT KEY, a STRING, b BIGINT, c DOUBLE, d STRING) "
                    "WITH (KAFKA_TOPIC='bench', PARTITIONS=" + std::to_string(partitions) +
                    ", VALUE_FORMAT='JSON');";
  if (!engine->Execute(ddl, sink, false)) return 1;

  // Produce: ~110-byte records; c is uniform in [0, 100), so c > 50 keeps about half.
  kafka::KafkaProducerOptions po;
  po.bootstrap_servers = engine->bootstrap_servers();
  kafka::KafkaProducer producer(po);
  int64_t expected = 0;
  std::string value;
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    double c = static_cast<double>((i * 7919) % 10000) / 100.0;
    if (c > 50) ++expected;
    value = "{\"A\":\"user-" + std::to_string(i % 5000) + "\",\"B\":" + std::to_string(i) +
            ",\"C\":" + std::to_string(c) + ",\"D\":\"some padding text for realism\"}";
    producer.Produce("bench", static_cast<int32_t>(i % partitions), std::nullopt, value, 0);
  }
  if (!producer.Flush(60000)) return 1;
  double produce_s = Seconds(t0);

  // Raw consume rate of the same topic.
  kafka::KafkaSourceOptions so;
  so.bootstrap_servers = engine->bootstrap_servers();
  so.topic = "bench";
  kafka::KafkaSource source(so);
  kafka::MessageBatch batch;
  int64_t consumed = 0;
  t0 = std::chrono::steady_clock::now();
  // AtEnd() asks the broker, so it is only consulted when a poll comes back empty.
  while (true) {
    size_t got = source.PollBatch(batch, 2000, 100);
    batch.Clear();
    consumed += static_cast<int64_t>(got);
    if (consumed >= n || (got == 0 && source.AtEnd())) break;
  }
  double consume_s = Seconds(t0);
  int64_t skipped = source.skipped_offsets();

  // The query, into the counting sink.
  std::string query = "SET 'auto.offset.reset'='earliest'; SELECT a, b FROM s WHERE c > 50 "
                      "EMIT CHANGES LIMIT " + std::to_string(expected) + ";";
  t0 = std::chrono::steady_clock::now();
  bool ok = engine->Execute(query, sink, false);
  double query_s = Seconds(t0);

  std::printf("records produced      %lld (stored %lld, dropped by retention %lld)\n",
              static_cast<long long>(n), static_cast<long long>(consumed),
              static_cast<long long>(skipped));
  std::printf("produce               %.0f records/s\n", n / produce_s);
  std::printf("raw librdkafka consume %.0f records/s\n", consumed / consume_s);
  std::printf("push query            %.0f records/s (%lld rows out of %lld expected, %s)\n",
              consumed / query_s, static_cast<long long>(sink.rows),
              static_cast<long long>(expected), ok ? "ok" : "FAILED");
  engine.reset();
  std::filesystem::remove(catalog);
  return ok && sink.rows == expected ? 0 : 1;
}
