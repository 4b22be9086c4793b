// The live table view: changes applied to the kept rows, the frames drawn from them, redraws
// in place and their throttling, and the shell sink that chooses it.

#include "shell/live_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "shell/display_width.h"
#include "shell/live_screen.h"
#include "shell/shell_sink.h"
#include "tests/unit/shell/fake_terminal.h"

namespace riffle::shell {
namespace {

using std::chrono::milliseconds;
using Row = std::vector<Value>;

std::vector<ResultColumn> Columns() { return {{"K", Type::String()}, {"N", Type::Bigint()}}; }
Row M(const char* marker, const char* k, int64_t n) {
  return {Value::String(marker), Value::String(k), Value::Int(n)};
}

std::string Show(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) out += r[0].as_string() + "=" + std::to_string(r[1].as_int()) + " ";
  return out;
}

TEST(LiveTableTest, UpdatesReplaceTheirRowAndDeletesRemoveIt) {
  LiveTable table(Columns(), {});
  table.Apply(M("+I", "a", 1));
  table.Apply(M("+I", "b", 1));
  table.Apply(M("+I", "c", 1));
  EXPECT_EQ(Show(table.Rows()), "a=1 b=1 c=1 ");
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));
  EXPECT_EQ(Show(table.Rows()), "a=2 b=1 c=1 ");
  table.Apply(M("-U", "b", 1));
  table.Apply(M("+U", "b", 5));
  EXPECT_EQ(Show(table.Rows()), "a=2 b=5 c=1 ");
  table.Apply(M("-D", "b", 5));
  EXPECT_EQ(Show(table.Rows()), "a=2 c=1 ");
  table.Apply(M("+I", "b", 9));  // a key deleted then inserted again takes its sorted place
  EXPECT_EQ(Show(table.Rows()), "a=2 b=9 c=1 ");
  table.Apply(M("-D", "zz", 1));  // unknown: nothing to remove
  EXPECT_EQ(table.size(), 3u);
}

TEST(LiveTableTest, RowsAreSortedByKeyThenWindowWhateverTheirArrivalOrder) {
  // N is the key here, selected after a value; the window bounds come first in the result.
  std::vector<ResultColumn> columns = {
      {"WS", Type::Bigint()}, {"V", Type::String()}, {"N", Type::Bigint(), /*key=*/true}};
  columns[0].window_bound = true;
  LiveTable table(columns, {});
  auto row = [](int64_t ws, const char* v, int64_t n) {
    return Row{Value::String("+I"), Value::Int(ws), Value::String(v), Value::Int(n)};
  };
  table.Apply(row(20, "x", 2));
  table.Apply(row(10, "y", 2));
  table.Apply(row(30, "z", 1));
  table.Apply(row(10, "w", 1));
  std::string order;
  for (const Row& r : table.Rows()) {
    order += std::to_string(r[2].as_int()) + "@" + std::to_string(r[0].as_int()) + " ";
  }
  EXPECT_EQ(order, "1@10 1@30 2@10 2@20 ");
}

TEST(LiveTableTest, FrameIsTheBoxedTable) {
  LiveTable table(Columns(), {});
  table.Apply(M("+I", "a", 1));
  table.Apply(M("+I", "bb", 10));
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));
  EXPECT_EQ(table.Frame(),
            "+----+----+\n"
            "| K  | N  |\n"
            "+----+----+\n"
            "| a  |  2 |\n"
            "| bb | 10 |\n"
            "+----+----+\n");
}

TEST(LiveTableTest, FrameFitsTheTerminalHeight) {
  RenderOptions options;
  options.terminal_width = 40;
  options.terminal_height = 10;
  LiveTable table(Columns(), options);
  for (int i = 0; i < 8; ++i) table.Apply(M("+I", std::string(1, char('a' + i)).c_str(), i));
  table.SetStatus("stream time S none yet");
  std::string frame = table.Frame();
  size_t lines = static_cast<size_t>(std::count(frame.begin(), frame.end(), '\n'));
  // Room is left below for the cursor's line, where the progress line is drawn.
  EXPECT_EQ(lines, options.terminal_height - 1) << frame;
  EXPECT_NE(frame.find("| a |"), std::string::npos) << frame;  // the first rows are shown
  EXPECT_EQ(frame.find("| h |"), std::string::npos) << frame;
  EXPECT_NE(frame.find("\n5 more rows not shown\nstream time S none yet\n"), std::string::npos)
      << frame;
  EXPECT_EQ(MoreRows(1), "1 more row");
}

