#include "core/common/reachability.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

TEST(ReachabilityTest, AnOutageKeepsItsStartAndTheLatestError) {
  Reachability r;
  EXPECT_TRUE(r.reachable());
  EXPECT_TRUE(r.status().reachable);
  EXPECT_EQ(r.status().since_ms, 0);

  r.Lost("Connection refused", 1000);
  r.Lost("Name not resolved", 2500);  // the same outage: its start stays
  ReachabilityStatus s = r.status();
  EXPECT_FALSE(s.reachable);
  EXPECT_EQ(s.since_ms, 1000);
  EXPECT_EQ(s.error, "Name not resolved");
  EXPECT_EQ(r.outages(), 1);
}

TEST(ReachabilityTest, RegainedEndsTheOutageAndTheNextOneStartsAfresh) {
  Reachability r;
  r.Regained();  // nothing to end
  EXPECT_EQ(r.outages(), 0);
  r.Lost("Connection refused", 1000);
  r.Regained();
  ReachabilityStatus s = r.status();
  EXPECT_TRUE(s.reachable);
  EXPECT_EQ(s.since_ms, 0);
  EXPECT_EQ(s.error, "");
  r.Lost("Connection reset", 9000);
  EXPECT_EQ(r.status().since_ms, 9000);
  EXPECT_EQ(r.status().error, "Connection reset");
  EXPECT_EQ(r.outages(), 2);
}

TEST(ReachabilityTest, AJobIsUnreachableSinceItsEarliestOutage) {
  ReachabilityStatus up;
  EXPECT_TRUE(CombineReachability({}).reachable);
  EXPECT_TRUE(CombineReachability({up, up}).reachable);
  ReachabilityStatus sink{false, 5000, "sink: refused"};
  ReachabilityStatus source{false, 3000, "source: refused"};
  ReachabilityStatus combined = CombineReachability({up, sink, source});
  EXPECT_FALSE(combined.reachable);
  EXPECT_EQ(combined.since_ms, 3000);
  EXPECT_EQ(combined.error, "source: refused");
  EXPECT_EQ(CombineReachability({sink, up}).error, "sink: refused");
}

}  // namespace
}  // namespace riffle
