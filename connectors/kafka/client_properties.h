#pragma once
// Kafka client properties given by the user (`riffle --config FILE`, `SET 'kafka.<prop>'`):
// reading them, checking them with librdkafka before any client is built, and refusing the few
// properties that make librdkafka load code or run commands unless the operator allows them.

#include <string>

#include "connectors/kafka/kafka_client.h"

namespace riffle::kafka {

// plugin.library.paths, sasl.kerberos.kinit.cmd, ssl.engine.location: they load a shared
// library or run a command, so a statement (or a shared script) must not set them.
bool IsUnsafeKafkaProperty(const std::string& key);

// Throws RiffleError(kConnector) when librdkafka rejects `key` = `value`, or when the property
// is unsafe and `allow_unsafe` is false.
void CheckKafkaProperty(const std::string& key, const std::string& value, bool allow_unsafe);

// Reads a Java-style properties file (`key=value` or `key: value` per line, `#` / `!` comments,
// blank lines) and checks every entry as CheckKafkaProperty does. Throws RiffleError(kConnector)
// naming the file and line; never echoes values (they may be passwords).
KafkaConfig LoadKafkaProperties(const std::string& path, bool allow_unsafe);

}  // namespace riffle::kafka
