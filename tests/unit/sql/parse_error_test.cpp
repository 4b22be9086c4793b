#include <gtest/gtest.h>

#include "core/sql/parser.h"

namespace riffle {
namespace {

RiffleError ParseError(const std::string& text) {
  try {
    ParseStatements(text);
  } catch (const RiffleError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return RiffleError(ErrorKind::kRuntime, "no error");
}

TEST(ParseErrorTest, MisspeltFromIsPositionedWithSuggestion) {
  RiffleError e = ParseError("SELECT * FORM s");
  EXPECT_EQ(e.kind(), ErrorKind::kParse);
  EXPECT_EQ(e.pos().line, 1);
  EXPECT_EQ(e.pos().column, 10);
  EXPECT_EQ(e.message(), "mismatched input 'FORM' expecting FROM");
  EXPECT_EQ(e.suggestion(), "did you mean FROM?");
}

TEST(ParseErrorTest, MisspeltKeywordTakenAsAliasIsStillBlamed) {
  // "FORM" first parses as an alias of `a`; the error still points at it.
  RiffleError e = ParseError("SELECT a FORM s");
  EXPECT_EQ(e.pos().column, 10);
  EXPECT_EQ(e.suggestion(), "did you mean FROM?");
  RiffleError e2 = ParseError("SELECT * FROM s WHER x > 1");
  EXPECT_EQ(e2.pos().column, 17);
  EXPECT_EQ(e2.message(), "mismatched input 'WHER' expecting WHERE");
  EXPECT_EQ(e2.suggestion(), "did you mean WHERE?");
}

// Streaming SQL has no ORDER BY: said so, at BY as ksqlDB positions it, wherever it is put.
TEST(ParseErrorTest, OrderByIsExplained) {
  for (const char* text : {"SELECT * FROM s ORDER BY id", "SELECT * FROM s AS x ORDER BY id",
                           "SELECT * FROM s WHERE id > 1 ORDER BY id LIMIT 3",
                           "SELECT id, COUNT(*) FROM s GROUP BY id ORDER BY 2 EMIT CHANGES",
                           "SELECT * FROM s LIMIT 3 ORDER BY id"}) {
    RiffleError e = ParseError(text);
    EXPECT_EQ(e.message(),
              "ORDER BY is not supported: a streaming query shows rows in the order they arrive")
        << text;
    EXPECT_NE(e.suggestion().find("TOPK"), std::string::npos) << text;
    EXPECT_EQ(std::string(text).substr(e.pos().column - 1, 2), "BY") << text;
  }
  // ORDER alone is still an alias.
  EXPECT_NO_THROW(ParseStatements("SELECT * FROM s order EMIT CHANGES;"));
}

TEST(ParseErrorTest, MultiLineStatementReportsTheRightLine) {
  RiffleError e = ParseError("SHOW STREAMS;\nCREATE STREAM s (\n  id INT KEY,\n  v STRIN\n);");
  EXPECT_EQ(e.pos().line, 4);
  EXPECT_EQ(e.pos().column, 5);
  EXPECT_EQ(e.suggestion(), "did you mean STRING?");
  RiffleError e2 = ParseError("SELECT *\nFROM s\nEMIT CHANGS;");
  EXPECT_EQ(e2.pos().line, 3);
  EXPECT_EQ(e2.pos().column, 6);
  EXPECT_EQ(e2.suggestion(), "did you mean CHANGES?");
}

TEST(ParseErrorTest, UnknownStatementSuggestsKeyword) {
  RiffleError e = ParseError("SELET * FROM s");
  EXPECT_EQ(e.pos().column, 1);
  EXPECT_EQ(e.suggestion(), "did you mean SELECT?");
  RiffleError e2 = ParseError("frobnicate");
  EXPECT_NE(e2.message().find("expecting one of SELECT, CREATE"), std::string::npos)
      << e2.message();
  EXPECT_EQ(e2.suggestion(), "");
}

TEST(ParseErrorTest, ListsExpectations) {
  RiffleError e = ParseError("CREATE VIEW v");
  EXPECT_EQ(e.pos().column, 8);
  EXPECT_NE(e.message().find("TABLE"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("STREAM"), std::string::npos) << e.message();
  RiffleError e2 = ParseError("SELECT a FROM");
  EXPECT_EQ(e2.message(),
            "mismatched input '<EOF>' expecting one of a stream or table name, a quoted topic name");
  EXPECT_EQ(e2.pos().column, 14);
  RiffleError e3 = ParseError("SELECT a, FROM s");
  EXPECT_EQ(e3.pos().column, 11);
  EXPECT_NE(e3.message().find("an expression"), std::string::npos) << e3.message();
}

TEST(ParseErrorTest, TrailingInputAndBadTokens) {
  RiffleError e = ParseError("SHOW STREAMS foo");
  EXPECT_EQ(e.pos().column, 14);
  RiffleError e2 = ParseError("SELECT 'abc FROM s");
  EXPECT_EQ(e2.pos().column, 8);
  EXPECT_NE(e2.message().find("unterminated"), std::string::npos);
  RiffleError e3 = ParseError("SELECT a ? b FROM s");
  EXPECT_EQ(e3.pos().column, 10);
  RiffleError e4 = ParseError("SELECT (a FROM s");
  EXPECT_EQ(e4.pos().column, 11);
}

TEST(ParseErrorTest, ReservedWordAsNameSuggestsQuoting) {
  RiffleError e = ParseError("CREATE STREAM select (a INT)");
  EXPECT_EQ(e.pos().column, 15);
  EXPECT_NE(e.suggestion().find("`SELECT`"), std::string::npos) << e.suggestion();
  EXPECT_NO_THROW(ParseStatement("CREATE STREAM `select` (a INT)"));
}

TEST(ParseErrorTest, FormatErrorShowsCaret) {
  std::string text = "SELECT *\n  FORM s";
  RiffleError e = ParseError(text);
  EXPECT_EQ(FormatError(e, text),
            "ERROR parse at 2:3: mismatched input 'FORM' expecting FROM\n"
            "    FORM s\n"
            "    ^\n"
            "  did you mean FROM?");
}

TEST(ParseErrorTest, NeverCrashesOnGarbage) {
  const char* inputs[] = {"(",
                          ")",
                          "SELECT",
                          "SELECT * FROM s WINDOW",
                          "CASE",
                          "CAST(",
                          "INSERT INTO",
                          "ARRAY[",
                          "MAP(",
                          "STRUCT(a :=",
                          "x =>",
                          "'",
                          "SELECT * FROM a JOIN",
                          "SELECT * FROM a LEFT",
                          "PRINT",
                          "DESCRIBE",
                          "CREATE STREAM s (a ARRAY<",
                          "SELECT f(x => ) FROM s",
                          ";;;(",
                          "SELECT * FROM s GROUP BY (",
                          "EXPLAIN",
                          "SET 'a'",
                          "RUN",
                          "DROP",
                          "SELECT * FROM s LIMIT 99999999999999999999"};
  for (const char* input : inputs) {
    EXPECT_THROW(ParseStatements(input), RiffleError) << input;
  }
}

}  // namespace
}  // namespace riffle
