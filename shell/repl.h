#pragma once
// The statement loop shared by the interactive REPL, -f scripts and piped stdin: read lines,
// cut them into statements, run each through the engine with Ctrl-C wired to Engine::Cancel().
// Lines starting with '.' (at the start of a statement) are dot commands (dot_commands.h);
// HELP statements are answered by the shell (statement_help.h).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/engine.h"
#include "shell/completion.h"
#include "shell/dot_commands.h"
#include "shell/history.h"
#include "shell/interrupt.h"
#include "shell/line_reader.h"
#include "shell/shell_sink.h"
#include "shell/statement_buffer.h"
#include "shell/step_session.h"

namespace riffle::shell {

inline constexpr const char* kPrompt = "riffle> ";
// As wide as kPrompt so continuation lines stay aligned with the first.
inline constexpr const char* kContinuationPrompt = "      > ";

struct LoopOutcome {
  bool any_failed = false;   // at least one statement failed
  bool interrupted = false;  // a non-interactive run was stopped by Ctrl-C
  bool exited = false;       // the user typed exit, quit or .quit
};

class Repl : public DotShell {
 public:
  // `history` may be null (no persistent history). All arguments must outlive the Repl.
  Repl(Engine& engine, ShellSink& sink, InterruptPipe& interrupts, HistoryFile* history)
      : engine_(engine), sink_(sink), interrupts_(interrupts), history_(history) {}

  // Reads and runs statements until end of input, exit/quit/.quit, or (non-interactive readers
  // only) Ctrl-C. Interactive: Ctrl-C while typing drops the unfinished statement and prompts
  // afresh; Ctrl-C while a statement runs cancels it (and the rest of that input line) and
  // prompts again; each completed input (a statement over several lines, several statements on
  // one line, a dot command) becomes one history entry, unless it carries a secret
  // (MayPersistHistoryEntry). Non-interactive: no prompts or history; a last statement without
  // ';' at end of input still runs; Ctrl-C cancels the running statement and stops.
  // Interactive, while a lesson is in progress (.step FILE), an empty line runs its next step.
  LoopOutcome Run(LineReader& reader);

  // When on, each statement is shown (as if typed at the prompt) before it runs: used for -f
  // with --interactive at a terminal, so `make demo` shows what produced each output.
  void set_echo(bool echo) { echo_ = echo; }

  // Runs `text` (one or more statements, or one HELP statement) with Ctrl-C calling
  // Engine::Cancel(). Returns whether every statement succeeded; `*interrupted` tells whether
  // Ctrl-C was pressed meanwhile. Exceptions escaping the engine (bugs) are reported through
  // the sink as errors. With the timer on, reports the elapsed time after.
  bool Execute(const std::string& text, bool* interrupted);

  // Shows a progress line on `terminal` (stderr, a terminal) while a statement runs quietly for
  // more than a second; null (the default) disables it. Only for a person at a terminal.
  void set_progress_stream(std::ostream* terminal) { progress_stream_ = terminal; }

  // Entries loaded from the history file, for .history and .edit.
  void LoadHistory(const std::vector<std::string>& entries);

  // Tab completion for the line being typed: `line_before_cursor` is the current line up to
  // the cursor; earlier lines of an unfinished statement are taken into account.
  Completion CompleteLine(const std::string& line_before_cursor);

  // DotShell.
  ShellSink& sink() override { return sink_; }
  bool timer() const override { return timer_; }
  void SetTimer(bool on) override { timer_ = on; }
  bool RunStatements(const std::string& text, bool* interrupted) override;
  bool RunFile(const std::string& path) override;
  std::vector<std::string> HistoryEntries() const override { return session_history_; }
  void AddHistoryEntry(const std::string& entry) override;
  bool terminal() const override { return sink_.terminal(); }
  void ClearScreen() override { sink_.ClearScreen(); }
  bool WaitForInterrupt(int ms) override;
  std::string Editor() const override;
  void RequestExit() override { exit_requested_ = true; }
  StepSession& steps() override { return steps_; }
  void Echo(const std::string& statement) override;
  bool interactive_terminal() const override {
    return current_reader_ != nullptr && sink_.terminal();
  }
  std::pair<size_t, size_t> TerminalSize() override { return sink_.TerminalSize(); }
  void DrawOnTerminal(const std::string& text) override { sink_.DrawOnTerminal(text); }
  Wake WaitForInterruptOrKey(int ms, bool keys, char* key) override;
  WindowTimeline JobTimeline(const std::string& job_id, size_t max_windows) override {
    return engine_.JobTimeline(job_id, max_windows);
  }
  bool WaitForJobsIdle(int timeout_ms) override { return engine_.WaitForIdle(timeout_ms); }
  std::unique_ptr<WatchedQuery> WatchQuery(const std::string& statement) override;

 private:
  // Runs one statement typed or read by Run(): HELP here, the rest by the engine.
  bool RunOne(const std::string& statement, bool* interrupted);

  Engine& engine_;
  ShellSink& sink_;
  InterruptPipe& interrupts_;
  HistoryFile* history_;
  bool echo_ = false;
  bool timer_ = false;
  bool exit_requested_ = false;
  bool dot_interrupted_ = false;
  std::ostream* progress_stream_ = nullptr;  // Ctrl-C arrived while the current dot command ran
  std::vector<std::string> session_history_;
  StepSession steps_;  // the lesson .step runs, if any
  const StatementBuffer* current_buffer_ = nullptr;  // the one Run() is filling
  LineReader* current_reader_ = nullptr;             // the interactive reader, if any
  // The catalog names for completion, taken lazily after statements change them.
  CompletionCatalog names_;
  bool names_stale_ = true;
};

// `statement` as it would look typed at the prompt: kPrompt before the first line and
// kContinuationPrompt before the others.
std::string EchoStatement(const std::string& statement);

}  // namespace riffle::shell
