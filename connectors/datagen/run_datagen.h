#pragma once
// `riffle datagen`: produces a generator's records as JSON values (null keys; every column,
// key columns included, is in the value) into a Kafka topic, with the event time as the record
// timestamp. Creates the topic (1 partition) when it does not exist.

#include <cstdint>
#include <ostream>
#include <string>

namespace riffle::datagen {

struct RunDatagenOptions {
  std::string generator;
  std::string topic;
  std::string bootstrap_servers;
  int64_t rate = 0;    // records per second; 0: as fast as possible
  int64_t count = -1;  // -1: until SIGINT/SIGTERM
  int64_t seed = -1;   // -1: random
};

// Runs until `count` records are delivered or SIGINT/SIGTERM arrives, then flushes and prints
// "produced N record(s) to topic T" to `out`. Returns 0, or 1 after printing why to `err` (unknown
// generator, no bootstrap servers, Kafka unreachable, delivery failed).
int RunDatagen(const RunDatagenOptions& options, std::ostream& out, std::ostream& err);

}  // namespace riffle::datagen
