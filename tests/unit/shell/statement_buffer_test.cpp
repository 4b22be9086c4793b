#include "shell/statement_buffer.h"

#include <gtest/gtest.h>

namespace riffle::shell {
namespace {

using Strings = std::vector<std::string>;

TEST(StatementBufferTest, OneLineStatement) {
  StatementBuffer b;
  FeedResult r = b.AddLine("SHOW STREAMS;");
  EXPECT_EQ(r.statements, Strings{"SHOW STREAMS;"});
  EXPECT_EQ(r.history_entry, "SHOW STREAMS;");
  EXPECT_TRUE(b.empty());
}

TEST(StatementBufferTest, StatementSpanningLinesIsOneHistoryEntry) {
  StatementBuffer b;
  FeedResult r = b.AddLine("SELECT id,");
  EXPECT_TRUE(r.statements.empty());
  EXPECT_EQ(r.history_entry, "");
  EXPECT_FALSE(b.empty());
  r = b.AddLine("       name");
  EXPECT_TRUE(r.statements.empty());
  r = b.AddLine("FROM orders EMIT CHANGES;");
  EXPECT_EQ(r.statements, Strings{"SELECT id,\n       name\nFROM orders EMIT CHANGES;"});
  EXPECT_EQ(r.history_entry, "SELECT id,\n       name\nFROM orders EMIT CHANGES;");
  EXPECT_TRUE(b.empty());
}

TEST(StatementBufferTest, SeveralStatementsOnOneLine) {
  StatementBuffer b;
  FeedResult r = b.AddLine("SHOW STREAMS; SHOW TABLES;  SHOW TOPICS;");
  EXPECT_EQ(r.statements, (Strings{"SHOW STREAMS;", "SHOW TABLES;", "SHOW TOPICS;"}));
  EXPECT_EQ(r.history_entry, "SHOW STREAMS; SHOW TABLES;  SHOW TOPICS;");
}

TEST(StatementBufferTest, TrailingPartialStatementWaitsAndJoinsHistory) {
  StatementBuffer b;
  FeedResult r = b.AddLine("SHOW STREAMS; SELECT");
  EXPECT_EQ(r.statements, Strings{"SHOW STREAMS;"});
  EXPECT_EQ(r.history_entry, "");  // the input is not finished yet
  r = b.AddLine("1;");
  EXPECT_EQ(r.statements, Strings{"SELECT\n1;"});
  EXPECT_EQ(r.history_entry, "SHOW STREAMS; SELECT\n1;");
}

TEST(StatementBufferTest, SemicolonsInsideQuotesAndCommentsDoNotEndStatements) {
  StatementBuffer b;
  EXPECT_TRUE(b.AddLine("INSERT INTO s VALUES ('a;b',").statements.empty());
  EXPECT_TRUE(b.AddLine("  'multi").statements.empty());
  EXPECT_TRUE(b.AddLine("line; string'  -- trailing; comment").statements.empty());
  EXPECT_TRUE(b.AddLine("/* block; comment").statements.empty());
  FeedResult r = b.AddLine("   still; comment */ );");
  EXPECT_EQ(r.statements, Strings{"INSERT INTO s VALUES ('a;b',\n  'multi\n"
                                  "line; string'  -- trailing; comment\n/* block; comment\n"
                                  "   still; comment */ );"});
  EXPECT_TRUE(b.empty());
}

TEST(StatementBufferTest, CommentAndBlankLinesLeaveThePromptPrimary) {
  StatementBuffer b;
  FeedResult r = b.AddLine("-- a comment; with a semicolon");
  EXPECT_TRUE(r.statements.empty());
  EXPECT_EQ(r.history_entry, "");
  EXPECT_TRUE(b.empty());
  r = b.AddLine("   ");
  EXPECT_TRUE(b.empty());
  r = b.AddLine(";;");
  EXPECT_TRUE(r.statements.empty());
  EXPECT_TRUE(b.empty());
}

TEST(StatementBufferTest, TakeRemainderReturnsUnfinishedStatement) {
  StatementBuffer b;
  b.AddLine("SHOW");
  b.AddLine("STREAMS  ");
  EXPECT_EQ(b.TakeRemainder(), "SHOW\nSTREAMS");
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.TakeRemainder(), "");
}

TEST(StatementBufferTest, ClearDropsUnfinishedInputAndItsHistory) {
  StatementBuffer b;
  b.AddLine("SELECT * FROM");
  b.Clear();
  EXPECT_TRUE(b.empty());
  FeedResult r = b.AddLine("SHOW TABLES;");
  EXPECT_EQ(r.statements, Strings{"SHOW TABLES;"});
  EXPECT_EQ(r.history_entry, "SHOW TABLES;");
}

TEST(StatementBufferTest, ExitCommands) {
  EXPECT_TRUE(IsExitCommand("exit"));
  EXPECT_TRUE(IsExitCommand("  QUIT ; "));
  EXPECT_TRUE(IsExitCommand("Exit;"));
  EXPECT_FALSE(IsExitCommand("exit now"));
  EXPECT_FALSE(IsExitCommand("exits"));
  EXPECT_FALSE(IsExitCommand(""));
}

}  // namespace
}  // namespace riffle::shell
