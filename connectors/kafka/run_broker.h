#pragma once
// `riffle broker [--address-file F]`: an embedded Kafka broker shared by several processes.
//
// Other processes connect with --bootstrap-server <address>. The mock broker has no
// CreateTopics API, so from another process a topic can only come from auto-creation (a produce
// or metadata request for an unknown topic), which always makes 4 partitions;
// KafkaAdmin::CreateTopic does this automatically and says so when another count was asked for.
// Deleting topics is not supported. Everything is in memory and lost when the broker stops.

#include <ostream>
#include <string>

namespace riffle::kafka {

// Starts an embedded broker, prints
//   "riffle embedded Kafka broker (in memory: data is lost when it stops) listening on ADDR"
// to `out`, writes ADDR and a newline to `address_file` (atomically, via rename) unless it is
// empty, then blocks until SIGINT or SIGTERM arrives, stops the broker, removes the address file
// and returns 0. Returns 1 (after printing why to `out`) when the broker cannot start or the
// file cannot be written. REQUIRES: called before the process starts other threads, so that every
// thread inherits the blocked SIGINT/SIGTERM and the signal reaches sigwait.
int RunBroker(const std::string& address_file, std::ostream& out);

}  // namespace riffle::kafka
