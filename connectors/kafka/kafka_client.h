#pragma once
// Shared setup for every librdkafka client riffle creates (producer, source, admin): building a
// checked configuration, routing librdkafka's log and error callbacks into a per-client
// diagnostics object instead of stderr (stray output would garble the shell), and creating the
// rd_kafka_t handle.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "connectors/kafka/rdkafka_handles.h"
#include "core/common/reachability.h"

namespace riffle::kafka {

// Extra librdkafka properties (security settings for real clusters, tuning), applied last so they
// override riffle's defaults.
using KafkaConfig = std::map<std::string, std::string>;

// Throws RiffleError(kConnector) with `message`.
[[noreturn]] void ThrowKafka(const std::string& message);

// Errors and log lines reported by librdkafka's background threads for one client, and whether
// the client can reach its cluster. Thread-safe. Its address is the client's opaque, so it must
// outlive the rd_kafka_t it is attached to.
class ClientDiagnostics {
 public:
  // How often, and how long, ProbeWhileUnreachable asks an unreachable cluster for metadata.
  static constexpr int64_t kProbeIntervalMs = 1000;
  static constexpr int kProbeWaitMs = 100;

  // Records an error reported asynchronously (error_cb, failed delivery, fetch error).
  void RecordError(const std::string& message);
  // Records an error from librdkafka's error callback, code `err` (rd_kafka_resp_err_t), at
  // `now_ms`. A connection error (__TRANSPORT, __RESOLVE) is kept as the explanation of an
  // outage; "all brokers are down" (__ALL_BROKERS_DOWN) starts one, with that explanation (it
  // does not replace it as last_error either). Other errors are recorded as by RecordError.
  void RecordClientError(int err, const std::string& message, int64_t now_ms);
  // The most recent error, or "" when none has happened.
  std::string last_error() const;
  int64_t error_count() const { return error_count_.load(std::memory_order_relaxed); }

  // Whether the cluster can be reached (see core/common/reachability.h). Clients call
  // reachability().Regained() after every exchange that succeeded.
  Reachability& reachability() { return reachability_; }
  const Reachability& reachability() const { return reachability_; }
  // True when the cluster is unreachable and no probe was made in the last kProbeIntervalMs;
  // then notes `now_ms` as the time of the probe about to be made.
  bool ProbeDue(int64_t now_ms);

 private:
  mutable std::mutex mu_;
  std::string last_error_;          // guarded by mu_
  std::string connection_error_;    // guarded by mu_: the latest __TRANSPORT/__RESOLVE error
  std::atomic<int64_t> error_count_{0};
  std::atomic<int64_t> last_probe_ms_{0};
  Reachability reachability_;
};

// Returns a configuration with bootstrap.servers, quiet logging, error callbacks bound to
// `diagnostics` and reconnection attempts at least every second (reconnect.backoff.max.ms 1000,
// librdkafka's default is 10 s: a job would notice a restarted broker up to 10 s late), then
// every entry of `extra`. Throws RiffleError(kConnector) naming the property
// when librdkafka rejects a key or value. Setting the environment variable RIFFLE_KAFKA_LOG=1
// makes librdkafka's log lines go to stderr again, for debugging.
RdConfPtr MakeClientConf(const std::string& bootstrap_servers, const KafkaConfig& extra,
                         ClientDiagnostics* diagnostics);

// While `diagnostics` says the cluster cannot be reached, asks it for metadata (at most once per
// kProbeIntervalMs, waiting up to kProbeWaitMs): an answer ends the outage. An idle client (a
// caught-up source, a producer with nothing to send) learns of a recovery no other way. Call
// from the thread that polls `rk`; returns at once while the cluster is reachable.
void ProbeWhileUnreachable(rd_kafka_t* rk, ClientDiagnostics& diagnostics);

// Sets one property; throws RiffleError(kConnector) when librdkafka rejects it.
void SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value);

// Creates a client of `type` from `conf` (ownership passes to the handle). Throws
// RiffleError(kConnector) with librdkafka's reason on failure.
RdKafkaPtr NewClient(rd_kafka_type_t type, RdConfPtr conf);

}  // namespace riffle::kafka
