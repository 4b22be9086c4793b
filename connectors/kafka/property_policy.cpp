#include "connectors/kafka/property_policy.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/common/error.h"
#include "core/common/secrets.h"
#include "core/common/text.h"

namespace riffle::kafka {

namespace {

using R = KafkaPropertyRisk;

struct RiskyProperty {
  std::string_view name;
  KafkaPropertyRisk risk;
};

// The properties that do more than talk to brokers, each read in librdkafka's
// src/rdkafka_conf.c (2.0.2 and master at 4c3b017).
constexpr std::array<RiskyProperty, 19> kRisky = {{
    // OpenSSL loads the engine library at this path.
    {"ssl.engine.location", R::kLoadsCode},
    // The engine's name: OpenSSL's dynamic engine loads a path given here as a library.
    {"ssl.engine.id", R::kLoadsCode},
    // OSSL_PROVIDER_load() takes a provider name or the path of a shared library.
    {"ssl.providers", R::kLoadsCode},
    // dlopen() of each library in the list.
    {"plugin.library.paths", R::kLoadsCode},
    // Run by /bin/sh on client creation and every sasl.kerberos.min.time.before.relogin.
    {"sasl.kerberos.kinit.cmd", R::kRunsCommand},
    // The default kinit command is `kinit -R -t "%{sasl.kerberos.keytab}" -k
    // %{sasl.kerberos.principal} || ...`: both values are pasted into a shell command line.
    {"sasl.kerberos.principal", R::kKinitArgument},
    {"sasl.kerberos.keytab", R::kKinitFile},
    // Files read when a client is created.
    {"ssl.key.location", R::kReadsFile},
    {"ssl.certificate.location", R::kReadsFile},
    {"ssl.ca.location", R::kReadsFile},  // a file or a directory; "probe" is a keyword
    {"ssl.crl.location", R::kReadsFile},
    {"ssl.keystore.location", R::kReadsFile},
    {"https.ca.location", R::kReadsFile},  // "probe" too
    {"sasl.oauthbearer.assertion.private.key.file", R::kReadsFile},
    // Read and sent to the token endpoint: a local file's content would leave the machine.
    {"sasl.oauthbearer.assertion.file", R::kReadsFile},
    {"sasl.oauthbearer.assertion.jwt.template.file", R::kReadsFile},
    // The legacy file offset store writes <topic>-<partition>.offset files there.
    {"offset.store.path", R::kWritesFile},
    {"offset.store.method", R::kOffsetStore},
    // Fetched with libcurl, which also reads file:// URLs (OIDC builds only; Debian's 2.0.2 is
    // built without it).
    {"sasl.oauthbearer.token.endpoint.url", R::kFetchesUrl},
}};

// Every other property librdkafka knows, reviewed and found to do nothing but shape how the client
// talks to brokers (tuning, identities, inline credentials and PEMs, debug contexts, callbacks that
// can only be set through the C API: rd_kafka_conf_set refuses a string for those).
// clang-format off
constexpr std::string_view kHarmless[] = {
    "acks", "allow.auto.create.topics", "api.version.fallback.ms", "api.version.request",
    "api.version.request.timeout.ms", "auto.commit.enable", "auto.commit.interval.ms",
    "auto.offset.reset", "background_event_cb", "batch.num.messages", "batch.size",
    "bootstrap.servers", "broker.address.family", "broker.address.ttl", "broker.version.fallback",
    "builtin.features", "check.crcs", "client.dns.lookup", "client.id", "client.rack",
    "client.software.name", "client.software.version", "closesocket_cb", "compression.codec",
    "compression.level", "compression.type", "connect_cb", "connections.max.idle.ms",
    "consume.callback.max.messages", "consume_cb", "coordinator.query.interval.ms", "debug",
    "default_topic_conf", "delivery.report.only.error", "delivery.timeout.ms", "dr_cb", "dr_msg_cb",
    "enable.auto.commit", "enable.auto.offset.store", "enable.gapless.guarantee",
    "enable.idempotence", "enable.metrics.push", "enable.partition.eof", "enable.random.seed",
    "enable.sasl.oauthbearer.unsecure.jwt", "enable.sparse.connections",
    "enable.ssl.certificate.verification", "enable_sasl_queue", "enabled_events", "error_cb",
    "fetch.error.backoff.ms", "fetch.max.bytes", "fetch.message.max.bytes", "fetch.min.bytes",
    "fetch.queue.backoff.ms", "fetch.wait.max.ms", "group.id", "group.instance.id",
    "group.protocol", "group.protocol.type", "group.remote.assignor", "heartbeat.interval.ms",
    "https.ca.pem", "interceptors", "internal.termination.signal", "isolation.level", "linger.ms",
    "log.connection.close", "log.queue", "log.thread.name", "log_cb", "log_level", "max.in.flight",
    "max.in.flight.requests.per.connection", "max.partition.fetch.bytes", "max.poll.interval.ms",
    "max.poll.records", "message.copy.max.bytes", "message.max.bytes", "message.send.max.retries",
    "message.timeout.ms", "metadata.broker.list", "metadata.max.age.ms",
    "metadata.recovery.rebootstrap.trigger.ms", "metadata.recovery.strategy",
    "metadata.request.timeout.ms", "msg_order_cmp", "oauthbearer_token_refresh_cb",
    "offset.store.sync.interval.ms", "offset_commit_cb", "opaque", "open_cb",
    "partition.assignment.strategy", "partitioner", "partitioner_cb", "produce.offset.report",
    "queue.buffering.backpressure.threshold", "queue.buffering.max.kbytes",
    "queue.buffering.max.messages", "queue.buffering.max.ms", "queued.max.messages.kbytes",
    "queued.min.messages", "queuing.strategy", "rebalance_cb", "receive.message.max.bytes",
    "reconnect.backoff.jitter.ms", "reconnect.backoff.max.ms", "reconnect.backoff.ms",
    "request.required.acks", "request.timeout.ms", "resolve_cb", "retries", "retry.backoff.max.ms",
    "retry.backoff.ms", "sasl.jaas.config", "sasl.kerberos.min.time.before.relogin",
    "sasl.kerberos.service.name", "sasl.mechanism", "sasl.mechanisms",
    "sasl.oauthbearer.assertion.algorithm", "sasl.oauthbearer.assertion.claim.aud",
    "sasl.oauthbearer.assertion.claim.exp.seconds", "sasl.oauthbearer.assertion.claim.iss",
    "sasl.oauthbearer.assertion.claim.jti.include", "sasl.oauthbearer.assertion.claim.nbf.seconds",
    "sasl.oauthbearer.assertion.claim.sub", "sasl.oauthbearer.assertion.private.key.passphrase",
    "sasl.oauthbearer.assertion.private.key.pem", "sasl.oauthbearer.client.credentials.client.id",
    "sasl.oauthbearer.client.credentials.client.secret", "sasl.oauthbearer.client.id",
    "sasl.oauthbearer.client.secret", "sasl.oauthbearer.config", "sasl.oauthbearer.extensions",
    "sasl.oauthbearer.grant.type", "sasl.oauthbearer.metadata.authentication.type",
    "sasl.oauthbearer.method", "sasl.oauthbearer.scope", "sasl.oauthbearer.sub.claim.name",
    "sasl.password", "sasl.username", "security.protocol", "session.timeout.ms",
    "share.acknowledgement.mode", "socket.blocking.max.ms", "socket.connection.setup.timeout.ms",
    "socket.keepalive.enable", "socket.max.fails", "socket.nagle.disable",
    "socket.receive.buffer.bytes", "socket.send.buffer.bytes", "socket.timeout.ms", "socket_cb",
    "ssl.ca.certificate.stores", "ssl.ca.pem", "ssl.certificate.pem", "ssl.certificate.verify_cb",
    "ssl.cipher.suites", "ssl.curves.list", "ssl.endpoint.identification.algorithm",
    "ssl.key.password", "ssl.key.pem", "ssl.keystore.password", "ssl.sigalgs.list",
    "ssl.truststore.location", "ssl_ca", "ssl_certificate", "ssl_engine_callback_data", "ssl_key",
    "statistics.interval.ms", "stats_cb", "sticky.partitioning.linger.ms", "test.mock.broker.rtt",
    "test.mock.num.brokers", "throttle_cb", "topic.blacklist", "topic.metadata.propagation.max.ms",
    "topic.metadata.refresh.fast.cnt", "topic.metadata.refresh.fast.interval.ms",
    "topic.metadata.refresh.interval.ms", "topic.metadata.refresh.sparse", "transaction.timeout.ms",
    "transactional.id"};
// clang-format on

bool IsShellWord(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("._-/@+=:").find(c) != std::string_view::npos;
  });
}

