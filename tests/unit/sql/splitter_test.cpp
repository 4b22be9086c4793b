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

}  // namespace
}  // namespace riffle