// A windowed view: key K, window start WS.
std::vector<ResultColumn> WindowedColumns() {
  std::vector<ResultColumn> columns = {
      {"K", Type::String(), /*key=*/true}, {"N", Type::Bigint()}, {"WINDOWSTART", Type::Bigint()}};
  columns[2].window_bound = true;
  return columns;
}
Row W(const char* k, int64_t n, int64_t ws) {
  return {Value::String("+I"), Value::String(k), Value::Int(n), Value::Int(ws)};
}

TEST(LiveTableTest, AWindowedViewKeepsTheNewestWindowsInSight) {
  RenderOptions options;
  options.terminal_width = 60;
  options.terminal_height = 9;  // 8 lines: 4 of table chrome, 1 "more rows" line, 3 rows
  LiveTable table(WindowedColumns(), options);
  for (int64_t w = 0; w < 4; ++w) {
    table.Apply(W("a", 1, w * 1000));
    table.Apply(W("b", 1, w * 1000));
  }
  std::string frame = table.Frame();
  // The three newest rows (window 3000 of both keys, window 2000 of key a), in key order.
  EXPECT_NE(frame.find("| a | 1 | 1970-01-01 00:00:02.000 |\n"
                       "| a | 1 | 1970-01-01 00:00:03.000 |\n"
                       "| b | 1 | 1970-01-01 00:00:03.000 |\n"),
            std::string::npos)
      << frame;
  EXPECT_NE(frame.find("5 more rows in older windows not shown"), std::string::npos) << frame;
}

TEST(LiveTableTest, EveryLineIsCutToTheTerminalWidth) {
  RenderOptions options;
  options.terminal_width = 30;
  options.terminal_height = 20;
  LiveTable table(WindowedColumns(), options);
  table.Apply(W("a-key-much-wider-than-thirty-columns-altogether", 123456789, 0));
  table.SetStatus("stream time SOME_LONG_STREAM_NAME 2026-12-07 10:00:00.000 \xC2\xB7 0 late");
  std::string frame = table.Frame();
  size_t start = 0;
  int lines = 0;
  while (start < frame.size()) {
    size_t end = frame.find('\n', start);
    std::string line = frame.substr(start, end - start);
    EXPECT_LE(DisplayWidth(line), 30u) << line;
    start = end + 1;
    ++lines;
  }
  EXPECT_GE(lines, 6);
  EXPECT_NE(frame.find("stream time SOME_LONG_STREAM_\xE2\x80\xA6"), std::string::npos) << frame;
}

TEST(LiveTableTest, CutLinesKeepTheirEscapesAndResetThem) {
  EXPECT_EQ(CutLineToWidth("\x1b[1mabcdef\x1b[0m", 4), "\x1b[1mabc\xE2\x80\xA6\x1b[0m");
  EXPECT_EQ(CutLineToWidth("\x1b[1mabc\x1b[0m", 3), "\x1b[1mabc\x1b[0m");  // fits: unchanged
  EXPECT_EQ(CutLineToWidth("abcdef", 4), "abc\xE2\x80\xA6");
}

