#include "core/sql/splitter.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

std::vector<std::string> Texts(const SplitResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.statements) out.push_back(s.text);
  return out;
}

TEST(SplitterTest, SeveralStatementsOnOneLine) {
  SplitResult r = SplitStatements("SHOW STREAMS; SHOW TABLES;DESCRIBE x;");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SHOW STREAMS", "SHOW TABLES", "DESCRIBE x"}));
  EXPECT_EQ(r.remainder, "");
  EXPECT_EQ(r.statements[1].pos.line, 1);
  EXPECT_EQ(r.statements[1].pos.column, 15);
}

TEST(SplitterTest, IncompleteRemainderIsKeptVerbatim) {
  SplitResult r = SplitStatements("SHOW STREAMS; SELECT *\n  FROM s");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SHOW STREAMS"}));
  EXPECT_EQ(r.remainder, " SELECT *\n  FROM s");
  SplitResult none = SplitStatements("SELECT 1");
  EXPECT_TRUE(none.statements.empty());
  EXPECT_EQ(none.remainder, "SELECT 1");
}

TEST(SplitterTest, MultiLineStatement) {
  SplitResult r = SplitStatements("\n  -- leading comment\n  SELECT *\n  FROM s\n  ;\n");
  ASSERT_EQ(r.statements.size(), 1u);
  EXPECT_EQ(r.statements[0].text, "SELECT *\n  FROM s");
  EXPECT_EQ(r.statements[0].pos.line, 3);
  EXPECT_EQ(r.statements[0].pos.column, 3);
  EXPECT_EQ(r.remainder, "");
}

TEST(SplitterTest, SemicolonsInsideQuotesDoNotSplit) {
  SplitResult r =
      SplitStatements("INSERT INTO s VALUES ('a;b', 'it''s;'); SELECT `x;y`, \"p;q\" FROM t;");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"INSERT INTO s VALUES ('a;b', 'it''s;')",
                                                "SELECT `x;y`, \"p;q\" FROM t"}));
  SplitResult open = SplitStatements("SELECT 'abc;\n");
  EXPECT_TRUE(open.statements.empty());
  EXPECT_EQ(open.remainder, "SELECT 'abc;\n");
}

TEST(SplitterTest, SemicolonsInsideCommentsDoNotSplit) {
  SplitResult r = SplitStatements("SELECT 1 -- not; here\nFROM s /* nor; here */;");
  ASSERT_EQ(r.statements.size(), 1u);
  EXPECT_EQ(r.statements[0].text, "SELECT 1 -- not; here\nFROM s /* nor; here */");
  SplitResult open = SplitStatements("SHOW TABLES; /* still; open");
  EXPECT_EQ(Texts(open), (std::vector<std::string>{"SHOW TABLES"}));
  EXPECT_EQ(open.remainder, " /* still; open");
}

TEST(SplitterTest, CommentOnlyRemainderCountsAsEmpty) {
  EXPECT_EQ(SplitStatements("SHOW TABLES; -- done").remainder, "");
  EXPECT_EQ(SplitStatements("SHOW TABLES; /* done */  \n").remainder, "");
  EXPECT_EQ(SplitStatements("   \n\t").remainder, "");
  EXPECT_TRUE(SplitStatements(";; -- x\n;").statements.empty());
  EXPECT_EQ(SplitStatements("/*/ x */ SHOW TABLES;").statements[0].text, "SHOW TABLES");
}

TEST(SplitterTest, MinusAndSlashAreNotComments) {
  SplitResult r = SplitStatements("SELECT a - b / c FROM s;");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SELECT a - b / c FROM s"}));
}

TEST(StatementSplitterTest, PiecesSplitAsTheWholeText) {
  const std::string text =
      "SHOW STREAMS; SELECT 'a;b' -- c;\n FROM s /* d; */ ;\nSELECT 1 -\n- x;\n2;  /* open";
  SplitResult whole = SplitStatements(text);
  // Every way of cutting the text in two gives the same statements, positions and remainder
  // (but for the whitespace before it, which a piece that leaves nothing unfinished drops).
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    StatementSplitter splitter;
    std::vector<SplitStatement> got = splitter.Feed(text.substr(0, cut));
    for (auto& s : splitter.Feed(text.substr(cut))) got.push_back(std::move(s));
    splitter.Finish();
    ASSERT_EQ(got.size(), whole.statements.size()) << cut;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].text, whole.statements[i].text) << cut;
      EXPECT_EQ(got[i].pos.line, whole.statements[i].pos.line) << cut;
      EXPECT_EQ(got[i].pos.column, whole.statements[i].pos.column) << cut;
    }
    EXPECT_EQ(splitter.remainder().substr(splitter.remainder().find('/')), "/* open") << cut;
  }
  EXPECT_EQ(Texts(whole), (std::vector<std::string>{"SHOW STREAMS",
                                                    "SELECT 'a;b' -- c;\n FROM s /* d; */",
                                                    "SELECT 1 -\n- x", "2"}));
  EXPECT_EQ(whole.remainder, "  /* open");
}

TEST(StatementSplitterTest, ACharacterThatMayStartACommentWaitsForTheNext) {
  StatementSplitter splitter;
  EXPECT_EQ(splitter.Feed("SHOW STREAMS; -").size(), 1u);
  EXPECT_EQ(splitter.remainder(), " -");
  EXPECT_TRUE(splitter.Feed("- a comment; not a statement\n").empty());
  EXPECT_EQ(splitter.remainder(), "");
}

TEST(StatementSplitterTest, AHundredThousandLineStatementIsScannedOnce) {
  // Each line used to rescan everything before it: 40,000 lines took 106 s in the shell.
  StatementSplitter splitter;
  for (int i = 0; i < 100000; ++i) {
    ASSERT_TRUE(splitter.Feed(i == 0 ? "SELECT 1 AS c0\n" : "  , 1 AS c\n").empty());
  }
  std::vector<SplitStatement> done = splitter.Feed("FROM s;\n");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].text.size(), 15u + 99999u * 11u + 6u);
  EXPECT_EQ(splitter.remainder(), "");
}

}  // namespace
}  // namespace riffle
