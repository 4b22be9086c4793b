#pragma once
// riffle's local Kafka broker: the on-disk log (log/), consumer groups (groups/) and the network
// server, started together for one data directory. This is what riffle runs when no cluster is
// configured: `riffle` starts one next to its catalog, `riffle broker` runs only this.
//
// A data directory belongs to one process at a time: Start takes an exclusive lock on
// DIR/broker.lock and fails with BrokerBusy when another live process holds it. While running,
// DIR/broker.address holds "HOST:PORT" of the listener, so other processes can connect (attach)
// instead of starting their own; it is removed on Stop. The port is remembered in
// DIR/broker.port, and a later Start without an explicit port asks for the same one first, so a
// restarted broker comes back on its address (clients reconnect by themselves).
//
// Threading: Start and Stop from one thread; bootstrap(), data_dir() and Summary() from any.

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

class BrokerServer;

struct LocalBrokerOptions {
  std::string data_dir;               // Created 0700 when missing.
  std::string host = "127.0.0.1";
  int port = -1;                      // -1: the port used last time when free, else any.
  int64_t flush_interval_ms = 1000;   // fsync of segments and group offsets.
  LogStoreOptions log_options = {};
  // One line per notable event (recovery truncations, closed connections). May be empty.
  std::function<void(const std::string&)> log;
};

// Another live process holds the data directory. `address` is where its broker listens ("" when
// it has not written it yet).
class BrokerBusy : public std::runtime_error {
 public:
  BrokerBusy(const std::string& message, std::string address)
      : std::runtime_error(message), address_(std::move(address)) {}
  const std::string& address() const { return address_; }

 private:
  std::string address_;
};

class LocalBroker {
 public:
  // Opens (recovering) the data directory, binds and starts serving. Throws BrokerBusy (see
  // above) or RiffleError(kConnector) when the directory or the address cannot be used.
  static std::unique_ptr<LocalBroker> Start(const LocalBrokerOptions& options);
  ~LocalBroker();
  LocalBroker(const LocalBroker&) = delete;
  LocalBroker& operator=(const LocalBroker&) = delete;

  // "HOST:PORT".
  const std::string& bootstrap() const { return bootstrap_; }
  const std::string& data_dir() const { return data_dir_; }
  // What recovery found at Start.
  const RecoveryReport& recovery() const { return recovery_; }
  // "data in DIR: 3 topics, 1,234 records, 2.1 MB" as of Start.
  std::string Summary() const;

  // Stops serving, fsyncs and closes the log cleanly, removes broker.address, releases the lock.
  // Idempotent.
  void Stop();

  // The address a running broker of `data_dir` published, or "" when none runs there. Does not
  // take the lock.
  static std::string RunningAddress(const std::string& data_dir);

 private:
  struct State;
  LocalBroker() = default;
  std::unique_ptr<State> state_;
  std::string bootstrap_;
  std::string data_dir_;
  RecoveryReport recovery_;
};

// A broker to use for a data directory: this process's own (`owned`, started) or, when another
// process owns the directory, that one's (`owned` null).
struct LocalBrokerConnection {
  std::unique_ptr<LocalBroker> owned;
  std::string bootstrap;  // "HOST:PORT"
};

// Starts the directory's broker, or attaches to the one another process runs there. That process
// publishes its address right after it listens, so a process still starting is waited for (up
// to 5 s). Throws RiffleError(kConnector) when the directory cannot be used or the owner never
// says where it listens.
LocalBrokerConnection StartOrAttach(const LocalBrokerOptions& options);

// The default data directory for a catalog: beside it, named after it ("~/.riffle/catalog.db"
// gives "~/.riffle/catalog.kafka").
std::string DefaultBrokerDir(const std::string& catalog_path);

// Splits "HOST:PORT" (an IPv4 address, or "localhost", and a port 0-65535). False when malformed.
bool ParseListenAddress(const std::string& text, std::string* host, int* port);

// Formats a byte count as "2.1 MB" (decimal units, one decimal from KB up).
std::string HumanBytes(int64_t bytes);

}  // namespace riffle::broker
