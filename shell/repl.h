#pragma once
// The statement loop shared by the interactive REPL, -f scripts and piped stdin: read lines,
// cut them into statements, run each through the engine with Ctrl-C wired to Engine::Cancel().

#include <string>

#include "core/engine/engine.h"
#include "shell/history.h"
#include "shell/interrupt.h"
#include "shell/line_reader.h"
#include "shell/statement_buffer.h"

namespace riffle::shell {

inline constexpr const char* kPrompt = "riffle> ";
// As wide as kPrompt so continuation lines stay aligned with the first.
inline constexpr const char* kContinuationPrompt = "      > ";

struct LoopOutcome {
  bool any_failed = false;   // at least one statement failed
  bool interrupted = false;  // a non-interactive run was stopped by Ctrl-C
  bool exited = false;       // the user typed exit or quit
};

class Repl {
 public:
  // `history` may be null (no persistent history). All arguments must outlive the Repl.
  Repl(Engine& engine, ResultSink& sink, InterruptPipe& interrupts, HistoryFile* history)
      : engine_(engine), sink_(sink), interrupts_(interrupts), history_(history) {}

  // Reads and runs statements until end of input, exit/quit, or (non-interactive readers only)
  // Ctrl-C. Interactive: Ctrl-C while typing drops the unfinished statement and prompts afresh;
  // Ctrl-C while a statement runs cancels it (and the rest of that input line) and prompts
  // again; each completed input (a statement over several lines, or several statements on one
  // line) becomes one history entry. Non-interactive: no prompts or history; a last statement
  // without ';' at end of input still runs; Ctrl-C cancels the running statement and stops.
  LoopOutcome Run(LineReader& reader);

  // When on, each statement is shown (as if typed at the prompt) before it runs: used for -f
  // with --interactive at a terminal, so `make demo` shows what produced each output.
  void set_echo(bool echo) { echo_ = echo; }

  // Runs `text` (one or more statements) with Ctrl-C calling Engine::Cancel(). Returns whether
  // every statement succeeded; `*interrupted` tells whether Ctrl-C was pressed meanwhile.
  // Exceptions escaping the engine (bugs) are reported through the sink as errors.
  bool Execute(const std::string& text, bool* interrupted);

 private:
  Engine& engine_;
  ResultSink& sink_;
  InterruptPipe& interrupts_;
  HistoryFile* history_;
  bool echo_ = false;
};

// `statement` as it would look typed at the prompt: kPrompt before the first line and
// kContinuationPrompt before the others.
std::string EchoStatement(const std::string& statement);

}  // namespace riffle::shell
