// The live table view: changes applied to the kept rows, the frames drawn from them, redraws
// in place and their throttling, and the shell sink that chooses it.

#include "shell/live_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "shell/live_screen.h"
#include "shell/shell_sink.h"

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

TEST(LiveTableTest, UpdatesReplaceTheirRowInPlaceAndDeletesRemoveIt) {
  LiveTable table(Columns(), {});
  table.Apply(M("+I", "a", 1));
  table.Apply(M("+I", "b", 1));
  table.Apply(M("+I", "c", 1));
  EXPECT_EQ(Show(table.Rows()), "a=1 b=1 c=1 ");
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));  // keeps the first line
  EXPECT_EQ(Show(table.Rows()), "a=2 b=1 c=1 ");
  table.Apply(M("-U", "b", 1));
  table.Apply(M("+U", "b", 5));
  EXPECT_EQ(Show(table.Rows()), "a=2 b=5 c=1 ");
  table.Apply(M("-D", "b", 5));
  EXPECT_EQ(Show(table.Rows()), "a=2 c=1 ");
  table.Apply(M("+I", "b", 9));  // a key deleted then inserted again comes back at the end
  EXPECT_EQ(Show(table.Rows()), "a=2 c=1 b=9 ");
  table.Apply(M("-D", "zz", 1));  // unknown: nothing to remove
  EXPECT_EQ(table.size(), 3u);
}

TEST(LiveTableTest, EqualRowsAreKeptApart) {
  // Two windows of one key look alike when the window is not selected.
  LiveTable table(Columns(), {});
  table.Apply(M("+I", "a", 1));
  table.Apply(M("+I", "a", 1));
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));
  std::vector<Row> rows = table.Rows();
  ASSERT_EQ(rows.size(), 2u);
  std::string shown = Show(rows);
  EXPECT_TRUE(shown == "a=2 a=1 " || shown == "a=1 a=2 ") << shown;
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
  std::string frame = table.Frame();
  size_t lines = static_cast<size_t>(std::count(frame.begin(), frame.end(), '\n'));
  // Room is left below for the cursor's line and the progress line.
  EXPECT_LE(lines, options.terminal_height - 2) << frame;
  EXPECT_NE(frame.find("| a |"), std::string::npos) << frame;  // the first rows are shown
  EXPECT_EQ(frame.find("| h |"), std::string::npos) << frame;
  EXPECT_NE(frame.find("\n5 more rows\n"), std::string::npos) << frame;
  EXPECT_EQ(MoreRows(1), "1 more row");
}

TEST(LiveTableTest, RedrawMovesUpOverThePreviousFrame) {
  LiveTable table(Columns(), {});
  auto t0 = LiveTable::Clock::now();
  std::string first = table.Redraw(t0);
  EXPECT_EQ(first, table.Frame());  // nothing on the screen yet: drawn where the cursor is
  EXPECT_EQ(first.find("\x1b["), std::string::npos);
  table.Apply(M("+I", "a", 1));
  std::string second = table.Redraw(t0 + milliseconds(200));
  // The empty table took 4 lines: up 4, erase to the end of the screen, the new frame.
  EXPECT_EQ(second, "\r\x1b[4A\x1b[J" + table.Frame());
  table.Apply(M("-U", "a", 1));
  table.Apply(M("+U", "a", 2));
  EXPECT_EQ(table.Redraw(t0 + milliseconds(400)).substr(0, 8), "\r\x1b[5A\x1b[J");
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
  EXPECT_NE(text.find("| a | 2000 |", text.rfind("\x1b[J")), std::string::npos) << text;
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
  std::string last = text.substr(text.rfind("\x1b[J") + 3);
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

}  // namespace
}  // namespace riffle::shell
