// HELP's table: lookups, and every example run for real, in order, on a fresh engine.

#include "shell/statement_help.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "core/engine/engine.h"

namespace riffle::shell {
namespace {

class CollectingSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string&) override {}
  void Error(const std::string& text) override { errors += text + "\n"; }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override {}
  void EndRows(const std::string&) override {}
  std::string errors;
};

TEST(StatementHelpTest, EveryStatementTheParserStartsHasATopic) {
  // The statement keywords the parser accepts (core/sql/parse_statement.cpp).
  std::set<std::string> starts;
  for (const StatementHelp& help : StatementHelps()) {
    std::string topic = help.topic;
    starts.insert(topic.substr(0, topic.find(' ')));
    EXPECT_NE(std::string(help.example).find(';'), std::string::npos) << topic;
  }
  for (const char* start : {"SELECT", "CREATE", "DROP", "INSERT", "SHOW", "DESCRIBE", "SET",
                            "UNSET", "PRINT", "RUN", "EXPLAIN", "TERMINATE", "PAUSE", "RESUME",
                            "RESTART", "TRUNCATE"}) {
    EXPECT_EQ(starts.count(start), 1u) << start;
  }
}

TEST(StatementHelpTest, FindsTopicsByPrefixAndAlias) {
  ASSERT_EQ(FindStatementHelp("create stream").size(), 1u);
  EXPECT_STREQ(FindStatementHelp("  Create   STREAM ")[0]->topic, "CREATE STREAM");
  EXPECT_EQ(FindStatementHelp("create").size(), 4u);
  EXPECT_EQ(FindStatementHelp("insert").size(), 2u);
  EXPECT_STREQ(FindStatementHelp("csas")[0]->topic, "CREATE STREAM AS SELECT");
  EXPECT_TRUE(FindStatementHelp("frobnicate").empty());
  EXPECT_TRUE(FindStatementHelp("").empty());
}

TEST(StatementHelpTest, ParsesHelpStatements) {
  std::string topic;
  EXPECT_TRUE(ParseHelpStatement("HELP;", &topic));
  EXPECT_EQ(topic, "");
  EXPECT_TRUE(ParseHelpStatement("help  create\n stream ;", &topic));
  EXPECT_EQ(topic, "CREATE STREAM");
  EXPECT_FALSE(ParseHelpStatement("HELPER;", &topic));
  EXPECT_FALSE(ParseHelpStatement("SELECT help FROM x;", &topic));
}

TEST(StatementHelpTest, FormatShowsSyntaxAndExample) {
  std::string text = FormatStatementHelp(*FindStatementHelp("PRINT")[0]);
  EXPECT_NE(text.find("Syntax:\n  PRINT 'topic'"), std::string::npos) << text;
  EXPECT_NE(text.find("Example:\n  PRINT 'orders' FROM BEGINNING LIMIT 1;"), std::string::npos);
  std::string overview = FormatHelpOverview();
  for (const StatementHelp& help : StatementHelps()) {
    EXPECT_NE(overview.find(help.topic), std::string::npos) << help.topic;
  }
}

TEST(StatementHelpTest, EveryExampleRuns) {
  char dir_template[] = "/tmp/riffle-help-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template;
  char old_cwd[4096];
  ASSERT_NE(getcwd(old_cwd, sizeof old_cwd), nullptr);
  ASSERT_EQ(chdir(dir.c_str()), 0);
  {
    std::ofstream setup("setup.sql");
    setup << "SHOW STREAMS;\n";
  }
  {
    CollectingSink sink;
    EngineOptions options;
    options.catalog_path = dir + "/catalog.db";
    std::unique_ptr<Engine> engine = Engine::Open(options, sink);
    for (const StatementHelp& help : StatementHelps()) {
      CollectingSink statement_sink;
      bool ok = engine->Execute(help.example, statement_sink, /*continue_on_error=*/false);
      EXPECT_TRUE(ok) << help.topic << ": " << help.example << "\n" << statement_sink.errors;
      engine->WaitForIdle(10000);
    }
  }
  ASSERT_EQ(chdir(old_cwd), 0);
  std::system(("rm -rf '" + dir + "'").c_str());
}

}  // namespace
}  // namespace riffle::shell
