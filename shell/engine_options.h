#pragma once
// The engine options a command line asks for (shell and `riffle run` alike).

#include "core/engine/engine.h"
#include "shell/cli_options.h"

namespace riffle::shell {

// Copies the catalog, Kafka and file-connector options, and reads --config's Kafka client
// properties (a bootstrap.servers there is used when --bootstrap-server is not given). Throws
// RiffleError(kConnector) for an unreadable or invalid properties file.
EngineOptions MakeEngineOptions(const CliOptions& options);

}  // namespace riffle::shell
