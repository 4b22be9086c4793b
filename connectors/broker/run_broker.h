#pragma once
// `riffle broker`: riffle's local Kafka broker on its own, until SIGINT or SIGTERM.
//
// Other riffle processes on the same catalog attach to it; any Kafka client can use it with the
// address it prints (or writes to --address-file).

#include <ostream>
#include <string>

namespace riffle::broker {

struct RunBrokerOptions {
  std::string data_dir;      // The broker's data directory.
  std::string listen;        // "HOST:PORT"; empty: 127.0.0.1 on the port it had last time.
  std::string address_file;  // Also write "HOST:PORT\n" here; empty: don't.
};

// Starts the broker, prints "riffle broker listening on ADDR, data in DIR: ..." to `out`, writes
// the address file (atomically, via rename), then blocks until SIGINT or SIGTERM arrives, stops
// the broker cleanly, removes the address file and returns 0. Returns 1 (after printing why to
// `out`) when the broker cannot start (another process owns DIR: it names that broker's address)
// or the file cannot be written. REQUIRES: called before the process starts other threads, so
// that every thread inherits the blocked SIGINT/SIGTERM and the signal reaches sigwait.
int RunBroker(const RunBrokerOptions& options, std::ostream& out);

}  // namespace riffle::broker
