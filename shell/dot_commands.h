#pragma once
// The shell's dot commands (.mode, .timer, .watch, ...), all in one table that drives .help,
// Tab completion and argument checks, so the three cannot disagree.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exec/window_timeline.h"

namespace riffle::shell {

class ShellSink;
class StepSession;
class WatchedQuery;

// What dot commands act on; the statement loop (Repl) implements it.
class DotShell {
 public:
  virtual ~DotShell() = default;
  virtual ShellSink& sink() = 0;
  virtual bool timer() const = 0;
  virtual void SetTimer(bool on) = 0;
  // Runs SQL text (one or more statements; HELP included) with Ctrl-C cancelling it. Returns
  // whether every statement succeeded; `*interrupted` tells whether Ctrl-C stopped it.
  virtual bool RunStatements(const std::string& text, bool* interrupted) = 0;
  // Runs a file of statements and dot commands. Returns false when it cannot be read or a
  // statement in it failed.
  virtual bool RunFile(const std::string& path) = 0;
  // This session's history entries, oldest first (entries with secrets are never kept).
  virtual std::vector<std::string> HistoryEntries() const = 0;
  // Records an entry the user ran indirectly (the text saved from .edit).
  virtual void AddHistoryEntry(const std::string& entry) = 0;
  // True when results go to a terminal (so .watch may clear the screen).
  virtual bool terminal() const = 0;
  // Clears the terminal screen (no-op when not a terminal).
  virtual void ClearScreen() = 0;
  // Waits up to `ms` milliseconds; returns true (early) if Ctrl-C was pressed.
  virtual bool WaitForInterrupt(int ms) = 0;
  // The editor command for .edit ($VISUAL, else $EDITOR, else "vi").
  virtual std::string Editor() const = 0;
  // Ends the session after the current command (.quit).
  virtual void RequestExit() = 0;
  // The lesson `.step` is running through, if any.
  virtual StepSession& steps() = 0;
  // Shows `statement` (SQL or a dot command line) as if typed at the prompt, unless the shell
  // shows every statement it runs anyway.
  virtual void Echo(const std::string& statement) = 0;

  // For in-place views (.timeline). True when a person watches: lines come from the terminal
  // and results go to it.
  virtual bool interactive_terminal() const = 0;
  // The terminal's size now, {columns, rows}; {0, 0} when results do not go to a terminal.
  virtual std::pair<size_t, size_t> TerminalSize() = 0;
  // Writes `text` (escape sequences included) to the terminal as it is, flushed.
  virtual void DrawOnTerminal(const std::string& text) = 0;
  enum class Wake { kTimeout, kInterrupt, kKey };
  // Waits up to `ms` milliseconds for Ctrl-C or, when `keys` and interactive_terminal(), a key
  // typed (in `*key`; the terminal should be in TerminalKeys mode, terminal_keys.h).
  virtual Wake WaitForInterruptOrKey(int ms, bool keys, char* key) = 0;
  // The windows of job `job_id` (Engine::JobTimeline); throws RiffleError as it does.
  virtual WindowTimeline JobTimeline(const std::string& job_id, size_t max_windows) = 0;
  // Starts push query `statement` on a thread of its own, its rows not shown, for `.timeline
  // SELECT ...` (watched_query.h).
  virtual std::unique_ptr<WatchedQuery> WatchQuery(const std::string& statement) = 0;
  // Waits until the jobs have read what their sources hold (Engine::WaitForIdle); false when
  // they have not within `timeout_ms`.
  virtual bool WaitForJobsIdle(int timeout_ms) = 0;
};

enum class DotArgKind {
  kNone,        // no arguments
  kChoice,      // one of `choices`
  kNumber,      // a non-negative integer
  kFile,        // a path (or one of `choices`, when there are any)
  kStatement,   // [SECONDS] then SQL, the rest of the line verbatim (.watch)
  kHelpTopic,   // a dot command or statement name
  kJobOrQuery,  // a job id, or a query: SELECT then the rest of the line verbatim (.timeline)
};

struct DotCommand {
  using Handler = bool (*)(DotShell& shell, const std::vector<std::string>& args,
                           const std::string& rest);
  std::string name;  // without the dot
  std::string args;  // usage of the arguments, e.g. "[on|off]"
  std::string help;  // one line
  int min_args;
  int max_args;  // -1: the rest of the line is one argument (kStatement)
  DotArgKind arg_kind;
  std::vector<std::string> choices;  // for kChoice
  Handler handler;
};

// Every dot command, sorted by name.
const std::vector<DotCommand>& DotCommands();
// The command named `name` (without the dot, case-sensitive; "exit" is .quit's alias), or null.
const DotCommand* FindDotCommand(std::string_view name);

// True when `line` is a dot command (its first non-blank character is '.').
bool IsDotCommand(std::string_view line);

// Parses and runs one dot command line: checks its arguments against the table (reporting
// mistakes with the usage through shell.sink()), then calls the handler. Returns false when
// the command was wrong or failed.
bool RunDotCommand(DotShell& shell, std::string_view line);

// ".help" text: every command with its usage and help; with `only`, just that command.
std::string FormatDotHelp(const DotCommand* only = nullptr);

// Splits dot command arguments at blanks; "..." and '...' group words (no escapes).
std::vector<std::string> SplitDotArgs(std::string_view text);

// Opens `editor` (a shell command; the file name is appended) on a temporary file holding
// `initial`, then reads it back into `*edited`. Returns false with `*error` set when the
// editor could not be run or exited with failure.
bool EditText(const std::string& editor, const std::string& initial, std::string* edited,
              std::string* error);

}  // namespace riffle::shell
