// HELP's table: lookups, and every example run for real, in order, on a fresh engine.

#include "shell/statement_help.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "core/engine/engine.h"
#include "core/sql/splitter.h"
#include "shell/display_width.h"
#include "shell/help_concepts.h"

namespace riffle::shell {
namespace {

class CollectingSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string&) override {}
  void Error(const std::string& text) override { errors += text + "\n"; }
  void Table(const std::vector<ResultColumn>&,
             const std::vector<std::vector<Value>>& table_rows) override {
    rows += table_rows.size();
  }
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override { ++rows; }
  void EndRows(const std::string&) override {}
  std::string errors;
  size_t rows = 0;
};

TEST(StatementHelpTest, EveryStatementTheParserStartsHasATopic) {
  // The statement keywords the parser accepts (core/sql/parse_statement.cpp).
  std::set<std::string> starts;
  for (const StatementHelp& help : StatementHelps()) {
    std::string topic = help.topic;
    starts.insert(topic.substr(0, topic.find(' ')));
    EXPECT_NE(std::string(help.example).find(';'), std::string::npos) << topic;
  }
  for (const char* start : {"SELECT", "CREATE", "DROP", "ALTER", "INSERT", "SHOW", "DESCRIBE",
                            "SET", "UNSET", "PRINT", "RUN", "EXPLAIN", "TERMINATE", "PAUSE",
                            "RESUME", "RESTART", "TRUNCATE"}) {
    EXPECT_EQ(starts.count(start), 1u) << start;
  }
}

// A temporary directory, the working directory while it lives (RUN SCRIPT's setup.sql).
class TempCwd {
 public:
  TempCwd() {
    char dir_template[] = "/tmp/riffle-help-XXXXXX";
    EXPECT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    EXPECT_NE(getcwd(old_cwd_, sizeof old_cwd_), nullptr);
    EXPECT_EQ(chdir(dir_.c_str()), 0);
  }
  ~TempCwd() {
    EXPECT_EQ(chdir(old_cwd_), 0);
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  char old_cwd_[4096];
};

TEST(StatementHelpTest, FindsTopicsByPrefixAndAlias) {
  ASSERT_EQ(FindStatementHelp("create stream").size(), 1u);
  EXPECT_STREQ(FindStatementHelp("  Create   STREAM ")[0]->topic, "CREATE STREAM");
  EXPECT_EQ(FindStatementHelp("create").size(), 4u);
  EXPECT_EQ(FindStatementHelp("insert").size(), 2u);
  EXPECT_STREQ(FindStatementHelp("csas")[0]->topic, "CREATE STREAM AS SELECT");
  EXPECT_TRUE(FindStatementHelp("frobnicate").empty());
  EXPECT_TRUE(FindStatementHelp("").empty());
  // Concepts: an exact topic wins over the topics it prefixes; aliases; a prefix.
  ASSERT_EQ(FindStatementHelp("window").size(), 1u);
  EXPECT_STREQ(FindStatementHelp("window")[0]->topic, "WINDOW");
  EXPECT_STREQ(FindStatementHelp("tumbling")[0]->topic, "WINDOW TUMBLING");
  EXPECT_STREQ(FindStatementHelp("within")[0]->topic, "JOIN STREAM-STREAM");
  EXPECT_STREQ(FindStatementHelp("fk join")[0]->topic, "JOIN FOREIGN KEY");
  EXPECT_STREQ(FindStatementHelp("late")[0]->topic, "LATE DATA");
  EXPECT_STREQ(FindStatementHelp("tables vs streams")[0]->topic, "STREAMS AND TABLES");
  ASSERT_EQ(FindStatementHelp("emit").size(), 2u);
  EXPECT_STREQ(FindStatementHelp("emit")[0]->topic, "EMIT CHANGES");
  EXPECT_STREQ(FindStatementHelp("emit")[1]->topic, "EMIT FINAL");
  EXPECT_EQ(FindStatementHelp("join").size(), 1u);
}

TEST(StatementHelpTest, EveryAliasNamesATopic) {
  for (const HelpAlias& alias : HelpAliases()) {
    std::vector<const StatementHelp*> found = FindStatementHelp(alias.alias);
    ASSERT_EQ(found.size(), 1u) << alias.alias;
    EXPECT_STREQ(found[0]->topic, alias.topic) << alias.alias;
  }
}

TEST(StatementHelpTest, TheConceptsTheLessonsNeedHaveTopics) {
  std::set<std::string> concepts;
  for (const StatementHelp& help : StatementHelps()) {
    if (help.kind == HelpKind::kConcept) {
      concepts.insert(help.topic);
      EXPECT_NE(std::string(help.explanation), "") << help.topic;
    }
  }
  for (const char* topic :
       {"WINDOW", "WINDOW TUMBLING", "WINDOW HOPPING", "WINDOW SESSION", "GRACE PERIOD",
        "EMIT CHANGES", "EMIT FINAL", "LATE DATA", "JOIN", "JOIN STREAM-STREAM",
        "JOIN STREAM-TABLE", "JOIN TABLE-TABLE", "JOIN FOREIGN KEY", "STREAMS AND TABLES",
        "CHANGELOG", "EVENT TIME"}) {
    EXPECT_EQ(concepts.count(topic), 1u) << topic;
  }
  EXPECT_EQ(concepts.size(), ConceptHelps().size());
  std::vector<std::string> words = HelpTopicFirstWords();
  for (const char* word : {"WINDOW", "GRACE", "EMIT", "LATE", "JOIN", "TUMBLING", "CHANGELOG"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), word), words.end()) << word;
  }
}

