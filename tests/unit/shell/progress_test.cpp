// The live progress line: drawn only after a quiet period, erased before output and at the end.

#include "shell/progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "shell/display_width.h"

namespace riffle::shell {
namespace {

using std::chrono::milliseconds;

TEST(ProgressTest, TextShowsElapsedRowsAndRate) {
  EXPECT_EQ(ProgressText(0.5, 1), "0.5 s \xC2\xB7 1 row \xC2\xB7 Ctrl-C cancels");
  EXPECT_EQ(ProgressText(2.0, 1234567),
            "2.0 s \xC2\xB7 1,234,567 rows \xC2\xB7 617,283 rows/s \xC2\xB7 Ctrl-C cancels");
}

TEST(ProgressTest, TextShowsTheLagWhileBehind) {
  EXPECT_EQ(ProgressText(12.3, 1204, 35100),
            "12.3 s \xC2\xB7 1,204 rows \xC2\xB7 97 rows/s \xC2\xB7 35,100 behind \xC2\xB7 "
            "Ctrl-C cancels");
  // Caught up, or the lag is unknown: no lag part.
  EXPECT_EQ(ProgressText(2.0, 10, 0), ProgressText(2.0, 10));
  EXPECT_EQ(ProgressText(2.0, 10, std::nullopt),
            "2.0 s \xC2\xB7 10 rows \xC2\xB7 5 rows/s \xC2\xB7 Ctrl-C cancels");
}

TEST(ProgressTest, ShowsTheLagAskingForItAtMostEveryLagInterval) {
  std::ostringstream os;
  std::atomic<int> asked{0};
  {
    ProgressLine progress(
        os, [] { return uint64_t{7}; }, milliseconds(20), milliseconds(10),
        [&]() -> std::optional<int64_t> {
          ++asked;
          return 1234567;
        },
        milliseconds(200));
    std::this_thread::sleep_for(milliseconds(500));
    EXPECT_GT(progress.draws(), 10);
  }
  EXPECT_NE(os.str().find("1,234,567 behind"), std::string::npos) << os.str();
  EXPECT_GE(asked.load(), 1);
  EXPECT_LE(asked.load(), 4);  // not once per draw: it may cost a broker round trip
}

TEST(ProgressTest, StreamTimePerSourceAndLateRecordsFollowTheRows) {
  StreamTimeStatus status;
  status.sources = {{"ORDERS", 1796637605000}, {"USERS", std::nullopt}};
  status.late_dropped = 2;
  std::string text = StreamTimeText(status);
  EXPECT_EQ(text,
            "stream time ORDERS 2026-12-07 10:00:05.000, USERS none yet \xC2\xB7 2 late dropped");
  EXPECT_EQ(ProgressText(0.5, 1, std::nullopt, text),
            "0.5 s \xC2\xB7 1 row \xC2\xB7 " + text + " \xC2\xB7 Ctrl-C cancels");
  // In the rate's place, so that at 80 columns the time and the late count fit.
  EXPECT_EQ(ProgressText(4.0, 3, std::nullopt, text),
            "4.0 s \xC2\xB7 3 rows \xC2\xB7 " + text + " \xC2\xB7 Ctrl-C cancels");
  EXPECT_EQ(StreamTimeText({}), "");  // not a push query
}

TEST(ProgressTest, TheLineIsCutToTheTerminalWidth) {
  std::ostringstream os;
  {
    ProgressLine progress(
        os, [] { return uint64_t{1234}; }, milliseconds(20), milliseconds(10), nullptr,
        milliseconds(1000), [] { return std::string(100, 's'); }, [] { return size_t{40}; });
    std::this_thread::sleep_for(milliseconds(200));
    EXPECT_GT(progress.draws(), 0);
  }
  std::string text = os.str();
  // Each drawing: erase, then at most 39 columns (a full line could wrap and not be erased).
  int drawings = 0;
  for (size_t at = text.find("\x1b[2K"); at != std::string::npos;) {
    size_t next = text.find("\r\x1b[2K", at + 4);
    std::string line =
        text.substr(at + 4, next == std::string::npos ? std::string::npos : next - at - 4);
    at = next == std::string::npos ? next : next + 1;
    if (line.empty()) continue;
    ++drawings;
    EXPECT_EQ(DisplayWidth(line), 39u) << line;
    EXPECT_EQ(line.substr(line.size() - 3), "\xE2\x80\xA6") << line;
  }
  EXPECT_GT(drawings, 0) << text;
}

TEST(ProgressTest, DrawsAfterAQuietPeriodAndErasesAtTheEnd) {
  std::ostringstream os;
  std::atomic<uint64_t> rows{42};
  {
    ProgressLine progress(
        os, [&] { return rows.load(); }, milliseconds(50), milliseconds(10));
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_GT(progress.draws(), 0);
  }
  const std::string text = os.str();
  EXPECT_NE(text.find("42 rows"), std::string::npos) << text;
  // The last thing written erases the line, so nothing of it stays on the screen.
  ASSERT_GE(text.size(), 5u);
  EXPECT_EQ(text.substr(text.size() - 5), "\r\x1b[2K");
}

TEST(ProgressTest, OutputKeepsItAway) {
  std::ostringstream os;
  ProgressLine progress(
      os, [] { return uint64_t{0}; }, milliseconds(200), milliseconds(10));
  for (int i = 0; i < 20; ++i) {
    progress.Clear();  // output keeps arriving
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(progress.draws(), 0);
}

}  // namespace
}  // namespace riffle::shell
