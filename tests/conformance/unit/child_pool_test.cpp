#include "tests/conformance/runner/child_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <map>

namespace riffle::conformance {
namespace {

TEST(ChildPool, CrashesAndHangsCostOnlyTheirTask) {
  std::map<size_t, ChildResult> results;
  RunInChildren(
      4, 2, 2000,
      [](size_t i) -> std::string {
        if (i == 1) raise(SIGSEGV);
        if (i == 2) sleep(30);
        return "task " + std::to_string(i);
      },
      [&](size_t i, const ChildResult& r) { results[i] = r; });
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].completed);
  EXPECT_EQ(results[0].output, "task 0");
  EXPECT_FALSE(results[1].completed);
  EXPECT_NE(results[1].failure.find("crashed (signal 11"), std::string::npos);
  EXPECT_FALSE(results[2].completed);
  EXPECT_NE(results[2].failure.find("timed out"), std::string::npos);
  EXPECT_EQ(results[3].output, "task 3");
}

TEST(ChildPool, LargeOutputsArriveWhole) {
  std::string got;
  RunInChildren(
      1, 1, 10000, [](size_t) { return std::string(300000, 'x'); },
      [&](size_t, const ChildResult& r) { got = r.output; });
  EXPECT_EQ(got.size(), 300000u);
}

}  // namespace
}  // namespace riffle::conformance
