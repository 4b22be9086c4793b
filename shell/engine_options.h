#pragma once
// The engine options a command line asks for (shell and `riffle run` alike).

#include "core/engine/engine.h"
#include "shell/cli_options.h"

namespace riffle::shell {

// Copies the catalog, Kafka and file-connector options, and reads --config's Kafka client
// properties (a bootstrap.servers there is used when --bootstrap-server is not given, and so are
// its Schema Registry properties when --schema-registry / --schema-registry-user are not).
// Throws RiffleError(kConnector) for an unreadable or invalid properties file, and for Schema
// Registry credentials without a Schema Registry URL.
EngineOptions MakeEngineOptions(const CliOptions& options);

}  // namespace riffle::shell
