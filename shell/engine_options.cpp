#include "shell/engine_options.h"

#include "connectors/kafka/client_properties.h"
#include "core/common/error.h"

namespace riffle::shell {

namespace {

// Moves the Schema Registry client properties out of `config` (they are not librdkafka's) into
// `engine_options`, where the command line has not already set them.
void TakeSchemaRegistryProperties(const std::string& file, kafka::KafkaConfig& config,
                                  EngineOptions& engine_options) {
  std::string url, user_info, source;
  for (auto it = config.begin(); it != config.end();) {
    if (!kafka::IsSchemaRegistryClientProperty(it->first)) {
      ++it;
      continue;
    }
    if (it->first == "schema.registry.url") {
      url = it->second;
    } else if (it->first.find("user.info") != std::string::npos) {
      user_info = it->second;
    } else {
      source = it->second;
    }
    it = config.erase(it);
  }
  // Confluent's clients take the user info from basic.auth.user.info (USER_INFO) or from the
  // URL (URL); riffle reads both, so either value is accepted and others are refused.
  if (!source.empty() && source != "USER_INFO" && source != "URL") {
    throw RiffleError(ErrorKind::kConnector,
                      file + ": basic.auth.credentials.source must be USER_INFO or URL, not '" +
                          source + "'");
  }
  if (engine_options.schema_registry_url.empty()) engine_options.schema_registry_url = url;
  if (engine_options.schema_registry_user_info.empty()) {
    engine_options.schema_registry_user_info = user_info;
  }
}

}  // namespace

EngineOptions MakeEngineOptions(const CliOptions& options) {
  EngineOptions engine_options;
  engine_options.catalog_path = options.catalog_path;
  engine_options.bootstrap_servers = options.bootstrap_servers;
  engine_options.broker_dir = options.broker_dir;
  engine_options.listen = options.listen;
  engine_options.data_dir = options.data_dir;
  engine_options.allowed_paths = options.allowed_paths;
  engine_options.allow_unsafe_kafka_config = options.allow_unsafe_kafka_config;
  engine_options.schema_registry_url = options.schema_registry_url;
  if (!options.schema_registry_user.empty()) {
    engine_options.schema_registry_user_info =
        options.schema_registry_user + ":" + options.schema_registry_password;
  }
  if (!options.kafka_config_file.empty()) {
    kafka::KafkaPropertyRules rules;
    rules.allow_unsafe = options.allow_unsafe_kafka_config;
    rules.paths = {options.data_dir, options.allowed_paths};
    kafka::KafkaConfig config = kafka::LoadKafkaProperties(options.kafka_config_file, rules);
    if (auto it = config.find("bootstrap.servers"); it != config.end()) {
      if (engine_options.bootstrap_servers.empty()) engine_options.bootstrap_servers = it->second;
      config.erase(it);
    }
    TakeSchemaRegistryProperties(options.kafka_config_file, config, engine_options);
    // ksqlDB's processing log settings are session properties, not librdkafka's.
    for (auto it = config.begin(); it != config.end();) {
      if (kafka::IsProcessingLogProperty(it->first)) {
        engine_options.session_properties.insert(*it);
        it = config.erase(it);
      } else {
        ++it;
      }
    }
    engine_options.kafka_config = std::move(config);
  }
  if (!engine_options.schema_registry_user_info.empty() &&
      engine_options.schema_registry_url.empty()) {
    throw RiffleError(ErrorKind::kConnector,
                      "Schema Registry credentials were given without its URL: add "
                      "--schema-registry URL (or schema.registry.url in the --config file)");
  }
  return engine_options;
}

}  // namespace riffle::shell
