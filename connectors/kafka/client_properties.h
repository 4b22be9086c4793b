#pragma once
// Kafka client properties given by the user (`riffle --config FILE`, `SET 'kafka.<prop>'`):
// reading them, checking them with librdkafka before any client is built, and applying riffle's
// rules for properties that load code, run commands or name files (property_policy.h).

#include <string>

#include "connectors/kafka/kafka_client.h"
#include "connectors/kafka/property_policy.h"

namespace riffle::kafka {

// Applies `rules` (ApplyKafkaPropertyRules), then has librdkafka check the property. Returns the
// value to give clients (a file property's path resolved). Throws RiffleError(kConnector) when a
// rule refuses it or librdkafka rejects it; never quotes the value of a secret property.
std::string CheckKafkaProperty(const std::string& key, const std::string& value,
                               const KafkaPropertyRules& rules);

// True for the Schema Registry client's properties that a --config file may hold beside Kafka's,
// as Confluent's clients name them: schema.registry.url, basic.auth.user.info,
// basic.auth.credentials.source, and the last two with the schema.registry. prefix.
bool IsSchemaRegistryClientProperty(const std::string& key);

// True for ksqlDB's processing log settings (ksql.logging.processing.*), which a --config file
// may hold as a ksqlDB server's configuration does; the engine checks them as SET does.
bool IsProcessingLogProperty(const std::string& key);

// Reads a Java-style properties file (`key=value` or `key: value` per line, `#` / `!` comments,
// blank lines) and checks every entry as CheckKafkaProperty does. Relative file paths in it are
// taken from the file's own directory, which may hold them as well as the directories of
// `rules.paths` (the data directory and --allow-path directories). Schema Registry client
// properties (IsSchemaRegistryClientProperty) and ksqlDB's processing log settings
// (IsProcessingLogProperty) are kept as they are, unchecked here. Throws
// RiffleError(kConnector) naming the file and line; never echoes values (they may be
// passwords). Turns core dumps off when the file holds a secret (KeepSecretsOutOfCoreDumps).
KafkaConfig LoadKafkaProperties(const std::string& path, const KafkaPropertyRules& rules);

}  // namespace riffle::kafka
