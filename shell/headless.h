#pragma once
// `riffle run FILE.sql`: the headless form of riffle, for services and scripts. Runs the file's
// statements, then keeps the background jobs they started (and those restarted from the
// catalog) running until SIGTERM or SIGINT, when it stops them after a final checkpoint and
// exits 0. Output is plain and line-oriented: notices and warnings to stderr, result rows to
// stdout as tab-separated lines. A signal is always honoured: a second one, or a stop that
// takes more than 10 s, exits at once (status 1) without the final checkpoint.

#include <functional>
#include <iosfwd>
#include <memory>

#include "core/engine/engine.h"
#include "shell/cli_options.h"

namespace riffle::shell {

using EngineOpener =
    std::function<std::unique_ptr<Engine>(const EngineOptions& options, ResultSink& sink)>;

// Returns the process exit status: 0 after a signal-requested stop, 1 when the engine could
// not start or a statement of the file failed (jobs started before it keep their catalog
// state and restart next time), 2 when the file cannot be read. A forced exit (above) ends the
// process with status 1 without returning.
int RunHeadless(const CliOptions& options, const EngineOpener& open_engine, std::ostream& out,
                std::ostream& err);

}  // namespace riffle::shell
