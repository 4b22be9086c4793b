// riffle: a streaming-SQL shell. Parses options, then either runs the standalone embedded broker
// (`riffle broker`) or the shell itself (shell/shell_app.h).

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
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

// `riffle datagen`: into the cluster given, else into the catalog's local broker (attached to
// when another riffle runs it, else run here while datagen runs: the records stay on disk).
int RunDatagenCommand(const riffle::shell::CliOptions& options) {
  std::string bootstrap = options.bootstrap_servers;
  std::unique_ptr<riffle::broker::LocalBroker> own_broker;
  if (bootstrap.empty()) {
    riffle::broker::LocalBrokerOptions broker_options;
    broker_options.data_dir = options.broker_dir.empty()
                                  ? riffle::broker::DefaultBrokerDir(options.catalog_path)
                                  : options.broker_dir;
    if (!options.listen.empty()) {
      riffle::broker::ParseListenAddress(options.listen, &broker_options.host,
                                         &broker_options.port);
    }
    try {
      riffle::broker::LocalBrokerConnection connection =
          riffle::broker::StartOrAttach(broker_options);
      bootstrap = connection.bootstrap;
      own_broker = std::move(connection.owned);
    } catch (const std::exception& e) {
      std::cerr << "riffle datagen: " << e.what() << "\n";
      return 1;
    }
    std::cerr << "riffle datagen: into the local Kafka broker on " << bootstrap << " (data in "
              << broker_options.data_dir << (own_broker ? "" : ", run by another riffle process")
              << ")\n";
  }
  int status = riffle::datagen::RunDatagen(
      {options.datagen_generator, options.datagen_topic, bootstrap, options.datagen_rate,
       options.datagen_count, options.datagen_seed},
      std::cout, std::cerr);
  if (own_broker) own_broker->Stop();
  return status;
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
      return RunDatagenCommand(options);
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
  io.terminal_size = [] { return std::pair<size_t, size_t>(TerminalWidth(), TerminalHeight()); };
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
