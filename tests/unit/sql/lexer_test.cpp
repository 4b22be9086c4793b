#include "core/sql/lexer.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

std::vector<Token> Lex(const std::string& text) { return Tokenize(text); }

TEST(LexerTest, IdentifiersAreUpperCasedUnlessQuoted) {
  auto tokens = Lex("select `MixedCase` \"Dq\"\"x\" o_id@2");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdentifier);
  EXPECT_EQ(tokens[0].text, "SELECT");
  EXPECT_TRUE(tokens[0].IsKeyword("SELECT"));
  EXPECT_EQ(tokens[1].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(tokens[1].text, "MixedCase");
  EXPECT_EQ(tokens[2].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(tokens[2].text, "Dq\"x");
  EXPECT_EQ(tokens[3].text, "O_ID@2");
  EXPECT_EQ(tokens[4].kind, TokenKind::kEnd);
}

TEST(LexerTest, BackQuoteEscape) {
  auto tokens = Lex("`a``b`");
  EXPECT_EQ(tokens[0].text, "a`b");
}

TEST(LexerTest, StringLiteralsUnescapeDoubledQuotes) {
  auto tokens = Lex("'it''s' ''");
  EXPECT_EQ(tokens[0].kind, TokenKind::kString);
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[0].length, 7u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kString);
  EXPECT_EQ(tokens[1].text, "");
}

TEST(LexerTest, Numbers) {
  auto tokens = Lex("42 1.5 1.5E3 2e-2 .5 7.");
  EXPECT_EQ(tokens[0].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[0].text, "42");
  EXPECT_EQ(tokens[1].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[1].text, "1.5");
  EXPECT_EQ(tokens[2].kind, TokenKind::kDouble);
  EXPECT_EQ(tokens[2].text, "1.5E3");
  EXPECT_EQ(tokens[3].kind, TokenKind::kDouble);
  EXPECT_EQ(tokens[4].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[4].text, ".5");
  EXPECT_EQ(tokens[5].kind, TokenKind::kDecimal);
}

TEST(LexerTest, IdentifiersMayStartWithDigits) {
  auto tokens = Lex("1r 2e5 3E");
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdentifier);
  EXPECT_EQ(tokens[0].text, "1R");
  EXPECT_EQ(tokens[1].kind, TokenKind::kDouble);
  EXPECT_EQ(tokens[2].kind, TokenKind::kIdentifier);
  EXPECT_EQ(tokens[2].text, "3E");
  EXPECT_THROW(Lex("1.5x"), RiffleError);
}

TEST(LexerTest, QualifiedNameIsNotANumber) {
  auto tokens = Lex("a.b");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_TRUE(tokens[1].IsSymbol("."));
  EXPECT_EQ(tokens[2].text, "B");
}

TEST(LexerTest, Operators) {
  auto tokens = Lex("-> := => || <> != <= >= < > = + - * / % ( ) [ ] , . ; :");
  std::vector<std::string> expected = {
      "->", ":=", "=>", "||", "<>", "!=", "<=", ">=", "<", ">", "=", "+",
      "-",  "*",  "/",  "%",  "(",  ")",  "[",  "]",  ",", ".", ";", ":"};
  ASSERT_EQ(tokens.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, TokenKind::kSymbol) << i;
    EXPECT_EQ(tokens[i].text, expected[i]) << i;
  }
}

TEST(LexerTest, CommentsAreSkipped) {
  auto tokens = Lex("a -- line comment ; here\n/* block\n comment */ b");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "A");
  EXPECT_EQ(tokens[1].text, "B");
  EXPECT_EQ(tokens[1].pos.line, 3);
  EXPECT_EQ(tokens[1].pos.column, 13);
}

TEST(LexerTest, MinusIsNotAComment) {
  auto tokens = Lex("a - -b");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_TRUE(tokens[1].IsSymbol("-"));
  EXPECT_TRUE(tokens[2].IsSymbol("-"));
}

TEST(LexerTest, PositionsAreOneBasedLineAndColumn) {
  auto tokens = Lex("SELECT x,\n  y FROM\tz");
  EXPECT_EQ(tokens[0].pos.line, 1);
  EXPECT_EQ(tokens[0].pos.column, 1);
  EXPECT_EQ(tokens[1].pos.column, 8);
  EXPECT_EQ(tokens[3].pos.line, 2);
  EXPECT_EQ(tokens[3].pos.column, 3);
  EXPECT_EQ(tokens[5].pos.column, 10);  // a tab counts as one column
  EXPECT_EQ(tokens.back().kind, TokenKind::kEnd);
}

TEST(LexerTest, Utf8CountsOneColumnPerCharacter) {
  auto tokens = Lex("'héllo' x");
  EXPECT_EQ(tokens[0].text, "héllo");
  EXPECT_EQ(tokens[1].pos.column, 9);
}

TEST(LexerTest, ErrorsArePositioned) {
  try {
    Lex("SELECT\n  'abc");
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kParse);
    EXPECT_EQ(e.pos().line, 2);
    EXPECT_EQ(e.pos().column, 3);
    EXPECT_NE(e.message().find("unterminated string"), std::string::npos);
  }
  EXPECT_THROW(Lex("a /* never closed"), RiffleError);
  EXPECT_THROW(Lex("`open"), RiffleError);
  EXPECT_THROW(Lex("a ? b"), RiffleError);
  EXPECT_THROW(Lex("``"), RiffleError);
}

TEST(LexerTest, DescribeTokenShowsTextAsWritten) {
  std::string text = "select foo";
  auto tokens = Lex(text);
  EXPECT_EQ(DescribeToken(tokens[1], text), "'foo'");
  EXPECT_EQ(DescribeToken(tokens[2], text), "'<EOF>'");
}

}  // namespace
}  // namespace riffle
