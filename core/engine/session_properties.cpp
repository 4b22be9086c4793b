#include "core/engine/session_properties.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "connectors/kafka/property_policy.h"
#include "core/common/error.h"
#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// ksqlDB properties riffle accepts without acting on them: ksqlDB's server and session settings
// (KsqlConfig and the configuration reference) that scripts and ksqlDB's own tests set, and Kafka
// Streams settings ksqlDB takes without their ksql.streams. prefix.
const std::vector<std::string>& KsqlNoEffectNames() {
  static const std::vector<std::string> kNames = {
      "ksql.access.validator.enable",
      "ksql.any.key.name.enabled",
      "ksql.cast.strings.preserve.nulls",
      "ksql.create.or.replace.enabled",
      "ksql.fail.on.production.error",
      "ksql.headers.columns.enabled",
      "ksql.hidden.topics",
      "ksql.insert.into.values.enabled",
      "ksql.internal.topic.min.insync.replicas",
      "ksql.internal.topic.replicas",
      "ksql.key.format.enabled",
      "ksql.lambdas.enabled",
      "ksql.metrics.tags.custom",
      "ksql.nested.error.set.null",
      "ksql.new.query.planner.enabled",
      "ksql.output.topic.name.prefix",
      "ksql.persistent.prefix",
      "ksql.pull.queries.enable",
      "ksql.query.error.max.queue.size",
      "ksql.query.persistent.active.limit",
      "ksql.query.pull.enable.standby.reads",
      "ksql.query.pull.interpreter.enabled",
      "ksql.query.pull.limit.clause.enabled",
      "ksql.query.pull.max.allowed.offset.lag",
      "ksql.query.pull.max.qps",
      "ksql.query.pull.metrics.enabled",
      "ksql.query.pull.range.scan.enabled",
      "ksql.query.pull.stream.enabled",
      "ksql.query.pull.table.scan.enabled",
      "ksql.query.push.v2.enabled",
      "ksql.query.status.running.threshold.seconds",
      "ksql.readonly.topics",
      "ksql.rowpartition.rowoffset.enabled",
      "ksql.schema.registry.url",
      "ksql.service.id",
      "ksql.sink.partitions",
      "ksql.sink.replicas",
      "ksql.sink.window.change.log.additional.retention",
      "ksql.suppress.enabled",
      "ksql.timestamp.throw.on.invalid",
      "ksql.transient.prefix",
      "ksql.udf.collect.metrics",
      "ksql.udfs.enabled",
      "ksql.variable.substitution.enable",
      "ksql.windowed.session.key.legacy",
      // Kafka Streams settings, which ksqlDB also takes unprefixed.
      "cache.max.bytes.buffering",
      "commit.interval.ms",
      "num.stream.threads",
      "processing.guarantee",
      "statestore.cache.max.bytes",
      // Set by ksqlDB's own test cases (geodistance.json).
      "use.exact.numeric.comparison",
  };
  return kNames;
}

// Open-ended ksqlDB families: Kafka Streams settings and function (UDF) settings.
constexpr std::string_view kKsqlNoEffectPrefixes[] = {"ksql.streams.", "ksql.functions."};

}  // namespace

std::string CanonicalSessionProperty(const std::string& name) {
  static const std::map<std::string, std::string> kAliases = {
      {"ksql.streams.auto.offset.reset", "auto.offset.reset"},
      {"ksql.fail.on.deserialization.error", "fail.on.deserialization.error"},
  };
  auto it = kAliases.find(name);
  return it == kAliases.end() ? name : it->second;
}

SessionPropertyKind ClassifySessionProperty(const std::string& name) {
  if (DefaultProperties().count(name)) return SessionPropertyKind::kRiffle;
  if (StartsWith(name, "kafka.")) return SessionPropertyKind::kKafkaClient;
  const auto& names = KsqlNoEffectNames();
  if (std::find(names.begin(), names.end(), name) != names.end()) {
    return SessionPropertyKind::kKsqlNoEffect;
  }
  for (std::string_view prefix : kKsqlNoEffectPrefixes) {
    if (StartsWith(name, prefix) && name.size() > prefix.size()) {
      return SessionPropertyKind::kKsqlNoEffect;
    }
  }
  return SessionPropertyKind::kUnknown;
}

std::string SuggestSessionProperty(const std::string& name) {
  const std::vector<std::string>& kafka_names = kafka::LinkedKafkaPropertyNames();
  if (std::binary_search(kafka_names.begin(), kafka_names.end(), name)) {
    return "did you mean 'kafka." + name + "'? librdkafka client properties take the kafka. prefix";
  }
  std::vector<std::string> candidates = KsqlNoEffectNames();
  for (const auto& [known, value] : DefaultProperties()) candidates.push_back(known);
  candidates.push_back("ksql.streams.auto.offset.reset");
  candidates.push_back("ksql.fail.on.deserialization.error");
  for (const std::string& kafka_name : kafka_names) candidates.push_back("kafka." + kafka_name);
  std::string hint = ClosestMatch(name, candidates);
  return hint.empty() ? "" : "did you mean '" + hint + "'?";
}

}  // namespace riffle
