#include "connectors/kafka/client_properties.h"

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

bool IsUnsafeKafkaProperty(const std::string& key) {
  return key == "plugin.library.paths" || key == "sasl.kerberos.kinit.cmd" ||
         key == "ssl.engine.location";
}

void CheckKafkaProperty(const std::string& key, const std::string& value, bool allow_unsafe) {
  if (IsUnsafeKafkaProperty(key) && !allow_unsafe) {
    ThrowKafka("Kafka property '" + key +
               "' makes librdkafka load code or run a command; riffle refuses it unless started "
               "with --allow-unsafe-kafka-config");
  }
  RdConfPtr conf(rd_kafka_conf_new());
  SetConf(conf.get(), key, value);
}

KafkaConfig LoadKafkaProperties(const std::string& path, bool allow_unsafe) {
  std::ifstream in(path);
  if (!in) ThrowKafka("cannot read Kafka properties file '" + path + "'");
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
      CheckKafkaProperty(key, value, allow_unsafe);
    } catch (const RiffleError& e) {
      ThrowKafka(where + e.message());
    }
    if (IsSecretProperty(key)) KeepSecretsOutOfCoreDumps();
    config[key] = value;
  }
  return config;
}

}  // namespace riffle::kafka
