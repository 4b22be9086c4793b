// riffle: a streaming-SQL shell. Parses options, then either runs the standalone embedded broker
// (`riffle broker`) or the shell itself (shell/shell_app.h).

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "connectors/datagen/run_datagen.h"
#include "connectors/broker/local_broker.h"
#include "connectors/broker/run_broker.h"
#include "core/engine/engine.h"
#include "shell/cli_options.h"
#include "shell/headless.h"
#include "shell/shell_app.h"
#include "shell/state_dir.h"

namespace {

constexpr int kExitUsage = 2;

size_t TerminalWidth() {
  winsize size = {};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

size_t TerminalHeight() {
  winsize size = {};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_row;
  return 0;
}

// main returns as soon as the engine is closed: the broker's memory goes back to the OS.
std::unique_ptr<riffle::Engine> OpenEngineForExit(const riffle::EngineOptions& engine_options,
                                                  riffle::ResultSink& sink) {
  riffle::EngineOptions options = engine_options;
  options.fast_exit = true;
  return riffle::Engine::Open(options, sink);
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
  TightenStateDir(RiffleStateDir(env));  // one made by an older riffle may be 0755
  switch (options.mode) {
    case CliMode::kHelp:
      std::cout << Usage();
      return 0;
    case CliMode::kVersion:
      std::cout << VersionString() << "\n";
      return 0;
    case CliMode::kBroker:
      return riffle::broker::RunBroker(
          {options.broker_dir.empty() ? riffle::broker::DefaultBrokerDir(options.catalog_path)
                                      : options.broker_dir,
           options.listen, options.address_file},
          std::cout);
    case CliMode::kDatagen:
      return riffle::datagen::RunDatagen(
          {options.datagen_generator, options.datagen_topic, options.bootstrap_servers,
           options.datagen_rate, options.datagen_count, options.datagen_seed},
          std::cout, std::cerr);
    case CliMode::kHeadless:
      return RunHeadless(options, OpenEngineForExit, std::cout, std::cerr);
    case CliMode::kRun:
      break;
  }

  ShellIo io;
  io.stdin_fd = STDIN_FILENO;
  io.stdin_is_tty = isatty(STDIN_FILENO) != 0;
  io.out = &std::cout;
  io.err = &std::cerr;
  io.terminal_width = TerminalWidth();
  io.terminal_height = TerminalHeight();
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  const char* no_color = std::getenv("NO_COLOR");
  io.color_allowed = no_color == nullptr || *no_color == '\0';
  io.history_path = RiffleStateDir(env) + "/history";
  io.open_engine = [](const riffle::EngineOptions& engine_options, riffle::ResultSink& sink) {
    riffle::EngineOptions options = engine_options;
    options.fast_exit = true;  // main returns as soon as the shell has closed the engine
    return riffle::Engine::Open(options, sink);
  };
  return RunShell(options, io);
}
