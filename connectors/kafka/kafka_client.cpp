#include "connectors/kafka/kafka_client.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/common/error.h"
#include "core/common/secrets.h"

namespace riffle::kafka {

void ThrowKafka(const std::string& message) { throw RiffleError(ErrorKind::kConnector, message); }

void ClientDiagnostics::RecordError(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  last_error_ = message;
  error_count_.fetch_add(1, std::memory_order_relaxed);
}

void ClientDiagnostics::RecordClientError(int err, const std::string& message, int64_t now_ms) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__RESOLVE: {
      {
        std::lock_guard<std::mutex> lock(mu_);
        connection_error_ = message;
      }
      // During an outage, the latest attempt says best why it lasts.
      if (!reachability_.reachable()) reachability_.Lost(message, now_ms);
      RecordError(message);
      return;
    }
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN: {
      std::string why;
      {
        std::lock_guard<std::mutex> lock(mu_);
        why = connection_error_;
      }
      reachability_.Lost(why.empty() ? message : why, now_ms);
      // "1/1 brokers are down" follows the error that explains it (connection refused, name
      // not resolved); keep the explanation.
      if (last_error().empty()) RecordError(message);
      return;
    }
    default:
      RecordError(message);
  }
}

bool ClientDiagnostics::ProbeDue(int64_t now_ms) {
  if (reachability_.reachable()) return false;
  if (now_ms - last_probe_ms_.load(std::memory_order_relaxed) < kProbeIntervalMs) return false;
  last_probe_ms_.store(now_ms, std::memory_order_relaxed);
  return true;
}

std::string ClientDiagnostics::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

namespace {

bool LogToStderr() {
  const char* env = std::getenv("RIFFLE_KAFKA_LOG");
  return env != nullptr && std::strcmp(env, "0") != 0 && env[0] != '\0';
}

// librdkafka calls this from its own threads. Log lines are dropped unless debugging is asked
// for: everything a user must see arrives through the error callback or delivery reports.
void OnLog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* line) {
  static const bool enabled = LogToStderr();
  if (enabled) std::fprintf(stderr, "rdkafka %d %s: %s\n", level, facility, line);
}

void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* diagnostics = static_cast<ClientDiagnostics*>(opaque);
  if (diagnostics == nullptr) return;
  std::string message = reason != nullptr && reason[0] != '\0'
                            ? reason
                            : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
  if (rd_kafka_fatal_error(rk, nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    message = "fatal: " + message;
  }
  diagnostics->RecordClientError(err, message, WallClockMs());
}

}  // namespace

void ProbeWhileUnreachable(rd_kafka_t* rk, ClientDiagnostics& diagnostics) {
  if (!diagnostics.ProbeDue(WallClockMs())) return;
  // Only the brokers and the topics the client already knows: a small request.
  const rd_kafka_metadata_t* metadata = nullptr;
  if (rd_kafka_metadata(rk, 0, nullptr, &metadata, ClientDiagnostics::kProbeWaitMs) ==
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_metadata_destroy(metadata);
    diagnostics.reachability().Regained();
  }
}

void SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
    // librdkafka quotes the value it rejects ("Invalid value "..." for configuration property").
    std::string why = IsSecretProperty(key) ? MaskSecretValue(err, value) : std::string(err);
    ThrowKafka("invalid Kafka client property '" + key + "': " + why);
  }
}

RdConfPtr MakeClientConf(const std::string& bootstrap_servers, const KafkaConfig& extra,
                         ClientDiagnostics* diagnostics) {
  RdConfPtr conf(rd_kafka_conf_new());
  if (!bootstrap_servers.empty()) SetConf(conf.get(), "bootstrap.servers", bootstrap_servers);
  rd_kafka_conf_set_log_cb(conf.get(), OnLog);
  rd_kafka_conf_set_error_cb(conf.get(), OnError);
  rd_kafka_conf_set_opaque(conf.get(), diagnostics);
  // Unless the user chose the backoff: its maximum may not be below its start.
  if (!extra.count("reconnect.backoff.ms")) {
    SetConf(conf.get(), "reconnect.backoff.max.ms", "1000");
  }
  for (const auto& [key, value] : extra) SetConf(conf.get(), key, value);
  return conf;
}

RdKafkaPtr NewClient(rd_kafka_type_t type, RdConfPtr conf) {
  char err[512];
  // rd_kafka_new takes ownership of the configuration only on success.
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof(err));
  if (rk == nullptr) ThrowKafka(std::string("cannot create Kafka client: ") + err);
  conf.release();
  return RdKafkaPtr(rk);
}

}  // namespace riffle::kafka