[[noreturn]] void Refuse(const std::string& key, const std::string& why) {
  throw RiffleError(ErrorKind::kConnector, "Kafka property '" + key + "' " + why, {},
                    "riffle accepts it only when started with --allow-unsafe-kafka-config");
}

// A file property's path, resolved inside the data directory or an --allow-path directory.
std::string ResolveFile(const std::string& key, const std::string& value, const PathPolicy& paths) {
  try {
    return ResolveDataPath(value, paths);
  } catch (const RiffleError&) {
    std::error_code ec;
    std::string base =
        paths.data_dir.empty() ? std::filesystem::current_path(ec).string() : paths.data_dir;
    std::string shown = IsSecretProperty(key) ? std::string(kRedacted) : value;
    throw RiffleError(ErrorKind::kConnector,
                      "Kafka property '" + key + "' names '" + shown +
                          "', outside the directories riffle may read (the data directory " + base +
                          " and any --allow-path DIR)",
                      {},
                      "put the file there, start riffle with --allow-path DIR, or with "
                      "--allow-unsafe-kafka-config");
  }
}

}  // namespace

KafkaPropertyRisk RiskOf(std::string_view name) {
  for (const RiskyProperty& p : kRisky) {
    if (p.name == name) return p.risk;
  }
  for (std::string_view harmless : kHarmless) {
    if (harmless == name) return R::kNone;
  }
  return R::kNotReviewed;
}

