#include <gtest/gtest.h>

#include "core/runtime/run_operators.h"

namespace riffle {
namespace {

Batch RowtimeBatch(const std::vector<int64_t>& rowtimes) {
  Batch b;
  b.Reset(0);
  for (size_t i = 0; i < rowtimes.size(); ++i) {
    b.AddRowMeta(RowKind::kInsert, rowtimes[i], 0, static_cast<int64_t>(i));
  }
  return b;
}

TEST(StreamTimeJumpTest, ReportsEachRecordMoreThanAnHourAheadOfTheStreamTimeBeforeIt) {
  JobMetrics metrics;
  std::vector<size_t> rows;
  auto on_jump = [&rows](size_t r, const std::string&) { rows.push_back(r); };
  // The first record sets stream time: nothing before it to jump from.
  TrackStreamTime(RowtimeBatch({5'000'000'000, 1000}), metrics, on_jump);
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(metrics.watermark_ms.load(), 5'000'000'000);
  // Exactly one hour ahead is not a jump; one millisecond more is; a late record is not.
  int64_t t = 5'000'000'000;
  TrackStreamTime(RowtimeBatch({t + kStreamTimeJumpMs, 1000, t + 2 * kStreamTimeJumpMs + 1}),
                  metrics, on_jump);
  EXPECT_EQ(rows, std::vector<size_t>{2});
  EXPECT_EQ(metrics.stream_time_jumps.load(), 1);
  EXPECT_EQ(metrics.watermark_ms.load(), t + 2 * kStreamTimeJumpMs + 1);
}

TEST(StreamTimeJumpTest, SaysHowFarAndFromWhere) {
  std::string text = DescribeStreamTimeJump(3 * 24 * 3600 * 1000LL + 200000, 200000);
  EXPECT_NE(text.find("moved stream time 3 days ahead of 1970-01-01T00:03:20.000"),
            std::string::npos)
      << text;
  EXPECT_NE(DescribeStreamTimeJump(2 * 3600 * 1000LL + 1, 0).find("2 hours"), std::string::npos);
  EXPECT_NE(DescribeStreamTimeJump(3600 * 1000LL + 60001, 0).find("61 minutes"),
            std::string::npos);
}

}  // namespace
}  // namespace riffle
