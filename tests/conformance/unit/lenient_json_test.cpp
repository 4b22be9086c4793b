#include "tests/conformance/runner/lenient_json.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace riffle::conformance {
namespace {

TEST(LenientJson, ReadsCommentsAndTrailingCommas) {
  JNode n = ParseLenientJson(R"({
    // a line comment
    "a": [1, 2, 3,],  /* a block comment */
    "b": {"c": "d",},
  })");
  ASSERT_TRUE(n.is_object());
  ASSERT_EQ(n.Get("a")->items().size(), 3u);
  EXPECT_EQ(n.Get("b")->GetString("c"), "d");
}

TEST(LenientJson, KeepsNumberTextForExactDecimals) {
  JNode n = ParseLenientJson(R"({"dec": 10.50, "big": 10.1234512345123451234, "i": -7})");
  EXPECT_EQ(n.Get("dec")->text(), "10.50");
  EXPECT_EQ(n.Get("big")->text(), "10.1234512345123451234");
  EXPECT_TRUE(n.Get("i")->IsIntegerText());
  EXPECT_FALSE(n.Get("dec")->IsIntegerText());
  EXPECT_EQ(n.Dump(), R"({"dec":10.50,"big":10.1234512345123451234,"i":-7})");
}

TEST(LenientJson, DecodesEscapesAndSlashesInsideStrings) {
  JNode n = ParseLenientJson(R"(["a\"b", "\u00e9\n", "http://x // not a comment"])");
  EXPECT_EQ(n.items()[0].text(), "a\"b");
  EXPECT_EQ(n.items()[1].text(), "\xc3\xa9\n");
  EXPECT_EQ(n.items()[2].text(), "http://x // not a comment");
  EXPECT_EQ(n.items()[1].Dump(), "\"\xc3\xa9\\n\"");
}

TEST(LenientJson, ReportsWhereItFailed) {
  try {
    ParseLenientJson("{\n  \"a\": tru\n}");
    FAIL() << "expected a parse error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2:8"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParseLenientJson("[1, 2"), std::runtime_error);
  EXPECT_THROW(ParseLenientJson("{} extra"), std::runtime_error);
}

}  // namespace
}  // namespace riffle::conformance