const std::vector<std::string>& ReviewedKafkaPropertyNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const RiskyProperty& p : kRisky) names.emplace_back(p.name);
    for (std::string_view harmless : kHarmless) names.emplace_back(harmless);
    std::sort(names.begin(), names.end());
    return names;
  }();
  return kNames;
}

const std::vector<std::string>& LinkedKafkaPropertyNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    char* text = nullptr;
    size_t size = 0;
    FILE* out = open_memstream(&text, &size);
    if (out == nullptr) return names;
    rd_kafka_conf_properties_show(out);
    std::fclose(out);
    // Markdown tables: "name | C/P | range | default | importance | description".
    std::istringstream lines(std::string(text, size));
    std::free(text);
    std::string line;
    while (std::getline(lines, line)) {
      size_t bar = line.find('|');
      if (bar == std::string::npos) continue;
      std::string name = line.substr(0, bar);
      name.erase(name.find_last_not_of(' ') + 1);
      if (name.empty() || name == "Property" || name[0] == '-' ||
          name.find(' ') != std::string::npos) {
        continue;
      }
      names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }();
  return kNames;
}

std::string ApplyKafkaPropertyRules(const std::string& key, const std::string& value,
                                    const KafkaPropertyRules& rules) {
  if (rules.allow_unsafe) return value;
  switch (RiskOf(key)) {
    case R::kNone:
      return value;
    case R::kLoadsCode:
      Refuse(key, "makes librdkafka load code (a shared library named by its value)");
    case R::kRunsCommand:
      Refuse(key, "makes librdkafka run a shell command");
    case R::kNotReviewed:
      Refuse(key,
             "is not one riffle has reviewed (a librdkafka newer than riffle?), so it might "
             "load code, run a command or read files");
    case R::kKinitArgument:
      if (!IsShellWord(value)) {
        Refuse(key,
               "goes into librdkafka's kinit shell command: riffle accepts only letters, "
               "digits and . _ - / @ + = : in it");
      }
      return value;
    case R::kKinitFile:
      if (!IsShellWord(value)) {
        Refuse(key,
               "goes into librdkafka's kinit shell command: riffle accepts only letters, "
               "digits and . _ - / @ + = : in it");
      }
      return ResolveFile(key, value, rules.paths);
    case R::kReadsFile:
      if (value.empty()) return value;
      if ((key == "ssl.ca.location" || key == "https.ca.location") && value == "probe") {
        return value;  // librdkafka looks in the system's usual CA locations
      }
      return ResolveFile(key, value, rules.paths);
    case R::kWritesFile:
      return value.empty() ? value : ResolveFile(key, value, rules.paths);
    case R::kOffsetStore:
      if (AsciiIStartsWith(value, "file")) {
        Refuse(key,
               "= 'file' makes librdkafka write offset files (into offset.store.path, by "
               "default the current directory); riffle keeps offsets in its catalog");
      }
      return value;
    case R::kFetchesUrl:
      if (value.empty() || AsciiIStartsWith(value, "http://") ||
          AsciiIStartsWith(value, "https://")) {
        return value;
      }
      Refuse(key,
             "must be an http:// or https:// URL (libcurl reads other schemes, such as "
             "file://, from this machine)");
  }
  Refuse(key, "has an unknown risk");
}

}  // namespace riffle::kafka
