#include "shell/readline_reader.h"

#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace riffle::shell {
namespace {

// Readline's callback takes no user pointer; the one active Read() parks its
// result here.
struct PendingLine {
  bool done = false;
  std::optional<std::string> line;  // nullopt: EOF
};
PendingLine* g_pending = nullptr;

// The active reader's completer (readline's completion hooks take no user
// pointer either).
ReadlineReader::Completer* g_completer = nullptr;
std::vector<std::string> g_candidates;

char* NextCandidate(const char*, int state) {
  static size_t next = 0;
  if (state == 0) next = 0;
  if (next >= g_candidates.size()) return nullptr;
  return strdup(g_candidates[next++].c_str());
}

char** AttemptCompletion(const char*, int, int) {
  rl_attempted_completion_over = 1;  // never fall back to readline's file-name completion
  if (g_completer == nullptr || !*g_completer) return nullptr;
  std::string before(rl_line_buffer, static_cast<size_t>(rl_point));
  Completion completion;
  try {
    completion = (*g_completer)(before);
  } catch (...) {
    return nullptr;  // completion must never take the prompt down
  }
  g_candidates = std::move(completion.candidates);
  if (g_candidates.empty()) return nullptr;
  rl_completion_append_character = completion.append;
  // Our candidates already carry the user's case choice; readline must not
  // second-guess.
  rl_completion_suppress_quote = 1;
  return rl_completion_matches("", NextCandidate);
}

void OnLine(char* raw) {
  std::unique_ptr<char, decltype(&std::free)> owned(raw, &std::free);
  if (g_pending == nullptr) return;
  g_pending->done = true;
  if (raw != nullptr) g_pending->line = std::string(raw);
  // Stop readline from handling more input until the next Read(): the statement
  // runs next.
  rl_callback_handler_remove();
}

}  // namespace

ReadlineReader::ReadlineReader(int interrupt_fd) : interrupt_fd_(interrupt_fd) {
  // riffle owns SIGINT (see interrupt.h); readline keeps SIGWINCH for resizes.
  rl_catch_signals = 0;
  rl_readline_name = "riffle";
  // Tab inserts itself until a completer is set (set_completer); pasted
  // statements indented with tabs arrive intact through bracketed paste.
  rl_bind_key('\t', rl_insert);
  rl_completer_word_break_characters = const_cast<char*>(kCompletionWordBreaks);
  rl_completer_quote_characters = nullptr;
  rl_attempted_completion_function = AttemptCompletion;
  using_history();
  // Readline saves the terminal settings it finds before each line and restores
  // them after, so this also holds while statements run.
  if (tcgetattr(STDIN_FILENO, &saved_termios_) == 0) {
    termios quiet = saved_termios_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHOCTL);
    termios_saved_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
  }
}

void ReadlineReader::set_completer(Completer completer) {
  completer_ = std::move(completer);
  g_completer = &completer_;
  rl_bind_key('\t', rl_complete);
}

ReadlineReader::~ReadlineReader() {
  if (g_completer == &completer_) g_completer = nullptr;
  rl_callback_handler_remove();
  if (termios_saved_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios_);
}

void ReadlineReader::AddHistory(const std::string& entry) {
  if (entry.empty()) return;
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last != nullptr && last->line != nullptr && entry == last->line) return;
  add_history(entry.c_str());
}

ReadResult ReadlineReader::Read(const std::string& prompt) {
  PendingLine pending;
  g_pending = &pending;
  rl_callback_handler_install(prompt.c_str(), OnLine);
  ReadResult result;
  while (!pending.done) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    int rc = poll(fds, 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      pending.done = true;  // stdin is unusable: treat as end of input
      break;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      // Ctrl-C: show ^C (the terminal no longer echoes it), abandon the line,
      // and leave readline ready for a fresh prompt.
      char drain[64];
      while (read(interrupt_fd_, drain, sizeof drain) > 0) {
      }
      std::fputs("^C", rl_outstream != nullptr ? rl_outstream : stdout);
      rl_callback_sigcleanup();
      rl_replace_line("", 0);
      rl_point = rl_end = rl_mark = 0;
      rl_crlf();
      std::fflush(rl_outstream != nullptr ? rl_outstream : stdout);
      rl_callback_handler_remove();
      g_pending = nullptr;
      result.status = ReadResult::Status::kInterrupted;
      return result;
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) rl_callback_read_char();
  }
  g_pending = nullptr;
  if (pending.line) {
    result.status = ReadResult::Status::kLine;
    result.line = std::move(*pending.line);
  } else {
    // Ctrl-D: readline leaves the cursor after the prompt; end the line for the
    // shell's prompt.
    rl_callback_handler_remove();
    std::fputs("\n", rl_outstream != nullptr ? rl_outstream : stdout);
    std::fflush(rl_outstream != nullptr ? rl_outstream : stdout);
  }
  return result;
}

}  // namespace riffle::shell
