#include "shell/engine_options.h"
#include "shell/shell_app.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <ostream>

#include "core/common/error.h"
#include "shell/fd_line_reader.h"
#include "shell/readline_reader.h"
#include "shell/renderer.h"
#include "shell/repl.h"
#include "shell/shell_sink.h"

namespace riffle::shell {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitInterrupted = 130;

// Forwards everything but notices: used while the engine starts in
// non-interactive runs.
class QuietSink : public ResultSink {
 public:
  explicit QuietSink(ResultSink& inner) : inner_(inner) {}
  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { inner_.Warning(text); }
  void Error(const std::string& text) override { inner_.Error(text); }
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override {
    inner_.Table(columns, rows);
  }
  void BeginRows(const std::vector<ResultColumn>& columns) override { inner_.BeginRows(columns); }
  void BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) override {
    inner_.BeginRowsOf(kind, columns);
  }
  void Row(const std::vector<Value>& row) override { inner_.Row(row); }
  void FlushRows() override { inner_.FlushRows(); }
  void EndRows(const std::string& summary) override { inner_.EndRows(summary); }

 private:
  ResultSink& inner_;
};

std::unique_ptr<Engine> OpenEngine(const CliOptions& options, const ShellIo& io, ResultSink& sink) {
  try {
    EngineOptions engine_options = MakeEngineOptions(options);
    std::unique_ptr<Engine> engine = io.open_engine(engine_options, sink);
    if (engine == nullptr) sink.Error("ERROR runtime: the engine could not be started");
    return engine;
  } catch (const RiffleError& e) {
    sink.Error(FormatError(e, ""));
  } catch (const std::exception& e) {
    sink.Error(std::string("ERROR runtime: could not start: ") + e.what());
  }
  return nullptr;
}

// Runs the statements in `path` one at a time. Returns false when the file
// cannot be opened.
bool RunScriptFile(const std::string& path, Repl& repl, InterruptPipe& interrupts, ResultSink& sink,
                   LoopOutcome* outcome) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sink.Error("ERROR runtime: cannot read " + path + ": " + std::strerror(errno));
    return false;
  }
  FdLineReader reader(fd, interrupts.read_fd());
  *outcome = repl.Run(reader);
  close(fd);
  return true;
}

}  // namespace

int RunShell(const CliOptions& options, const ShellIo& io) {
  const bool has_script = !options.file.empty() || options.has_execute;
  // The prompt appears only for a person: with a terminal on stdin, and after a
  // script only when asked (--interactive).
  const bool interactive = io.stdin_is_tty && (!has_script || options.interactive);
  const bool read_stdin = !has_script || options.interactive;

  RenderOptions render_options;
  render_options.terminal_width = io.terminal_width;
  const bool stdout_terminal = io.terminal_width > 0;
  if (stdout_terminal) {
    // Niceties for a person at a terminal only: piped output stays plain and
    // stable.
    render_options.terminal_height = io.terminal_height;
    render_options.show_types = true;
    render_options.color = io.color_allowed;
    // DuckDB's default: a screenful of a large result, and its row count. Scripts and pipes
    // get every row.
    render_options.max_rows = kTerminalMaxRows;
    render_options.row_count = true;
  }
  auto sink = std::make_unique<ShellSink>(options.output, *io.out, *io.err, render_options);
  if (stdout_terminal) sink->set_terminal_size(io.terminal_size);

  if (interactive) {
    sink->Notice(VersionString() + ". End statements with ';'. Type 'exit' or Ctrl-D to quit.");
  }
  QuietSink quiet(*sink);
  std::unique_ptr<Engine> engine =
      OpenEngine(options, io, interactive ? static_cast<ResultSink&>(*sink) : quiet);
  if (engine == nullptr) return kExitFailure;

  InterruptPipe& interrupts = InterruptPipe::Install();
  interrupts.Drain();  // a Ctrl-C during startup is not meant for the first statement
  std::unique_ptr<HistoryFile> history;
  if (interactive && !io.history_path.empty()) {
    history = std::make_unique<HistoryFile>(io.history_path);
  }
  Repl repl(*engine, *sink, interrupts, history.get());

  bool any_failed = false;
  if (!options.file.empty()) {
    LoopOutcome outcome;
    repl.set_echo(interactive);
    bool opened = RunScriptFile(options.file, repl, interrupts, *sink, &outcome);
    repl.set_echo(false);
    if (!opened) return kExitFailure;
    any_failed = outcome.any_failed;
    if (outcome.interrupted && !interactive) return kExitInterrupted;
    if (outcome.exited && !options.interactive) return any_failed ? kExitFailure : 0;
  } else if (options.has_execute) {
    bool interrupted = false;
    any_failed = !repl.Execute(options.execute, &interrupted);
    if (interrupted && !interactive) return kExitInterrupted;
  }

  if (read_stdin) {
    if (interactive) {
      ReadlineReader reader(interrupts.read_fd());
      if (history != nullptr) {
        std::vector<std::string> entries = history->Load();
        for (const std::string& entry : entries) reader.AddHistory(entry);
        repl.LoadHistory(entries);
      }
      if (stdout_terminal && isatty(STDERR_FILENO)) repl.set_progress_stream(io.err);
      reader.set_completer([&repl](const std::string& line) { return repl.CompleteLine(line); });
      repl.Run(reader);
      return 0;
    }
    FdLineReader reader(io.stdin_fd, interrupts.read_fd());
    LoopOutcome outcome = repl.Run(reader);
    if (outcome.interrupted) return kExitInterrupted;
    any_failed = any_failed || outcome.any_failed;
  }
  return any_failed ? kExitFailure : 0;
}

}  // namespace riffle::shell
