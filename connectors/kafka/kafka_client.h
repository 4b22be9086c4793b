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

namespace riffle::kafka {

// Extra librdkafka properties (security settings for real clusters, tuning), applied last so they
// override riffle's defaults.
using KafkaConfig = std::map<std::string, std::string>;

// Throws RiffleError(kConnector) with `message`.
[[noreturn]] void ThrowKafka(const std::string& message);

// Errors and log lines reported by librdkafka's background threads for one client. Thread-safe.
// Its address is the client's opaque, so it must outlive the rd_kafka_t it is attached to.
class ClientDiagnostics {
 public:
  // Records an error reported asynchronously (error_cb, failed delivery, fetch error).
  void RecordError(const std::string& message);
  // The most recent error, or "" when none has happened.
  std::string last_error() const;
  int64_t error_count() const { return error_count_.load(std::memory_order_relaxed); }

 private:
  mutable std::mutex mu_;
  std::string last_error_;
  std::atomic<int64_t> error_count_{0};
};

// Returns a configuration with bootstrap.servers, quiet logging and error callbacks bound to
// `diagnostics`, then every entry of `extra`. Throws RiffleError(kConnector) naming the property
// when librdkafka rejects a key or value. Setting the environment variable RIFFLE_KAFKA_LOG=1
// makes librdkafka's log lines go to stderr again, for debugging.
RdConfPtr MakeClientConf(const std::string& bootstrap_servers, const KafkaConfig& extra,
                         ClientDiagnostics* diagnostics);

// Sets one property; throws RiffleError(kConnector) when librdkafka rejects it.
void SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value);

// Creates a client of `type` from `conf` (ownership passes to the handle). Throws
// RiffleError(kConnector) with librdkafka's reason on failure.
RdKafkaPtr NewClient(rd_kafka_type_t type, RdConfPtr conf);

}  // namespace riffle::kafka
