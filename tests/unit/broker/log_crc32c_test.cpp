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

// Inputs of 768 bytes and more take the three-stream paths (blocks of 4 KiB, then of 256 bytes,
// joined by appending zeros): every length around their block boundaries, any alignment and any
// starting CRC must agree with the table-driven path.
TEST(Crc32cTest, InterleavedStreamsMatchTheTableDrivenPath) {
  std::string data(200'000, '\0');
  uint32_t x = 12345;
  for (char& c : data) {
    x = x * 1103515245 + 12345;
    c = static_cast<char>(x >> 16);
  }
  for (size_t n : {size_t{767}, size_t{768}, size_t{769}, size_t{1543}, size_t{12287},
                   size_t{12288}, size_t{12289}, size_t{13057}, size_t{24576}, size_t{65536},
                   size_t{199'990}}) {
    for (size_t offset : {size_t{0}, size_t{3}}) {
      for (uint32_t start : {0u, 0xDEADBEEFu}) {
        EXPECT_EQ(Crc32cExtend(start, data.data() + offset, n),
                  Crc32cExtendPortable(start, data.data() + offset, n))
            << "n " << n << " offset " << offset << " start " << start;
      }
    }
  }
}

}  // namespace
}  // namespace riffle::broker
