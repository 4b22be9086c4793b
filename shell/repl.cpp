#include "shell/repl.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>

#include "core/common/secrets.h"
#include "core/common/text.h"
#include "core/expr/function_registry.h"
#include "shell/fd_line_reader.h"
#include "shell/progress.h"
#include "shell/statement_help.h"
#include "shell/watched_query.h"

namespace riffle::shell {
namespace {

std::string FormatSeconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "Run Time: %.3f s", seconds);
  return buf;
}

bool IsBareHelp(const std::string& line) {
  size_t begin = line.find_first_not_of(" \t");
  size_t end = line.find_last_not_of(" \t");
  if (begin == std::string::npos || end - begin != 3) return false;
  std::string word = line.substr(begin, 4);
  AsciiLowerInPlace(word);
  return word == "help";
}

}  // namespace

// The statement as typed, with its secrets masked (a script's SET of a password is echoed too).
std::string EchoStatement(const std::string& statement) {
  std::string out = kPrompt;
  for (char c : RedactSql(statement)) {
    out += c;
    if (c == '\n') out += kContinuationPrompt;
  }
  return out;
}

bool Repl::Execute(const std::string& text, bool* interrupted) {
  for (const std::string& event : engine_.TakeEvents()) sink_.Warning(event);
  if (echo_) sink_.Notice(EchoStatement(text));
  *interrupted = false;
  auto started = std::chrono::steady_clock::now();
  bool ok = false;
  std::string topic;
  if (ParseHelpStatement(text, &topic)) {
    if (topic.empty()) {
      sink_.Notice(FormatHelpOverview());
      ok = true;
    } else {
      std::vector<const StatementHelp*> found = FindStatementHelp(topic);
      std::string out;
      for (const StatementHelp* help : found) {
        if (!out.empty()) out += '\n';
        out += FormatStatementHelp(*help);
      }
      ok = !found.empty();
      if (ok) {
        sink_.Notice(out);
      } else {
        sink_.Error("ERROR shell: no help for '" + topic +
                    "'. HELP lists the statements; .help lists the dot commands.");
      }
    }
  } else {
    sink_.BeginStatement();
    std::unique_ptr<ProgressLine> progress;
    if (progress_stream_ != nullptr) {
      progress = std::make_unique<ProgressLine>(
          *progress_stream_, [this] { return sink_.statement_rows(); },
          std::chrono::milliseconds(1000), std::chrono::milliseconds(250),
          [this] { return sink_.Lag(); }, std::chrono::milliseconds(1000),
          [this] { return sink_.ProgressStatus(); }, [this] { return sink_.CurrentWidth(); });
      sink_.set_before_output([p = progress.get()] { p->Clear(); });
    }
    struct Unhook {
      ShellSink& sink;
      bool hooked;
      ~Unhook() {
        if (hooked) sink.set_before_output(nullptr);
      }
    } unhook{sink_, progress != nullptr};
    InterruptWatcher watcher(interrupts_, [this] { engine_.Cancel(); });
    try {
      ok = engine_.Execute(text, sink_, /*continue_on_error=*/true);
    } catch (const std::exception& e) {
      sink_.Error(std::string("ERROR internal: ") + e.what());
    } catch (...) {
      sink_.Error("ERROR internal: unknown exception");
    }
    sink_.CloseResult();
    *interrupted = watcher.interrupted();
    if (*interrupted) dot_interrupted_ = true;
    names_stale_ = true;
  }
  if (timer_) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    sink_.Notice(FormatSeconds(elapsed.count()));
  }
  return ok;
}

void Repl::Echo(const std::string& statement) {
  // With echo on, Execute shows SQL itself; dot commands it never shows.
  if (!echo_ || IsDotCommand(statement)) sink_.Notice(EchoStatement(statement));
}

bool Repl::RunStatements(const std::string& text, bool* interrupted) {
  return Execute(text, interrupted);
}

bool Repl::RunOne(const std::string& statement, bool* interrupted) {
  bool ok = Execute(statement, interrupted);
  sink_.StatementDone();
  return ok;
}

bool Repl::RunFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sink_.Error("ERROR shell: cannot read " + path + ": " + std::strerror(errno));
    return false;
  }
  FdLineReader reader(fd, interrupts_.read_fd());
  LoopOutcome outcome = Run(reader);
  close(fd);
  return !outcome.any_failed && !outcome.interrupted;
}

void Repl::LoadHistory(const std::vector<std::string>& entries) {
  session_history_.insert(session_history_.end(), entries.begin(), entries.end());
}

void Repl::AddHistoryEntry(const std::string& entry) {
  // Secrets stay out of every history: the file, Up-arrow recall and .history.
  if (entry.empty() || !MayPersistHistoryEntry(entry)) return;
  if (session_history_.empty() || session_history_.back() != entry) {
    session_history_.push_back(entry);
  }
  if (current_reader_ != nullptr) current_reader_->AddHistory(entry);
  // Persisted before running: a long push query may be how the session ends.
  if (history_ != nullptr) history_->Append(entry);
}

bool Repl::WaitForInterrupt(int ms) {
  pollfd fd = {interrupts_.read_fd(), POLLIN, 0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    int rc = poll(&fd, 1, static_cast<int>(left.count()));
    if (rc > 0) {
      dot_interrupted_ = interrupts_.Drain() || dot_interrupted_;
      return dot_interrupted_;
    }
    if (rc < 0 && errno != EINTR) return false;
  }
}