TEST(LiveTableTest, RedrawingInAFakeTerminalNeverStacksCopiesAndSurvivesAResize) {
  // At 80 columns and 24 lines: many redraws of a table taller and wider than the screen must
  // leave exactly one copy of it, in the scrollback or on the screen.
  RenderOptions options;
  options.terminal_width = 80;
  options.terminal_height = 24;
  FakeTerminal terminal(80, 24);
  terminal.Write("riffle> SELECT ...;\n");
  std::vector<ResultColumn> columns = WindowedColumns();
  columns.push_back({"A_RATHER_LONG_COLUMN_NAME_THAT_TAKES_ROOM", Type::String()});
  columns.push_back({"ANOTHER_RATHER_LONG_COLUMN_NAME", Type::String()});
  LiveTable table(columns, options, milliseconds(0));
  auto t = LiveTable::Clock::now();
  auto row = [](int i) {
    return Row{Value::String("+I"),
               Value::String("user" + std::to_string(i % 7)),
               Value::Int(i),
               Value::Int(i / 7 * 1000),
               Value::String(std::string(60, 'x')),
               Value::String(std::string(50, 'y'))};
  };
  for (int i = 0; i < 60; ++i) {
    table.Apply(row(i));
    table.SetStatus("stream time CLICKS " + std::to_string(i) + " \xC2\xB7 0 late dropped");
    terminal.Write(table.Redraw(t));
    terminal.Write("\r\x1b[2K12.0 s \xC2\xB7 60 rows");  // the progress line, then erased
    terminal.Write("\r\x1b[2K");
  }
  std::string header;
  for (const std::string& line : terminal.Screen()) {
    if (line.rfind("| K ", 0) == 0) header = line;
  }
  std::string screen;
  for (const std::string& line : terminal.Lines()) screen += line + "\n";
  ASSERT_FALSE(header.empty()) << screen;
  EXPECT_EQ(terminal.Count(header), 1u) << screen;  // one copy of the table, not one per redraw
  EXPECT_EQ(terminal.Count("riffle> SELECT ...;"), 1u);
  EXPECT_EQ(terminal.Count("stream time CLICKS 59 \xC2\xB7 0 late dropped"), 1u);
  EXPECT_EQ(terminal.Count("stream time CLICKS 58 \xC2\xB7 0 late dropped"), 0u);

  // Narrower and shorter: the next redraw clears the screen and draws the table to fit.
  terminal.Resize(50, 15);
  table.Resize(50, 15);
  std::string redraw = table.Redraw(t);
  EXPECT_EQ(redraw.substr(0, 4), "\x1b[H+");  // from the top, no "erase the screen"
  terminal.Write(redraw);
  size_t used = 0;
  for (const std::string& line : terminal.Screen()) {
    EXPECT_LE(DisplayWidth(line), 50u) << line;
    if (!line.empty()) ++used;
  }
  EXPECT_LE(used, 14u);
  EXPECT_EQ(terminal.Screen().back(), "");  // the cursor's line stays free
  for (int i = 60; i < 70; ++i) {
    table.Apply(row(i));
    terminal.Write(table.Redraw(t));
  }
  // One frame on the screen: one status line, and it is the last.
  size_t status_lines = 0;
  for (const std::string& line : terminal.Screen()) {
    status_lines += line.rfind("stream time CLICKS", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(status_lines, 1u);
  // The frame now starts at the top-left corner: its redraws must not save copies of it to the
  // scrollback (tmux does for an erase from there), and the resize replaced the wide frame on
  // the screen rather than saving it.
  std::string narrow_header;
  for (const std::string& line : terminal.Screen()) {
    if (line.rfind("| K ", 0) == 0) narrow_header = line;
  }
  ASSERT_FALSE(narrow_header.empty());
  std::string all;
  for (const std::string& line : terminal.Lines()) all += line + "\n";
  EXPECT_EQ(terminal.Count(narrow_header), 1u) << all;
  EXPECT_EQ(terminal.Count(header), 0u) << all;
}

TEST(LiveTableTest, RedrawMovesUpOverThePreviousFrame) {
  LiveTable table(Columns(), {});
  auto t0 = LiveTable::Clock::now();
  std::string first = table.Redraw(t0);
  EXPECT_EQ(first, table.Frame());  // nothing on the screen yet: drawn where the cursor is
  EXPECT_EQ(first.find("\x1b["), std::string::npos);
  table.Apply(M("+I", "a", 1));
  std::string second = table.Redraw(t0 + milliseconds(200));
  // The empty table took 4 lines: up 4, each line overwritten and the rest of it erased, then
  // what is left below the new frame.
  std::string frame = table.Frame();
  std::string overwritten;
  for (char c : frame) overwritten += c == '\n' ? std::string("\x1b[K\n") : std::string(1, c);
  EXPECT_EQ(second, "\r\x1b[4A" + overwritten + "\x1b[J");
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));
  EXPECT_EQ(table.Redraw(t0 + milliseconds(400)).substr(0, 5), "\r\x1b[5A");
  table.Detach();  // something was written below: start afresh
  EXPECT_EQ(table.Redraw(t0 + milliseconds(600)), table.Frame());
  EXPECT_EQ(table.redraws(), 4);
}

