#pragma once
// The network side of riffle's broker: a TCP listener and one event-loop thread that reads Kafka
// request frames, dispatches them to the handlers of api.h and writes the responses.
//
// Limits: a frame larger than max_frame_bytes, a negative size, a header that does not parse or
// an API/version this broker does not serve (other than ApiVersions, which is answered with
// UNSUPPORTED_VERSION and the versions it does serve, as the protocol asks) closes that one
// connection. Connections beyond max_connections are accepted and closed at once. A connection
// has one request in flight; while it is parked (a Fetch waiting for data) its later requests
// wait in its buffer, and while its unsent responses exceed max_pending_output_bytes it is not
// read from. Nothing a client sends can stop the loop: every handler exception closes only the
// connection whose request raised it.
//
// Threading: Start spawns the loop thread; everything handlers touch (the LogStore and the
// GroupCoordinator) is used by that thread only until Stop returns. Stop and the destructor may
// be called from any other thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "connectors/broker/api.h"

namespace riffle::broker {

struct BrokerServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                                    // 0: the kernel picks one.
  int32_t max_frame_bytes = 100 << 20;             // As Kafka's socket.request.max.bytes.
  int max_connections = 1000;
  size_t max_pending_output_bytes = 64 << 20;
  // Called on the loop thread about every tick_interval_ms (group session expiry, fsync,
  // retention); returns true when it changed state that parked requests may wait for.
  int64_t tick_interval_ms = 100;
  std::function<bool(int64_t now_ms)> on_tick;
  // Receives one line per notable event (a closed connection and why). May be empty.
  std::function<void(const std::string&)> log;
};

class BrokerServer {
 public:
  // Binds and listens; does not start the loop yet. Throws RiffleError(kConnector) when the
  // address cannot be bound (the message names it and the reason).
  BrokerServer(const BrokerServerOptions& options, LogStore& log, GroupCoordinator& groups,
               BrokerIdentity identity);
  ~BrokerServer();
  BrokerServer(const BrokerServer&) = delete;
  BrokerServer& operator=(const BrokerServer&) = delete;

  // The bound port (the kernel's choice when options.port was 0).
  int port() const { return identity_.port; }
  const BrokerIdentity& identity() const { return identity_; }

  // Replaces options.on_tick. REQUIRES: not started.
  void SetTick(std::function<bool(int64_t now_ms)> on_tick) { options_.on_tick = std::move(on_tick); }

  // Starts the loop thread. REQUIRES: not started.
  void Start();
  // Stops the loop and closes every connection; returns when the thread has ended. The log and
  // groups are not closed here (their owner does that). Idempotent.
  void Stop();

  // Counters for tests and SHOW: connections ever accepted, and closed for a protocol error.
  int64_t connections_accepted() const { return accepted_.load(); }
  int64_t connections_rejected() const { return rejected_.load(); }

 private:
  class Loop;
  BrokerServerOptions options_;
  LogStore& log_;
  GroupCoordinator& groups_;
  BrokerIdentity identity_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> accepted_{0};
  std::atomic<int64_t> rejected_{0};
};

}  // namespace riffle::broker
