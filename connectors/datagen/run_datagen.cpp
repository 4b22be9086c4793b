#include "connectors/datagen/run_datagen.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <random>

#include "connectors/datagen/datagen_record_source.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "core/common/error.h"

namespace riffle::datagen {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

}  // namespace

int RunDatagen(const RunDatagenOptions& options, std::ostream& out, std::ostream& err) {
  const GeneratorSpec* spec = FindGenerator(options.generator);
  if (spec == nullptr) {
    std::string names;
    for (const auto& g : Generators()) names += (names.empty() ? "" : ", ") + g.name;
    err << "riffle datagen: unknown generator '" << options.generator << "' (one of " << names
        << ")\n";
    return 1;
  }
  if (options.bootstrap_servers.empty()) {
    err << "riffle datagen: needs a Kafka cluster: --bootstrap-server H:P (or "
           "$RIFFLE_BOOTSTRAP_SERVERS; `riffle broker` runs one)\n";
    return 1;
  }
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  int64_t produced = 0;
  try {
    kafka::KafkaAdmin admin({.bootstrap_servers = options.bootstrap_servers});
    if (!admin.PartitionCount(options.topic)) {
      try {
        admin.CreateTopic(options.topic, 1);
      } catch (const RiffleError& e) {
        // A broker in another process auto-creates topics with its own partition count: fine
        // for generated data, as long as the topic now exists.
        if (!admin.PartitionCount(options.topic)) throw;
      }
    }
    kafka::KafkaProducer producer({.bootstrap_servers = options.bootstrap_servers});
    DatagenSourceOptions source_options;
    source_options.generator = spec->name;
    source_options.rate = options.rate;
    source_options.count = options.count;
    source_options.gen.rate = options.rate;
    source_options.gen.seed =
        options.seed >= 0 ? options.seed : static_cast<int64_t>(std::random_device{}() >> 1);
    source_options.gen.start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
    DatagenRecordSource source(source_options);
    std::vector<RawRecord> records;
    while (!g_stop.load() && !(options.count >= 0 && produced >= options.count)) {
      source.Poll(records, 1000, 100);
      for (const RawRecord& r : records) {
        producer.Produce(options.topic, -1, std::nullopt, r.value, r.timestamp);
      }
      produced += static_cast<int64_t>(records.size());
      // With a rate, deliver as we go so readers see records promptly.
      if (options.rate > 0 && !records.empty() && !producer.Flush(30000)) break;
    }
    if (!producer.Flush(30000)) {
      err << "riffle datagen: delivery to topic '" << options.topic
          << "' failed: " << producer.last_error() << "\n";
      return 1;
    }
  } catch (const RiffleError& e) {
    err << "riffle datagen: " << e.message() << "\n";
    return 1;
  }
  out << "produced " << produced << " record(s) to topic " << options.topic << "\n";
  return 0;
}

}  // namespace riffle::datagen
