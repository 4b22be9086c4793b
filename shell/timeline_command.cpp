#include "shell/timeline_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>
#include <tuple>
#include <vector>

#include "core/common/error.h"
#include "core/common/text.h"
#include "shell/display_width.h"
#include "shell/shell_sink.h"
#include "shell/statement_buffer.h"
#include "shell/terminal_keys.h"
#include "shell/timeline_layout.h"
#include "shell/watched_query.h"

namespace riffle::shell {
namespace {

// Held windows asked of the job: more than any screen shows, few enough to copy in a moment.
constexpr size_t kMaxWindows = 500;
constexpr int kRedrawMs = 200;
// Lines of a frame besides the bars (see LayOutTimeline), plus the frame's own first line.
constexpr size_t kFrameChrome = 8;
constexpr size_t kRowsWithoutTerminal = 24;
constexpr int kSettleMs = 10000;
// A script's picture of a query is taken once its picture and lag have stayed the same this
// long (when its sources cannot tell their lag: this many times as long).
constexpr int kQuietMs = 40;
constexpr int kQuietRoundsWithoutLag = 25;
// What a query said last, shown below the picture while it is watched.
constexpr size_t kNotesShown = 3;

// What a picture shows and where its windows come from: a job, or a query watched for them.
struct TimelineSource {
  std::string title;                       // after "Window timeline of "
  std::optional<WindowTimeline> timeline;  // nullopt: nothing to draw yet
  std::vector<std::string> notes;          // what a query said, shown below while watching
  // Takes the windows anew; false when the view should end (the job stopped, the query ended).
  std::function<bool(TimelineSource&)> refresh;
};

std::vector<std::string> Frame(const TimelineSource& source, size_t width, size_t height,
                               bool watching) {
  // A long query is cut, not the way out.
  const std::string head = "Window timeline of ";
  const std::string hint = watching ? " (q or Ctrl-C leaves)" : "";
  const size_t room = std::max<size_t>(width, 40) - head.size() - hint.size();
  std::vector<std::string> lines = {head + TruncateToWidth(source.title, room) + hint};
  const size_t notes = watching ? std::min(source.notes.size(), kNotesShown) : 0;
  if (!source.timeline) {
    lines.push_back("Waiting for the query's first result.");
  } else {
    TimelineLayoutOptions options;
    options.width = width;
    size_t chrome = kFrameChrome + notes;
    options.max_rows = height > chrome + 1 ? height - chrome : 1;
    for (std::string& line : LayOutTimeline(*source.timeline, options)) {
      lines.push_back(std::move(line));
    }
  }
  for (size_t i = source.notes.size() - notes; i < source.notes.size(); ++i) {
    lines.push_back(TruncateToWidth(source.notes[i], width));
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

void PrintPicture(DotShell& shell, const TimelineSource& source) {
  auto [width, height] = shell.TerminalSize();
  shell.sink().Notice(Join(Frame(source, width > 0 ? width : 80,
                                 height > 0 ? height : kRowsWithoutTerminal + kFrameChrome,
                                 /*watching=*/false)));
}

// The alternate screen for the time the view is watched: redraws leave nothing in the
// scrollback, and leaving it puts back what the terminal showed before.
class AlternateScreen {
 public:
  explicit AlternateScreen(DotShell& shell) : shell_(shell) {
    shell_.DrawOnTerminal("\x1b[?1049h\x1b[?25l");
  }
  ~AlternateScreen() { shell_.DrawOnTerminal("\x1b[?25h\x1b[?1049l"); }
  AlternateScreen(const AlternateScreen&) = delete;
  AlternateScreen& operator=(const AlternateScreen&) = delete;

  // Replaces the screen's content by `lines` (at most `height` - 1 of them, so nothing scrolls).
  void Draw(const std::vector<std::string>& lines, size_t height) {
    std::string text = "\x1b[H";
    size_t shown = height > 1 ? std::min(lines.size(), height - 1) : lines.size();
    for (size_t i = 0; i < shown; ++i) text += lines[i] + "\x1b[K\r\n";
    text += "\x1b[J";
    shell_.DrawOnTerminal(text);
  }

 private:
  DotShell& shell_;
};

// Redraws `source`'s picture in place until q, Ctrl-C or its refresh says to stop, then leaves
// the last picture (without the hint to leave) in the scrollback.
void WatchInPlace(DotShell& shell, TimelineSource& source) {
  {
    TerminalKeys keys(STDIN_FILENO);
    AlternateScreen screen(shell);
    std::vector<std::string> drawn;
    size_t drawn_height = 0;
    for (;;) {
      auto [width, height] = shell.TerminalSize();
      std::vector<std::string> frame = Frame(source, width, height, /*watching=*/true);
      // Redrawn when the picture or the terminal changed, not on every tick.
      if (frame != drawn || height != drawn_height) {
        screen.Draw(frame, height);
        drawn = std::move(frame);
        drawn_height = height;
      }
      char key = 0;
      DotShell::Wake wake = shell.WaitForInterruptOrKey(kRedrawMs, true, &key);
      if (wake == DotShell::Wake::kInterrupt) break;
      if (wake == DotShell::Wake::kKey && (key == 'q' || key == 'Q')) break;
      if (!source.refresh(source)) break;
    }
  }
  PrintPicture(shell, source);
}

void Report(DotShell& shell, const std::vector<WatchedQuery::Message>& messages) {
  for (const WatchedQuery::Message& m : messages) {
    switch (m.kind) {
      case WatchedQuery::Message::Kind::kNotice:
        shell.sink().Notice(m.text);
        break;
      case WatchedQuery::Message::Kind::kWarning:
        shell.sink().Warning(m.text);
        break;
      case WatchedQuery::Message::Kind::kError:
        shell.sink().Error(m.text);
        break;
    }
  }
}

void Fail(DotShell& shell, const std::string& message) {
  shell.sink().Error("ERROR shell: .timeline: " + message);
}

enum class Waited { kDone, kInterrupted, kTimedOut };

// Waits until `done`, Ctrl-C or `ms` milliseconds have passed.
Waited WaitUntil(DotShell& shell, int ms, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return Waited::kTimedOut;
    if (shell.WaitForInterrupt(10)) return Waited::kInterrupted;
  }
  return Waited::kDone;
}

// For a script: waits until `query` has read what its sources hold and drawn it (its lag is 0
// and its picture has stayed the same a moment), or has ended, at most kSettleMs. False when it
// did not settle.
bool WaitForQuietQuery(DotShell& shell, WatchedQuery& query) {
  std::vector<std::string> last;
  int quiet = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSettleMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (query.ended()) return true;  // LIMIT: nothing more comes
    std::optional<int64_t> lag = query.Lag();
    std::optional<WindowTimeline> now = query.Timeline(kMaxWindows);
    std::vector<std::string> picture;
    if (now) picture = LayOutTimeline(*now, {});
    quiet = now && picture == last && lag.value_or(0) == 0 ? quiet + 1 : 0;
    last = std::move(picture);
    if (quiet >= (lag ? 2 : kQuietRoundsWithoutLag)) return true;
    if (shell.WaitForInterrupt(kQuietMs)) return false;
  }
  return false;
}

std::string Collapsed(const std::string& statement) {
  std::string text;
  for (char c : statement) {
    bool blank = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (blank && (text.empty() || text.back() == ' ')) continue;
    text += blank ? ' ' : c;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

bool IsTimelineQuery(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos || text.size() - begin < 6) return false;
  std::string word(text.substr(begin, 6));
  AsciiUpperInPlace(word);
  return word == "SELECT" &&
         (text.size() == begin + 6 || std::isspace(static_cast<unsigned char>(text[begin + 6])));
}

bool ShowTimeline(DotShell& shell, const std::string& job_id) {
  const bool watching = shell.interactive_terminal();
  // One picture for a script is taken once the job has read what was written before it, so
  // that it shows what the statements above it did.
  bool settled = watching || shell.WaitForJobsIdle(kSettleMs);
  std::string failure;
  TimelineSource source;
  source.title = job_id;
  source.refresh = [&](TimelineSource& s) {
    try {
      s.timeline = shell.JobTimeline(job_id, kMaxWindows);
      return true;
    } catch (const RiffleError& e) {
      failure = FormatError(e, "");
      return false;
    }
  };
  if (!source.refresh(source)) {
    shell.sink().Error(failure);
    return false;
  }
  if (!watching) {
    PrintPicture(shell, source);
    if (!settled) shell.sink().Warning("the jobs are still reading their sources: this may change");
    return true;
  }
  WatchInPlace(shell, source);
  if (!failure.empty()) shell.sink().Error(failure);
  return failure.empty();
}

bool ShowQueryTimeline(DotShell& shell, const std::string& statement) {
  StatementBuffer buffer;
  std::vector<std::string> statements = buffer.AddLine(statement).statements;
  if (std::string rest = buffer.TakeRemainder(); !rest.empty()) statements.push_back(rest);
  if (statements.size() != 1) {
    Fail(shell,
         "give one query, e.g. .timeline SELECT ... WINDOW TUMBLING (SIZE 10 SECONDS) "
         "GROUP BY ... EMIT CHANGES;");
    return false;
  }
  const bool watching = shell.interactive_terminal();
  // As for a job: the jobs that feed the query's sources first read what was written before.
  bool settled = watching || shell.WaitForJobsIdle(kSettleMs);
  std::unique_ptr<WatchedQuery> query = shell.WatchQuery(statements[0]);
  if (Waited waited = WaitUntil(shell, kSettleMs, [&] { return query->began(); });
      waited != Waited::kDone) {
    query->Stop();
    Report(shell, query->TakeMessages());
    if (waited == Waited::kTimedOut) {
      Fail(shell, "the query's result did not begin within " + FormatDurationMs(kSettleMs) +
                      ": it was cancelled");
    }
    return false;
  }
  if (!query->windowed()) {
    query->Stop();
    std::vector<WatchedQuery::Message> messages = query->TakeMessages();
    bool failed = std::any_of(messages.begin(), messages.end(), [](const auto& m) {
      return m.kind == WatchedQuery::Message::Kind::kError;
    });
    if (failed) {
      Report(shell, messages);
    } else {
      Fail(shell,
           "the query has no window to show. It needs a windowed aggregation and EMIT "
           "CHANGES, e.g. SELECT user, COUNT(*) FROM clicks WINDOW TUMBLING (SIZE 10 "
           "SECONDS) GROUP BY user EMIT CHANGES;");
    }
    return false;
  }
  TimelineSource source;
  source.title = Collapsed(statements[0]);
  std::vector<WatchedQuery::Message> said;  // shown after the view
  source.refresh = [&](TimelineSource& s) {
    for (WatchedQuery::Message& m : query->TakeMessages()) {
      s.notes.push_back(m.text);
      said.push_back(std::move(m));
    }
    if (std::optional<WindowTimeline> now = query->Timeline(kMaxWindows)) s.timeline = now;
    return !query->ended();  // LIMIT, or it failed: the windows it ended with stay
  };
  if (!watching) {
    settled = WaitForQuietQuery(shell, *query) && settled;
    source.refresh(source);
    query->Stop();
    PrintPicture(shell, source);
    if (!settled) shell.sink().Warning("the query is still reading its sources: this may change");
  } else {
    source.refresh(source);
    WatchInPlace(shell, source);
    query->Stop();
  }
  for (WatchedQuery::Message& m : query->TakeMessages()) said.push_back(std::move(m));
  Report(shell, said);
  return query->succeeded();
}

}  // namespace riffle::shell
