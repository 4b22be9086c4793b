#include "shell/timeline_command.h"

#include <unistd.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "core/common/error.h"
#include "shell/shell_sink.h"
#include "shell/terminal_keys.h"
#include "shell/timeline_layout.h"

namespace riffle::shell {
namespace {

// Held windows asked of the job: more than any screen shows, few enough to copy in a moment.
constexpr size_t kMaxWindows = 500;
constexpr int kRedrawMs = 200;
// Lines of a frame besides the bars (see LayOutTimeline), plus the frame's own first line.
constexpr size_t kFrameChrome = 8;
constexpr size_t kRowsWithoutTerminal = 24;
constexpr int kSettleMs = 10000;

std::vector<std::string> Frame(const std::string& job_id, const WindowTimeline& timeline,
                               size_t width, size_t height, bool watching) {
  TimelineLayoutOptions options;
  options.width = width;
  options.max_rows = height > kFrameChrome + 1 ? height - kFrameChrome : 1;
  std::vector<std::string> lines = {"Window timeline of " + job_id +
                                    (watching ? " (q or Ctrl-C leaves)" : "")};
  for (std::string& line : LayOutTimeline(timeline, options)) lines.push_back(std::move(line));
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
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

}  // namespace

bool ShowTimeline(DotShell& shell, const std::string& job_id) {
  const bool watching = shell.interactive_terminal();
  // One picture for a script is taken once the job has read what was written before it, so
  // that it shows what the statements above it did.
  bool settled = watching || shell.WaitForJobsIdle(kSettleMs);
  WindowTimeline timeline;
  try {
    timeline = shell.JobTimeline(job_id, kMaxWindows);
  } catch (const RiffleError& e) {
    shell.sink().Error(FormatError(e, ""));
    return false;
  }
  auto [width, height] = shell.TerminalSize();
  if (!watching) {
    shell.sink().Notice(Join(Frame(job_id, timeline, width > 0 ? width : 80,
                                   height > 0 ? height : kRowsWithoutTerminal + kFrameChrome,
                                   /*watching=*/false)));
    if (!settled) shell.sink().Warning("the jobs are still reading their sources: this may change");
    return true;
  }
  std::vector<std::string> last;
  std::string failure;
  {
    TerminalKeys keys(STDIN_FILENO);
    AlternateScreen screen(shell);
    std::vector<std::string> drawn;
    size_t drawn_height = 0;
    for (;;) {
      std::tie(width, height) = shell.TerminalSize();
      last = Frame(job_id, timeline, width, height, /*watching=*/true);
      // Redrawn when the picture or the terminal changed, not on every tick.
      if (last != drawn || height != drawn_height) {
        screen.Draw(last, height);
        drawn = last;
        drawn_height = height;
      }
      char key = 0;
      DotShell::Wake wake = shell.WaitForInterruptOrKey(kRedrawMs, true, &key);
      if (wake == DotShell::Wake::kInterrupt) break;
      if (wake == DotShell::Wake::kKey && (key == 'q' || key == 'Q')) break;
      try {
        timeline = shell.JobTimeline(job_id, kMaxWindows);
      } catch (const RiffleError& e) {
        failure = FormatError(e, "");
        break;
      }
    }
  }
  // The last picture stays in the scrollback, without the hint to leave.
  last[0] = "Window timeline of " + job_id;
  shell.sink().Notice(Join(last));
  if (!failure.empty()) shell.sink().Error(failure);
  return failure.empty();
}

}  // namespace riffle::shell
