// The nesting limit in the parsers: every way a statement nests, just past the limit, is
// refused with a positioned parse error, and just at the limit is accepted.

#include <gtest/gtest.h>

#include <string>

#include "core/common/nesting.h"
#include "core/sql/parser.h"
#include "core/types/type.h"

namespace riffle {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

RiffleError ParseError(const std::string& text) {
  try {
    ParseStatements(text);
  } catch (const RiffleError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for a statement of " << text.size() << " characters";
  return RiffleError(ErrorKind::kRuntime, "no error");
}

const std::string kTooDeep = "expression nested too deeply (limit 1000)";

TEST(NestingTest, ParenthesesPastTheLimitAreRefusedWhereTheyPassIt) {
  const int n = 8000;
  RiffleError e = ParseError("SELECT " + Repeat("(", n) + "1" + Repeat(")", n) + " FROM s;");
  EXPECT_EQ(e.kind(), ErrorKind::kParse);
  EXPECT_EQ(e.message(), kTooDeep);
  EXPECT_EQ(e.pos().line, 1);
  // The select item is the first level and each '(' opens one more: the 1001st '(' (column
  // 8 + 1000) starts the 1001st level.
  EXPECT_EQ(e.pos().column, 8 + kMaxNestingDepth);
}

TEST(NestingTest, ParenthesesAtTheLimitParse) {
  const int n = kMaxNestingDepth - 1;
  EXPECT_NO_THROW(ParseStatements("SELECT " + Repeat("(", n) + "1" + Repeat(")", n) + " FROM s;"));
}

TEST(NestingTest, LongOperatorChainsAreBoundedByTheirTreeHeight) {
  // A left-deep chain nests no parentheses but builds a tree as high as it is long.
  std::string sum = "1" + Repeat("+1", 10000);
  RiffleError e = ParseError("SELECT " + sum + " FROM s;");
  EXPECT_EQ(e.message(), kTooDeep);
  // The 1000th '+' makes the tree 1001 high: "SELECT 1" then "+1" pairs.
  EXPECT_EQ(e.pos().column, 9 + 2 * (kMaxNestingDepth - 1));
  EXPECT_NO_THROW(
      ParseStatements("SELECT 1" + Repeat("+1", kMaxNestingDepth - 1) + " FROM s;"));
  for (const std::string op : {" AND ", " OR ", " || ", " * ", " - "}) {
    RiffleError chain = ParseError("SELECT x FROM s WHERE x" + Repeat(op + "x", 2000) + ";");
    EXPECT_EQ(chain.message(), kTooDeep) << op;
  }
  EXPECT_EQ(ParseError("SELECT a" + Repeat("[1]", 2000) + " FROM s;").message(), kTooDeep);
  EXPECT_EQ(ParseError("SELECT a" + Repeat("->f", 2000) + " FROM s;").message(), kTooDeep);
}

TEST(NestingTest, ChainsInsideNestingAddUp) {
  // 600 levels of calls around a 600-term chain: each alone is fine, together too high.
  std::string e = Repeat("ABS(", 600) + "1" + Repeat("+1", 600) + Repeat(")", 600);
  EXPECT_EQ(ParseError("SELECT " + e + " FROM s;").message(), kTooDeep);
}

TEST(NestingTest, PrefixOperatorsAreGuarded) {
  EXPECT_EQ(ParseError("SELECT " + Repeat("NOT ", 5000) + "TRUE FROM s;").message(), kTooDeep);
  EXPECT_EQ(ParseError("SELECT " + Repeat("- ", 5000) + "1 FROM s;").message(), kTooDeep);
}

TEST(NestingTest, NestedCallsCasesCastsConstructorsAndLambdasAreGuarded) {
  const int n = 4100;
  auto nest = [](const std::string& open, const std::string& inner, const std::string& close,
                 int k) { return Repeat(open, k) + inner + Repeat(close, k); };
  for (const std::string& e :
       {nest("ABS(", "1", ")", n), nest("ARRAY[", "1", "]", n),
        nest("STRUCT(a := ", "1", ")", n), nest("MAP('k' := ", "1", ")", n),
        nest("CAST(", "1", " AS INT)", n), nest("CASE WHEN TRUE THEN ", "1", " END", n),
        nest("x IN (", "1", ")", n), nest("TRANSFORM(a, x => ", "x", ")", n)}) {
    RiffleError error = ParseError("SELECT " + e + " FROM s;");
    EXPECT_EQ(error.message(), kTooDeep) << e.substr(0, 40);
  }
}

TEST(NestingTest, DeepTypesAreRefused) {
  const int n = 15000;
  RiffleError e = ParseError("CREATE STREAM t (a " + Repeat("ARRAY<", n) + "INT" + Repeat(">", n) +
                             ") WITH (kafka_topic='t', value_format='JSON');");
  EXPECT_EQ(e.message(), "type nested too deeply (limit 1000)");
  EXPECT_EQ(e.pos().line, 1);
  // "CREATE STREAM t (a " is 19 characters; the 1001st ARRAY is refused.
  EXPECT_EQ(e.pos().column, 20 + 6 * kMaxNestingDepth);
  const int ok = kMaxNestingDepth - 1;
  EXPECT_NO_THROW(ParseStatements("CREATE STREAM t (a " + Repeat("STRUCT<f ", ok) + "INT" +
                                  Repeat(">", ok) + ") WITH (kafka_topic='t');"));
  EXPECT_EQ(ParseError("SELECT CAST(NULL AS " + Repeat("MAP<STRING, ", n) + "INT" +
                       Repeat(">", n) + ") FROM s;")
                .message(),
            "type nested too deeply (limit 1000)");
}

TEST(NestingTest, ErrorsArePositionedOnTheirLineInMultiLineInput) {
  std::string text = "SHOW STREAMS;\nSELECT\n  " + Repeat("(", 1500) + "1" + Repeat(")", 1500) +
                     "\nFROM s;";
  RiffleError e = ParseError(text);
  EXPECT_EQ(e.message(), kTooDeep);
  EXPECT_EQ(e.pos().line, 3);
  EXPECT_EQ(e.pos().column, 3 + kMaxNestingDepth);
}

TEST(NestingTest, TheCatalogTypeParserAndTheTypeFactoriesShareTheLimit) {
  const int n = 20000;
  try {
    ParseType(Repeat("ARRAY<", n) + "INT" + Repeat(">", n));
    ADD_FAILURE() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.message(), "type nested too deeply (limit 1000)");
  }
  TypePtr t = Type::Int();
  for (int i = 1; i < kMaxNestingDepth; ++i) t = Type::Array(t);
  EXPECT_EQ(t->depth, kMaxNestingDepth);
  EXPECT_TRUE(TypeEquals(*ParseType(t->ToString()), *t));
  try {
    Type::Struct({{"F", t}});
    ADD_FAILURE() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kType);
    EXPECT_EQ(e.message(), "type nested too deeply (limit 1000)");
  }
  EXPECT_THROW(Type::Map(Type::String(), t), RiffleError);
}

TEST(NestingTest, TheGuardLeavesNoLevelBehindAfterAnError) {
  EXPECT_EQ(NestingGuard::Depth(), 0);
  ParseError("SELECT " + Repeat("(", 5000) + "1 FROM s;");
  EXPECT_EQ(NestingGuard::Depth(), 0);
}

}  // namespace
}  // namespace riffle
