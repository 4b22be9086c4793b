#include <gtest/gtest.h>

#include <string>

#include "connectors/broker/log/crc32c.h"

namespace riffle::broker {
namespace {

TEST(Crc32cTest, KnownVectors) {
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(Crc32c("", 0), 0u);
  std::string zeros(32, '\0');
  EXPECT_EQ(Crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);  // RFC 3720 B.4
  std::string ones(32, '\xff');
  EXPECT_EQ(Crc32c(ones.data(), ones.size()), 0x62A8AB43u);
}

TEST(Crc32cTest, ExtendMatchesOneShotAndPortableMatchesHardware) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 31 + 7));
  uint32_t whole = Crc32c(data.data(), data.size());
  for (size_t split : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{500}, size_t{999}}) {
    uint32_t a = Crc32cExtend(0, data.data(), split);
    EXPECT_EQ(Crc32cExtend(a, data.data() + split, data.size() - split), whole) << split;
  }
  for (size_t n = 0; n < 40; ++n) {
    EXPECT_EQ(Crc32cExtendPortable(0, data.data() + 3, n), Crc32c(data.data() + 3, n)) << n;
  }
}

}  // namespace
}  // namespace riffle::broker
