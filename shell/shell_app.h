#pragma once
// The whole `riffle` run after option parsing: open the engine, then run -f / -e, then the REPL
// or piped stdin. Separated from main() so tests can drive it with a fake engine and pipes.

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>

#include "core/engine/engine.h"
#include "shell/cli_options.h"

namespace riffle::shell {

using EngineFactory =
    std::function<std::unique_ptr<Engine>(const EngineOptions& options, ResultSink& sink)>;

struct ShellIo {
  int stdin_fd = 0;
  bool stdin_is_tty = false;
  std::ostream* out = nullptr;  // rows and notices (see renderer.h)
  std::ostream* err = nullptr;  // warnings and errors
  size_t terminal_width = 0;    // 0 when stdout is not a terminal
  size_t terminal_height = 0;   // 0 when stdout is not a terminal
  // The terminal's size now, as {width, height}: asked before each statement, so tables fit a
  // resized terminal. May be empty (the size above stays).
  std::function<std::pair<size_t, size_t>()> terminal_size;
  // Colours are used only when stdout is a terminal and this is true (main: NO_COLOR unset).
  bool color_allowed = false;
  std::string history_path;   // "" disables persistent history
  EngineFactory open_engine;  // riffle::Engine::Open in the real binary
};

// How many rows of a complete result (a pull query, SHOW, ...) are shown when stdout is a
// terminal, until .maxrows says otherwise; piped output shows every row.
inline constexpr size_t kTerminalMaxRows = 40;

// Runs riffle in CliMode::kRun and returns the process exit status:
//   0   success (and always after an interactive session ends normally);
//   1   a statement failed in a non-interactive run, the engine could not start, or -f's file
//       could not be read;
//   130 a non-interactive run was stopped by Ctrl-C.
// Non-interactive runs do not show the engine's startup notices (the embedded-broker banner):
// their output is only what the statements print. Dot commands (.mode, .timer, ...) work in
// the REPL, in -f files and on piped stdin.
int RunShell(const CliOptions& options, const ShellIo& io);

}  // namespace riffle::shell
