#include "connectors/kafka/client_properties.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/common/secrets.h"

namespace riffle::kafka {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string CheckKafkaProperty(const std::string& key, const std::string& value,
                               const KafkaPropertyRules& rules) {
  // A name librdkafka does not know is a typo: say so (with a suggestion) before any rule.
  const std::vector<std::string>& known = LinkedKafkaPropertyNames();
  if (!known.empty() && !std::binary_search(known.begin(), known.end(), key)) {
    std::string hint = ClosestMatch(key, known);
    throw RiffleError(
        ErrorKind::kConnector,
        "invalid Kafka client property '" + key + "': librdkafka has no such property", {},
        hint.empty() ? "" : "did you mean '" + hint + "'?");
  }
  std::string applied = ApplyKafkaPropertyRules(key, value, rules);
  RdConfPtr conf(rd_kafka_conf_new());
  SetConf(conf.get(), key, applied);
  return applied;
}

bool IsSchemaRegistryClientProperty(const std::string& key) {
  return key == "schema.registry.url" || key == "basic.auth.user.info" ||
         key == "basic.auth.credentials.source" || key == "schema.registry.basic.auth.user.info" ||
         key == "schema.registry.basic.auth.credentials.source";
}

bool IsProcessingLogProperty(const std::string& key) {
  return key.rfind("ksql.logging.processing.", 0) == 0;
}

KafkaConfig LoadKafkaProperties(const std::string& path, const KafkaPropertyRules& rules) {
  std::ifstream in(path);
  if (!in) ThrowKafka("cannot read Kafka properties file '" + path + "'");
  // The file's directory is where its relative paths start, and may hold its keys and
  // certificates; the data directory stays allowed.
  KafkaPropertyRules file_rules = rules;
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(path, ec).parent_path();
  file_rules.paths.data_dir = dir.string();
  file_rules.paths.allowed.push_back(rules.paths.data_dir.empty()
                                         ? std::filesystem::current_path(ec).string()
                                         : rules.paths.data_dir);
  KafkaConfig config;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#' || text[0] == '!') continue;
    size_t at = text.find_first_of("=:");
    std::string where = path + ":" + std::to_string(number) + ": ";
    if (at == std::string::npos || Trim(text.substr(0, at)).empty()) {
      ThrowKafka(where + "expected key=value");
    }
    std::string key = Trim(text.substr(0, at));
    std::string value = Trim(text.substr(at + 1));
    try {
      if (!IsSchemaRegistryClientProperty(key) && !IsProcessingLogProperty(key)) {
        value = CheckKafkaProperty(key, value, file_rules);
      }
    } catch (const RiffleError& e) {
      throw RiffleError(e.kind(), where + e.message(), {}, e.suggestion());
    }
    if (IsSecretProperty(key)) KeepSecretsOutOfCoreDumps();
    config[key] = value;
  }
  return config;
}

}  // namespace riffle::kafka
