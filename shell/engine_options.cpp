#include "shell/engine_options.h"

#include "connectors/kafka/client_properties.h"

namespace riffle::shell {

EngineOptions MakeEngineOptions(const CliOptions& options) {
  EngineOptions engine_options;
  engine_options.catalog_path = options.catalog_path;
  engine_options.bootstrap_servers = options.bootstrap_servers;
  engine_options.broker_dir = options.broker_dir;
  engine_options.listen = options.listen;
  engine_options.data_dir = options.data_dir;
  engine_options.allowed_paths = options.allowed_paths;
  engine_options.allow_unsafe_kafka_config = options.allow_unsafe_kafka_config;
  if (!options.kafka_config_file.empty()) {
    kafka::KafkaPropertyRules rules;
    rules.allow_unsafe = options.allow_unsafe_kafka_config;
    rules.paths = {options.data_dir, options.allowed_paths};
    kafka::KafkaConfig config = kafka::LoadKafkaProperties(options.kafka_config_file, rules);
    if (auto it = config.find("bootstrap.servers"); it != config.end()) {
      if (engine_options.bootstrap_servers.empty()) engine_options.bootstrap_servers = it->second;
      config.erase(it);
    }
    engine_options.kafka_config = std::move(config);
  }
  return engine_options;
}

}  // namespace riffle::shell
