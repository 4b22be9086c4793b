#include "shell/repl.h"

#include <exception>

namespace riffle::shell {

std::string EchoStatement(const std::string& statement) {
  std::string out = kPrompt;
  for (char c : statement) {
    out += c;
    if (c == '\n') out += kContinuationPrompt;
  }
  return out;
}

bool Repl::Execute(const std::string& text, bool* interrupted) {
  if (echo_) sink_.Notice(EchoStatement(text));
  bool ok = false;
  InterruptWatcher watcher(interrupts_, [this] { engine_.Cancel(); });
  try {
    ok = engine_.Execute(text, sink_, /*continue_on_error=*/true);
  } catch (const std::exception& e) {
    sink_.Error(std::string("ERROR internal: ") + e.what());
  } catch (...) {
    sink_.Error("ERROR internal: unknown exception");
  }
  *interrupted = watcher.interrupted();
  return ok;
}

LoopOutcome Repl::Run(LineReader& reader) {
  LoopOutcome outcome;
  StatementBuffer buffer;
  const bool interactive = reader.interactive();
  for (;;) {
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
        if (!Execute(rest, &interrupted)) outcome.any_failed = true;
        outcome.interrupted = interrupted;
      }
      return outcome;
    }
    if (buffer.empty() && IsExitCommand(read.line)) {
      outcome.exited = true;
      return outcome;
    }
    FeedResult fed = buffer.AddLine(read.line);
    if (interactive && !fed.history_entry.empty()) {
      reader.AddHistory(fed.history_entry);
      // Persisted before running: a long push query may be how the session ends.
      if (history_ != nullptr) history_->Append(fed.history_entry);
    }
    for (const std::string& statement : fed.statements) {
      bool interrupted = false;
      if (!Execute(statement, &interrupted)) outcome.any_failed = true;
      if (interrupted) {
        // The rest of what was typed on that line was queued behind the cancelled statement;
        // Ctrl-C means "stop", so it is dropped too.
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