TEST(LiveTableTest, RedrawsAreThrottled) {
  LiveTable table(Columns(), {}, milliseconds(100));
  auto t0 = LiveTable::Clock::now();
  EXPECT_TRUE(table.Due(t0));  // the empty table is drawn at once
  table.Redraw(t0);
  EXPECT_FALSE(table.Due(t0 + milliseconds(500)));  // nothing changed
  table.Apply(M("+I", "a", 1));
  EXPECT_FALSE(table.Due(t0 + milliseconds(50)));
  EXPECT_TRUE(table.Due(t0 + milliseconds(100)));
  table.Redraw(t0 + milliseconds(100));
  EXPECT_FALSE(table.dirty());
}

TEST(LiveScreenTest, ABurstOfChangesCostsFewRedrawsAndTheLastOneIsShown) {
  std::ostringstream out;
  int before_output = 0;
  LiveScreen screen(out, LiveTable(Columns(), {}, milliseconds(100)), [&] { ++before_output; });
  auto start = std::chrono::steady_clock::now();
  screen.Apply(M("+I", "a", 0));
  for (int i = 1; i <= 2000; ++i) {
    screen.Apply(M("-U", "a", i - 1));
    screen.Apply(M("+U", "a", i));
    if (i % 100 == 0) std::this_thread::sleep_for(milliseconds(10));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // No more than ten a second (plus the first), however many changes came.
  EXPECT_LE(screen.redraws(), 2 + static_cast<int>(seconds * 10)) << seconds;
  // The last change is drawn a moment later even though no further change comes.
  std::this_thread::sleep_for(milliseconds(400));
  int redraws_after_wait = screen.redraws();
  screen.Finish();  // joins the redraw thread before `out` is read; draws only if still dirty
  EXPECT_EQ(screen.redraws(), redraws_after_wait) << "the timer did not draw the last change";
  std::string text = out.str();
  // The last frame: after the last cursor-up over the one before.
  EXPECT_NE(text.find("| a | 2000 |", text.rfind("A+")), std::string::npos) << text;
  EXPECT_EQ(before_output, screen.redraws());  // the progress line is cleared before each
}

TEST(LiveScreenTest, FinishShowsTheLastChangeAtOnce) {
  std::ostringstream out;
  LiveScreen screen(out, LiveTable(Columns(), {}, milliseconds(10000)), nullptr);
  screen.Apply(M("+I", "k", 7));  // too soon after the first frame to redraw
  EXPECT_EQ(out.str().find("| k |"), std::string::npos);
  screen.Finish();
  EXPECT_NE(out.str().find("| k | 7 |"), std::string::npos) << out.str();
}

RenderOptions Terminal() {
  RenderOptions options;
  options.terminal_width = 80;
  options.terminal_height = 24;
  return options;
}

TEST(ShellSinkLiveTest, OnlyAtATerminalInTableModeWithLiveOn) {
  std::ostringstream out, err;
  ShellSink piped(OutputFormat::kTable, out, err, RenderOptions{});
  piped.SetLiveView(true);
  EXPECT_FALSE(piped.BeginLiveTable(Columns()));  // piped output stays append-only

  ShellSink terminal(OutputFormat::kTable, out, err, Terminal());
  EXPECT_FALSE(terminal.BeginLiveTable(Columns()));  // off by default
  terminal.SetFormat(OutputFormat::kJson);
  terminal.SetLiveView(true);
  EXPECT_FALSE(terminal.BeginLiveTable(Columns()));
  EXPECT_EQ(out.str(), "");
}

// What the last redraw drew: from the last cursor-up over the frame before, without the
// erase-line and erase-below sequences that go with each overwritten line.
std::string LastFrame(const std::string& text) {
  size_t up = text.rfind("A+");
  std::string last = up == std::string::npos ? text : text.substr(up + 1);
  for (const char* erase : {"\x1b[K", "\x1b[J"}) {
    for (size_t at = last.find(erase); at != std::string::npos; at = last.find(erase, at)) {
      last.erase(at, 3);
    }
  }
  return last;
}

TEST(ShellSinkLiveTest, RowsUpdateTheTableAndTheFinalOneStays) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  sink.SetLiveView(true);
  ASSERT_TRUE(sink.BeginLiveTable(Columns()));
  sink.Row(M("+I", "a", 1));
  sink.Row(M("+I", "b", 1));
  sink.Row(M("-U", "a", 1));
  sink.Row(M("+U", "a", 2));
  sink.EndRows("Query terminated");
  std::string text = out.str();
  std::string last = LastFrame(text);
  EXPECT_EQ(last,
            "+---+---+\n"
            "| K | N |\n"
            "+---+---+\n"
            "| a | 2 |\n"
            "| b | 1 |\n"
            "+---+---+\n"
            "Query terminated\n");
  EXPECT_EQ(sink.rows_received(), 4u);
}

