// Tab completion rules, on a fixed catalog snapshot (no terminal, no engine).

#include "shell/completion.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace riffle::shell {
namespace {

using Strings = std::vector<std::string>;

CompletionCatalog Catalog() {
  CompletionCatalog c;
  c.sources = {{"ORDERS", "orders_topic", {"ID", "ITEM", "PRICE"}},
               {"ORDERS_PER_ITEM", "ORDERS_PER_ITEM", {"ITEM", "N"}},
               {"USERS", "users", {"USER_ID", "NAME"}}};
  c.topics = {"raw_clicks"};
  c.properties = {"auto.offset.reset", "fail.on.deserialization.error"};
  c.functions = {"UCASE", "SUBSTRING", "COUNT", "SUM"};
  c.jobs = {"CSAS_BIG_1", "CTAS_PER_ITEM_2"};
  c.list_files = [](const std::string& prefix) {
    Strings all = {"scripts/", "setup.sql", "scripts/load.sql", "notes.txt"};
    Strings out;
    for (const auto& p : all) {
      if (p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0) out.push_back(p);
    }
    return out;
  };
  return c;
}

bool Has(const Completion& c, const std::string& candidate) {
  return std::find(c.candidates.begin(), c.candidates.end(), candidate) != c.candidates.end();
}

TEST(CompletionTest, StatementStartOffersStatementKeywordsInTheTypedCase) {
  EXPECT_EQ(Complete("SE", Catalog()).candidates, (Strings{"SELECT", "SET"}));
  EXPECT_EQ(Complete("se", Catalog()).candidates, (Strings{"select", "set"}));
  EXPECT_EQ(Complete("SHOW STREAMS; DESC", Catalog()).candidates, Strings{"DESCRIBE"});
  EXPECT_EQ(Complete("SE", Catalog()).word, "SE");
}

TEST(CompletionTest, SourcesAfterFromJoinIntoDescribeAndDrop) {
  EXPECT_EQ(Complete("SELECT * FROM OR", Catalog()).candidates,
            (Strings{"ORDERS", "ORDERS_PER_ITEM"}));
  EXPECT_EQ(Complete("select * from o JOIN us", Catalog()).candidates, Strings{"users"});
  EXPECT_EQ(Complete("INSERT INTO u", Catalog()).candidates, Strings{"users"});
  EXPECT_TRUE(Has(Complete("DESCRIBE ", Catalog()), "ORDERS"));
  EXPECT_TRUE(Has(Complete("DESCRIBE ", Catalog()), "FUNCTION"));
  EXPECT_EQ(Complete("DROP TABLE ORDERS_", Catalog()).candidates, Strings{"ORDERS_PER_ITEM"});
  EXPECT_EQ(Complete("DROP STREAM IF EXISTS U", Catalog()).candidates, Strings{"USERS"});
  EXPECT_EQ(Complete("ALTER TABLE ORDERS_", Catalog()).candidates, Strings{"ORDERS_PER_ITEM"});
  EXPECT_EQ(Complete("ALTER T", Catalog()).candidates, Strings{"TABLE"});
  EXPECT_EQ(Complete("ALT", Catalog()).candidates, Strings{"ALTER"});
}

TEST(CompletionTest, ColumnsOfTheSourcesTheStatementNames) {
  Completion c = Complete("SELECT I", Catalog());  // no FROM yet: every column
  EXPECT_TRUE(Has(c, "ID"));
  EXPECT_TRUE(Has(c, "ITEM"));
  c = Complete("SELECT * FROM users WHERE N", Catalog());
  EXPECT_TRUE(Has(c, "NAME"));
  EXPECT_FALSE(Has(c, "N"));  // ORDERS_PER_ITEM's column: not in this statement
  EXPECT_TRUE(Has(c, "NOT"));
  EXPECT_TRUE(Has(Complete("SELECT * FROM orders WHERE p", Catalog()), "price"));
}

TEST(CompletionTest, QualifiedColumnsThroughAliases) {
  EXPECT_EQ(Complete("SELECT o.I", Catalog()).candidates, Strings{});
  EXPECT_EQ(Complete("SELECT * FROM orders o WHERE o.I", Catalog()).candidates,
            (Strings{"o.ID", "o.ITEM"}));
  EXPECT_EQ(Complete("SELECT users.N", Catalog()).candidates, Strings{"users.NAME"});
}

TEST(CompletionTest, FunctionNames) {
  EXPECT_TRUE(Has(Complete("SELECT UC", Catalog()), "UCASE"));
  EXPECT_TRUE(Has(Complete("SELECT item, CO", Catalog()), "COUNT"));
  EXPECT_EQ(Complete("DESCRIBE FUNCTION S", Catalog()).candidates, (Strings{"SUBSTRING", "SUM"}));
}

TEST(CompletionTest, TopicsInsideQuotesAfterKafkaTopicAndPrint) {
  Completion c = Complete("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='ra", Catalog());
  EXPECT_EQ(c.candidates, Strings{"raw_clicks"});
  EXPECT_EQ(c.word, "ra");
  EXPECT_EQ(c.append, '\'');
  EXPECT_EQ(Complete("create stream s (a int) with (kafka_topic = 'o", Catalog()).candidates,
            Strings{"orders_topic"});
  EXPECT_EQ(Complete("PRINT 'u", Catalog()).candidates, Strings{"users"});
  EXPECT_EQ(Complete("PRINT u", Catalog()).candidates, Strings{"users"});
  EXPECT_EQ(Complete("DESCRIBE TOPIC 'u", Catalog()).candidates, Strings{"users"});
  EXPECT_EQ(Complete("DESCRIBE TOPIC u", Catalog()).candidates, Strings{"users"});
  EXPECT_TRUE(Has(Complete("DESCRIBE T", Catalog()), "TOPIC"));
  // Inside other strings nothing is offered.
  EXPECT_TRUE(Complete("INSERT INTO users (name) VALUES ('ra", Catalog()).candidates.empty());
}

TEST(CompletionTest, PropertiesAfterSetAndUnset) {
  EXPECT_EQ(Complete("SET 'auto", Catalog()).candidates, Strings{"auto.offset.reset"});
  EXPECT_EQ(Complete("UNSET 'f", Catalog()).candidates, Strings{"fail.on.deserialization.error"});
}

TEST(CompletionTest, FilesAfterRunScriptAndFileDotCommands) {
  Completion c = Complete("RUN SCRIPT 'se", Catalog());
  EXPECT_EQ(c.candidates, Strings{"setup.sql"});
  EXPECT_EQ(c.append, '\'');
  c = Complete("RUN SCRIPT 'scr", Catalog());
  EXPECT_EQ(c.candidates, (Strings{"scripts/", "scripts/load.sql"}));
  EXPECT_EQ(Complete("RUN SCRIPT 'scripts/", Catalog()).candidates, Strings{"scripts/load.sql"});
  c = Complete(".read scripts", Catalog());
  EXPECT_EQ(c.candidates, (Strings{"scripts/", "scripts/load.sql"}));
  c = Complete(".output no", Catalog());
  EXPECT_EQ(c.candidates, Strings{"notes.txt"});
  EXPECT_EQ(c.append, ' ');
}

TEST(CompletionTest, ShowTargetsJobsAndKeywordsByContext) {
  EXPECT_EQ(Complete("SHOW T", Catalog()).candidates, (Strings{"TABLES", "TOPICS", "TYPES"}));
  EXPECT_EQ(Complete("list st", Catalog()).candidates, Strings{"streams"});
  EXPECT_EQ(Complete("TERMINATE C", Catalog()).candidates,
            (Strings{"CSAS_BIG_1", "CTAS_PER_ITEM_2"}));
  EXPECT_TRUE(Has(Complete("PAUSE ", Catalog()), "ALL"));
  EXPECT_EQ(Complete("SELECT * FROM orders EMIT C", Catalog()).candidates, Strings{"CHANGES"});
  EXPECT_EQ(Complete("RUN S", Catalog()).candidates, Strings{"SCRIPT"});
}

TEST(CompletionTest, DotCommandsAndTheirArguments) {
  EXPECT_EQ(Complete(".m", Catalog()).candidates, (Strings{".maxrows", ".mode"}));
  EXPECT_EQ(Complete(".mode ", Catalog()).candidates,
            (Strings{"csv", "json", "line", "markdown", "table", "vertical"}));
  EXPECT_EQ(Complete(".mode v", Catalog()).candidates, Strings{"vertical"});
  EXPECT_EQ(Complete(".timer o", Catalog()).candidates, (Strings{"off", "on"}));
  // .timeline takes a job id, in any case.
  EXPECT_EQ(Complete(".timeline CT", Catalog()).candidates, Strings{"CTAS_PER_ITEM_2"});
  EXPECT_EQ(Complete(".timeline c", Catalog()).candidates,
            (Strings{"csas_big_1", "ctas_per_item_2"}));
  // ... or a push query, completed as SQL.
  EXPECT_EQ(Complete(".timeline SE", Catalog()).candidates, Strings{"SELECT"});
  EXPECT_EQ(Complete(".timeline select * from or", Catalog()).candidates,
            (Strings{"orders", "orders_per_item"}));
  EXPECT_TRUE(Has(Complete(".help w", Catalog()), "watch"));
  EXPECT_EQ(Complete(".watch 5 SHOW J", Catalog()).candidates, Strings{"JOBS"});
  EXPECT_EQ(Complete(".watch SELECT * FROM OR", Catalog()).candidates,
            (Strings{"ORDERS", "ORDERS_PER_ITEM"}));
  // .step takes a lesson file or one of its words.
  EXPECT_EQ(Complete(".step s", Catalog()).candidates,
            (Strings{"scripts/", "scripts/load.sql", "setup.sql", "status", "stop"}));
  EXPECT_EQ(Complete(".step st", Catalog()).candidates, (Strings{"status", "stop"}));
  // A '.' in the middle of a multi-line statement is not a dot command.
  EXPECT_FALSE(Has(Complete("SELECT *\n.m", Catalog()), ".mode"));
}

TEST(CompletionTest, HelpOffersItsTopics) {
  EXPECT_EQ(Complete("HELP WIN", Catalog()).candidates, (Strings{"WINDOW", "WINDOWS"}));
  EXPECT_TRUE(Has(Complete("help gr", Catalog()), "grace"));
  EXPECT_TRUE(Has(Complete("HELP ", Catalog()), "JOIN"));
  EXPECT_TRUE(Has(Complete("HELP ", Catalog()), "CREATE"));
  EXPECT_TRUE(Has(Complete(".help tum", Catalog()), "tumbling"));
  EXPECT_TRUE(Has(Complete(".help ", Catalog()), "step"));
}

TEST(CompletionTest, StringsAndCommentsDoNotConfuseTheContext) {
  EXPECT_EQ(Complete("SELECT 'FROM' , x FROM OR", Catalog()).candidates,
            (Strings{"ORDERS", "ORDERS_PER_ITEM"}));
  EXPECT_EQ(Complete("SELECT 'a;b' FROM U", Catalog()).candidates, Strings{"USERS"});
  EXPECT_EQ(Complete("-- SELECT * FROM\nSH", Catalog()).candidates, Strings{"SHOW"});
}

TEST(CompletionTest, ListFilesReadsTheFileSystem) {
  std::string dir = ::testing::TempDir();
  if (dir.back() != '/') dir += '/';
  Strings found = ListFiles(dir);
  EXPECT_TRUE(std::all_of(found.begin(), found.end(),
                          [&](const std::string& p) { return p.rfind(dir, 0) == 0; }));
  EXPECT_TRUE(ListFiles("/nonexistent-riffle-dir/x").empty());
  Strings etc = ListFiles("/et");
  EXPECT_TRUE(std::find(etc.begin(), etc.end(), "/etc/") != etc.end());
}

}  // namespace
}  // namespace riffle::shell