// The table format shows window bounds as timestamps; json and csv keep the numbers.
TEST(StatementHelpTest, WindowHelpSaysHowWindowBoundsShow) {
  std::string window = FormatStatementHelp(*FindStatementHelp("window")[0]);
  std::string flat;  // line breaks and their indent as one space
  for (size_t i = 0; i < window.size(); ++i) {
    if (window[i] == '\n' && window.compare(i + 1, 2, "  ") == 0) {
      flat += ' ';
      i += 2;
    } else {
      flat += window[i];
    }
  }
  EXPECT_NE(flat.find("timestamps in the table format (1970-01-01 00:00:10.000, UTC), epoch "
                      "milliseconds (10000) in json and csv"),
            std::string::npos)
      << window;
  for (const StatementHelp& help : ConceptHelps()) {
    std::string text = FormatStatementHelp(help);
    EXPECT_EQ(text.find("WINDOWEND (epoch milliseconds)"), std::string::npos) << help.topic;
  }
}

// DROP of a CREATE ... AS SELECT's source stops that query too, as in ksqlDB: HELP says so.
TEST(StatementHelpTest, DropSaysItStopsTheQueryThatMadeTheSource) {
  for (const char* topic : {"DROP STREAM", "DROP TABLE"}) {
    std::string text = FormatStatementHelp(*FindStatementHelp(topic)[0]);
    EXPECT_NE(text.find("stop its CREATE ... AS query"), std::string::npos) << text;
  }
}

// A class reads HELP on an 80-column projector: no line of any topic wraps there.
TEST(StatementHelpTest, EveryTopicFitsEightyColumns) {
  std::vector<std::pair<std::string, std::string>> texts = {{"HELP;", FormatHelpOverview()}};
  for (const StatementHelp& help : StatementHelps()) {
    texts.emplace_back(help.topic, FormatStatementHelp(help));
  }
  for (const auto& [topic, text] : texts) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      EXPECT_LT(DisplayWidth(std::string_view(text).substr(start, end - start)), 80u)
          << topic << ": " << text.substr(start, end - start);
      start = end + 1;
    }
  }
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
  std::string concept_text = FormatStatementHelp(*FindStatementHelp("grace period")[0]);
  EXPECT_NE(concept_text.find("GRACE PERIOD: how long a window keeps accepting"), std::string::npos)
      << concept_text;
  EXPECT_NE(concept_text.find("\n  Records do not always arrive in event-time order."),
            std::string::npos)
      << concept_text;
  EXPECT_LT(concept_text.find("Syntax:\n  WINDOW TUMBLING|HOPPING|SESSION"),
            concept_text.find("Example:"));
  std::string overview = FormatHelpOverview();
  EXPECT_LT(overview.find("DROP TABLE"), overview.find("Concepts of streaming SQL:"));
  EXPECT_LT(overview.find("Concepts of streaming SQL:"), overview.find("WINDOW SESSION"));
  for (const StatementHelp& help : StatementHelps()) {
    EXPECT_NE(overview.find(help.topic), std::string::npos) << help.topic;
  }
}

TEST(StatementHelpTest, EveryStatementExampleRuns) {
  TempCwd cwd;
  const std::string& dir = cwd.dir();
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
      if (help.kind != HelpKind::kStatement) continue;
      CollectingSink statement_sink;
      bool ok = engine->Execute(help.example, statement_sink, /*continue_on_error=*/false);
      EXPECT_TRUE(ok) << help.topic << ": " << help.example << "\n" << statement_sink.errors;
      engine->WaitForIdle(10000);
    }
  }
}

// Each concept's example, alone on an empty catalog, runs statement by statement, and its last
// statement (the one the explanation talks about) shows rows.
TEST(StatementHelpTest, EveryConceptExampleRunsAndShowsRows) {
  for (const StatementHelp& help : ConceptHelps()) {
    TempCwd cwd;
    CollectingSink sink;
    EngineOptions options;
    options.catalog_path = cwd.dir() + "/catalog.db";
    std::unique_ptr<Engine> engine = Engine::Open(options, sink);
    SplitResult split = SplitStatements(help.example);
    ASSERT_FALSE(split.statements.empty()) << help.topic;
    EXPECT_EQ(split.remainder, "") << help.topic;
    size_t last_rows = 0;
    for (const SplitStatement& statement : split.statements) {
      CollectingSink statement_sink;
      bool ok = engine->Execute(statement.text + ";", statement_sink, false);
      EXPECT_TRUE(ok) << help.topic << ": " << statement.text << "\n" << statement_sink.errors;
      engine->WaitForIdle(10000);
      last_rows = statement_sink.rows;
    }
    EXPECT_GT(last_rows, 0u) << help.topic << ": its example's last statement shows no row";
  }
}

}  // namespace
}  // namespace riffle::shell