TEST(ShellSinkLiveTest, LagComesFromTheProviderUntilTheRowsEnd) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, RenderOptions{});
  EXPECT_EQ(sink.Lag(), std::nullopt);
  sink.SetLagProvider([] { return std::optional<int64_t>(35100); });
  sink.BeginRows(Columns());
  EXPECT_EQ(sink.Lag(), 35100);
  sink.EndRows("");
  EXPECT_EQ(sink.Lag(), std::nullopt);
}

TEST(ShellSinkLiveTest, StreamStatusComesFromTheProviderUntilTheRowsEnd) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, RenderOptions{});
  EXPECT_EQ(sink.StreamStatus(), "");
  StreamTimeStatus status;
  status.sources = {{"CLICKS", 1796637600000}};
  status.late_dropped = 1;
  sink.SetStreamTimeProvider([status] { return status; });
  sink.BeginRows(Columns());
  EXPECT_EQ(sink.StreamStatus(),
            "stream time CLICKS 2026-12-07 10:00:00.000 \xC2\xB7 1 late dropped");
  EXPECT_EQ(sink.ProgressStatus(), sink.StreamStatus());
  sink.EndRows("");
  EXPECT_EQ(sink.StreamStatus(), "");
  // Nothing of it reaches piped output.
  EXPECT_EQ(out.str().find("stream time"), std::string::npos) << out.str();
}

TEST(ShellSinkLiveTest, TheLiveTableShowsTheStatusLineAndItsFinalValueStays) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  sink.SetLiveView(true);
  std::atomic<int64_t> late{0};
  sink.SetStreamTimeProvider([&late] {
    StreamTimeStatus status;
    status.sources = {{"CLICKS", 1796637600000}};
    status.late_dropped = late.load();
    return status;
  });
  ASSERT_TRUE(sink.BeginLiveTable(Columns()));
  sink.Row(M("+I", "a", 1));
  late = 3;
  EXPECT_EQ(sink.ProgressStatus(), "");  // the frame shows it, not the progress line
  sink.EndRows("Query terminated");
  std::string text = out.str();
  std::string last = LastFrame(text);
  EXPECT_NE(last.find("+---+---+\n"
                      "stream time CLICKS 2026-12-07 10:00:00.000 \xC2\xB7 3 late dropped\n"
                      "Query terminated\n"),
            std::string::npos)
      << last;
}

}  // namespace
}  // namespace riffle::shell
