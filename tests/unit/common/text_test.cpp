// core/common/text.h: ASCII case folding and ParseInt64.

#include "core/common/text.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

TEST(TextTest, ParseInt64TakesTheWholeTextOrNothing) {
  EXPECT_EQ(ParseInt64("42"), 42);
  EXPECT_EQ(ParseInt64("-7"), -7);
  EXPECT_EQ(ParseInt64("+7"), 7);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInt64("ff", 16), 255);
  // What std::stoll accepted and a property value must not be: a prefix, spaces, nothing.
  EXPECT_EQ(ParseInt64("4abc"), std::nullopt);
  EXPECT_EQ(ParseInt64(" 4"), std::nullopt);
  EXPECT_EQ(ParseInt64("4 "), std::nullopt);
  EXPECT_EQ(ParseInt64(""), std::nullopt);
  EXPECT_EQ(ParseInt64("+"), std::nullopt);
  EXPECT_EQ(ParseInt64("+-1"), std::nullopt);
  EXPECT_EQ(ParseInt64("9223372036854775808"), std::nullopt);  // overflow, no exception
}

TEST(TextTest, CaseFoldingIsAsciiOnly) {
  EXPECT_EQ(AsciiUpper("abc_Z9"), "ABC_Z9");
  EXPECT_EQ(AsciiUpper("\xc3\xa9"), "\xc3\xa9");  // é stays as it is
  EXPECT_TRUE(AsciiIEquals("Select", "SELECT"));
  EXPECT_FALSE(AsciiIEquals("Select", "SELECTS"));
  EXPECT_EQ(AsciiLower("ABC_z9@[`{"), "abc_z9@[`{");  // the bytes around the letters stay
  EXPECT_EQ(AsciiLower("\xc3\x89"), "\xc3\x89");    // É stays as it is
  std::string word = "Tumbling";
  AsciiUpperInPlace(word);
  EXPECT_EQ(word, "TUMBLING");
  AsciiLowerInPlace(word);
  EXPECT_EQ(word, "tumbling");
  EXPECT_TRUE(AsciiIStartsWith("HTTPS://host", "https://"));
  EXPECT_TRUE(AsciiIStartsWith("abc", ""));
  EXPECT_FALSE(AsciiIStartsWith("http", "https"));
  EXPECT_FALSE(AsciiIEquals("\xc3\xa9", "\xc3\x89"));  // no folding outside ASCII
}

}  // namespace
}  // namespace riffle
