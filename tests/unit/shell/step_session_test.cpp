// .step's lesson files: how a file is cut into steps, and a session's position.

#include "shell/step_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace riffle::shell {
namespace {

TEST(StepSessionTest, EachStatementKeepsTheCommentAboveIt) {
  std::vector<LessonStep> steps = SplitLessonSteps(
      "-- Lesson 1: the title.\n"
      "--\n"
      "-- Why we start here.\n"
      "\n"
      "-- Make a stream.\n"
      "CREATE STREAM s (id INT KEY)\n"
      "  WITH (kafka_topic='s', value_format='JSON');  -- trailing\n"
      "INSERT INTO s (id) VALUES (1); INSERT INTO s (id) VALUES (2);\n"
      "\n"
      "  -- A dot command is a step too.\n"
      ".mode csv\n"
      "SELECT ';' AS semi, -- a comment inside\n"
      "  id FROM s;\n"
      "-- The end.\n");
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0].comment,
            "-- Lesson 1: the title.\n--\n-- Why we start here.\n\n-- Make a stream.");
  EXPECT_EQ(steps[0].statement,
            "CREATE STREAM s (id INT KEY)\n  WITH (kafka_topic='s', value_format='JSON');");
  EXPECT_EQ(steps[0].line, 6);
  EXPECT_EQ(steps[1].comment, "");
  EXPECT_EQ(steps[1].statement, "INSERT INTO s (id) VALUES (1);");
  EXPECT_EQ(steps[2].statement, "INSERT INTO s (id) VALUES (2);");
  EXPECT_EQ(steps[2].line, 8);
  EXPECT_EQ(steps[3].comment, "-- A dot command is a step too.");
  EXPECT_EQ(steps[3].statement, ".mode csv");
  EXPECT_EQ(steps[3].line, 11);
  EXPECT_EQ(steps[4].statement, "SELECT ';' AS semi, -- a comment inside\n  id FROM s;");
  EXPECT_EQ(steps[4].line, 12);
  EXPECT_EQ(steps[5].comment, "-- The end.");
  EXPECT_EQ(steps[5].statement, "");
}

TEST(StepSessionTest, ALastStatementWithoutSemicolonIsAStep) {
  std::vector<LessonStep> steps = SplitLessonSteps("SHOW STREAMS;\r\n-- last\r\nSHOW TABLES");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].statement, "SHOW STREAMS;");
  EXPECT_EQ(steps[1].comment, "-- last");
  EXPECT_EQ(steps[1].statement, "SHOW TABLES");
  EXPECT_TRUE(SplitLessonSteps("").empty());
  EXPECT_TRUE(SplitLessonSteps("\n\n").empty());
}

TEST(StepSessionTest, ASessionWalksItsStepsInOrder) {
  std::string path = ::testing::TempDir() + "riffle_step_" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream out(path);
    out << "-- one\nSHOW STREAMS;\nSHOW TABLES;\n";
  }
  StepSession session;
  std::string error;
  EXPECT_FALSE(session.active());
  EXPECT_EQ(session.Next(), nullptr);
  ASSERT_TRUE(session.Start(path, &error)) << error;
  EXPECT_EQ(session.path(), path);
  EXPECT_EQ(session.total(), 2u);
  ASSERT_NE(session.Next(), nullptr);
  EXPECT_EQ(session.Next()->statement, "SHOW STREAMS;");
  session.Advance();
  EXPECT_EQ(session.done(), 1u);
  EXPECT_EQ(session.Next()->statement, "SHOW TABLES;");
  session.Advance();
  EXPECT_FALSE(session.active());
  session.Advance();  // past the end: stays there
  EXPECT_EQ(session.done(), 2u);
  session.Stop();
  EXPECT_EQ(session.total(), 0u);

  // A file that cannot be read, or holds only comments, leaves the session as it was.
  ASSERT_TRUE(session.Start(path, &error));
  EXPECT_FALSE(session.Start(path + ".missing", &error));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;
  {
    std::ofstream out(path);
    out << "-- only words\n";
  }
  EXPECT_FALSE(session.Start(path, &error));
  EXPECT_NE(error.find("holds no statement"), std::string::npos) << error;
  EXPECT_EQ(session.total(), 2u);
  unlink(path.c_str());
}

}  // namespace
}  // namespace riffle::shell
