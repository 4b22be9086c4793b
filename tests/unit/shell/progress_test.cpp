// The live progress line: drawn only after a quiet period, erased before output and at the end.

#include "shell/progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

namespace riffle::shell {
namespace {

using std::chrono::milliseconds;

TEST(ProgressTest, TextShowsElapsedRowsAndRate) {
  EXPECT_EQ(ProgressText(0.5, 1), "0.5 s \xC2\xB7 1 row \xC2\xB7 Ctrl-C cancels");
  EXPECT_EQ(ProgressText(2.0, 1234567),
            "2.0 s \xC2\xB7 1,234,567 rows \xC2\xB7 617,283 rows/s \xC2\xB7 Ctrl-C cancels");
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
