#include "connectors/kafka/murmur2.h"

#include <gtest/gtest.h>

namespace riffle::kafka {
namespace {

// Reference values from Apache Kafka's UtilsTest.testMurmur2 (the Java client).
TEST(Murmur2Test, MatchesJavaClient) {
  EXPECT_EQ(Murmur2("21"), -973932308);
  EXPECT_EQ(Murmur2("foobar"), -790332482);
  EXPECT_EQ(Murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(Murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(Murmur2("abc"), 479470107);
}

TEST(Murmur2Test, PartitionUsesPositiveHashModulo) {
  // (-790332482 & 0x7fffffff) = 1357151166.
  EXPECT_EQ(PartitionForKey("foobar", 10), 6);
  EXPECT_EQ(PartitionForKey("foobar", 50), 16);
  EXPECT_EQ(PartitionForKey("foobar", 1), 0);
}

TEST(Murmur2Test, HandlesEmptyAndBinaryKeys) {
  EXPECT_EQ(Murmur2(""), 275646681);
  const std::string binary("\x00\xff\x80\x7f\x01", 5);
  EXPECT_EQ(Murmur2(binary), Murmur2(binary));
  EXPECT_GE(PartitionForKey(binary, 7), 0);
  EXPECT_LT(PartitionForKey(binary, 7), 7);
}

}  // namespace
}  // namespace riffle::kafka
