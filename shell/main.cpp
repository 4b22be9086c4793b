// riffle: a streaming-SQL shell. Parses options, then either runs the standalone embedded broker
// (`riffle broker`) or the shell itself (shell/shell_app.h).

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "connectors/kafka/run_broker.h"
#include "core/engine/engine.h"
#include "shell/cli_options.h"
#include "shell/shell_app.h"

namespace {

constexpr int kExitUsage = 2;

size_t TerminalWidth() {
  winsize size = {};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace riffle::shell;
  std::vector<std::string> args(argv + 1, argv + argc);
  CliEnvironment env = CurrentCliEnvironment();
  CliParseResult parsed = ParseCliOptions(args, env);
  if (!parsed.ok()) {
    std::cerr << "riffle: " << parsed.error << "\n\n" << Usage();
    return kExitUsage;
  }
  const CliOptions& options = parsed.options;
  switch (options.mode) {
    case CliMode::kHelp:
      std::cout << Usage();
      return 0;
    case CliMode::kVersion:
      std::cout << VersionString() << "\n";
      return 0;
    case CliMode::kBroker:
      return riffle::kafka::RunBroker(options.address_file, std::cout);
    case CliMode::kRun:
      break;
  }

  ShellIo io;
  io.stdin_fd = STDIN_FILENO;
  io.stdin_is_tty = isatty(STDIN_FILENO) != 0;
  io.out = &std::cout;
  io.err = &std::cerr;
  io.terminal_width = TerminalWidth();
  io.history_path = RiffleStateDir(env) + "/history";
  io.open_engine = [](const riffle::EngineOptions& engine_options, riffle::ResultSink& sink) {
    riffle::EngineOptions options = engine_options;
    options.fast_exit = true;  // main returns as soon as the shell has closed the engine
    return riffle::Engine::Open(options, sink);
  };
  return RunShell(options, io);
}