DotShell::Wake Repl::WaitForInterruptOrKey(int ms, bool keys, char* key) {
  pollfd fds[2] = {{interrupts_.read_fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
  nfds_t count = keys && interactive_terminal() && isatty(STDIN_FILENO) ? 2 : 1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Wake::kTimeout;
    int rc = poll(fds, count, static_cast<int>(left.count()));
    if (rc < 0 && errno != EINTR) return Wake::kTimeout;
    if (rc <= 0) continue;
    if (fds[0].revents != 0) {
      dot_interrupted_ = interrupts_.Drain() || dot_interrupted_;
      if (dot_interrupted_) return Wake::kInterrupt;
    }
    if (count == 2 && fds[1].revents != 0) {
      char c = 0;
      ssize_t n = read(STDIN_FILENO, &c, 1);
      if (n <= 0) return Wake::kInterrupt;  // the terminal went away: stop watching
      *key = c;
      return Wake::kKey;
    }
  }
}

std::unique_ptr<WatchedQuery> Repl::WatchQuery(const std::string& statement) {
  names_stale_ = true;  // as after any statement
  return std::make_unique<WatchedQuery>(engine_, statement);
}

std::string Repl::Editor() const {
  for (const char* name : {"VISUAL", "EDITOR"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return "vi";
}

Completion Repl::CompleteLine(const std::string& line_before_cursor) {
  if (names_stale_) {
    CatalogNames names = engine_.ListNames();
    names_ = CompletionCatalog{};
    for (const auto& s : names.sources) names_.sources.push_back({s.name, s.topic, s.columns});
    names_.jobs = names.jobs;
    names_.properties = names.properties;
    names_.functions = FunctionRegistry::Get().Names();
    for (const std::string& a : AggregateFunctionNames()) names_.functions.push_back(a);
    names_.list_files = ListFiles;
    names_stale_ = false;
  }
  std::string text;
  if (current_buffer_ != nullptr && !current_buffer_->empty()) {
    text = current_buffer_->pending();
    if (text.back() != '\n') text += '\n';
  }
  text += line_before_cursor;
  return Complete(text, names_);
}

LoopOutcome Repl::Run(LineReader& reader) {
  LoopOutcome outcome;
  StatementBuffer buffer;
  const bool interactive = reader.interactive();
  // .read runs a nested loop: restore the outer one's state when it ends.
  const StatementBuffer* outer_buffer = current_buffer_;
  LineReader* outer_reader = current_reader_;
  struct Restore {
    Repl* repl;
    const StatementBuffer* buffer;
    LineReader* reader;
    ~Restore() {
      repl->current_buffer_ = buffer;
      repl->current_reader_ = reader;
    }
  } restore{this, outer_buffer, outer_reader};
  current_buffer_ = &buffer;
  if (interactive) current_reader_ = &reader;
  for (;;) {
    // What another riffle process asked of this one, or a takeover, shows before the prompt.
    for (const std::string& event : engine_.TakeEvents()) sink_.Warning(event);
    ReadResult read = reader.Read(buffer.empty() ? kPrompt : kContinuationPrompt);
    if (read.status == ReadResult::Status::kInterrupted) {
      interrupts_.Drain();
      if (interactive) {
        buffer.Clear();
        continue;
      }
      outcome.interrupted = true;
      return outcome;
    }
    if (read.status == ReadResult::Status::kEof) {
      std::string rest = buffer.TakeRemainder();
      if (!interactive && !rest.empty()) {
        bool interrupted = false;
        if (!RunOne(rest, &interrupted)) outcome.any_failed = true;
        outcome.interrupted = interrupted;
      }
      return outcome;
    }
    if (buffer.empty() && IsExitCommand(read.line)) {
      outcome.exited = true;
      return outcome;
    }
    // Enter on an empty line during a lesson: its next step (not kept in the history).
    const bool next_step = interactive && buffer.empty() && steps_.active() &&
                           read.line.find_first_not_of(" \t") == std::string::npos;
    if (next_step) read.line = ".step";
    if (buffer.empty() && IsBareHelp(read.line)) {
      // "help" without ';', like exit and quit: what a lost newcomer types.
      if (interactive) AddHistoryEntry(read.line);
      bool interrupted = false;
      RunOne("HELP", &interrupted);
      continue;
    }
    if (buffer.empty() && IsDotCommand(read.line)) {
      if (interactive && !next_step) AddHistoryEntry(read.line);
      if (echo_) sink_.Notice(EchoStatement(read.line));
      // No StatementDone() here: `.once FILE` is for the statement that follows it.
      dot_interrupted_ = false;
      if (!RunDotCommand(*this, read.line)) outcome.any_failed = true;
      if (dot_interrupted_ && !interactive) {
        outcome.interrupted = true;  // Ctrl-C stops a script, even inside .watch or .read
        return outcome;
      }
      if (exit_requested_) {
        outcome.exited = true;
        return outcome;
      }
      continue;
    }
    FeedResult fed = buffer.AddLine(read.line);
    if (interactive && !fed.history_entry.empty()) AddHistoryEntry(fed.history_entry);
    for (const std::string& statement : fed.statements) {
      bool interrupted = false;
      if (!RunOne(statement, &interrupted)) outcome.any_failed = true;
      if (interrupted) {
        // The rest of what was typed on that line was queued behind the
        // cancelled statement; Ctrl-C means "stop", so it is dropped too.
        if (!interactive) {
          outcome.interrupted = true;
          return outcome;
        }
        buffer.Clear();
        break;
      }
    }
  }
}

}  // namespace riffle::shell
