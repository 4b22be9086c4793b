// What a push query tells its ResultSink beyond the rows, through a real engine and its
// embedded broker: the remaining lag (SetLagProvider) and the live table offer
// (BeginLiveTable) for a push query on a keyed table; and what a finite aggregate tells it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/engine/engine.h"

namespace riffle {
namespace {

class RecordingSink : public ResultSink {
 public:
  explicit RecordingSink(bool accept_live = false) : accept_live_(accept_live) {}

  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { errors += text + "\n"; }
  void Error(const std::string& text) override { errors += text + "\n"; }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>& columns) override {
    began = "rows";
    width = columns.size();
    lag_at_begin = lag ? lag() : std::nullopt;
  }
  bool BeginLiveTable(const std::vector<ResultColumn>& columns) override {
    offered_live = true;
    if (!accept_live_) return false;
    began = "live";
    width = columns.size();
    return true;
  }
  void Row(const std::vector<Value>& row) override {
    std::string line;
    for (const Value& v : row) {
      line += (line.empty() ? "" : " ") + (v.is_string() ? v.as_string()
                                           : v.is_int()  ? std::to_string(v.as_int())
                                                         : "?");
    }
    rows += line + "\n";
  }
  void EndRows(const std::string&) override {}
  void SetLagProvider(std::function<std::optional<int64_t>()> provider) override {
    lag = std::move(provider);
  }

  std::function<std::optional<int64_t>()> lag;
  std::optional<int64_t> lag_at_begin;
  bool offered_live = false;
  std::string began;
  size_t width = 0;
  std::string rows;
  std::string errors;

 private:
  bool accept_live_;
};

class PushQuerySinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/riffle-push-sink-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    EngineOptions options;
    options.catalog_path = dir_ + "/catalog.db";
    engine_ = Engine::Open(options, setup_sink_);
    Run("SET 'auto.offset.reset'='earliest';"
        "CREATE STREAM clicks (user STRING KEY, page STRING) WITH (kafka_topic='clicks', "
        "format='JSON', partitions=2);"
        "INSERT INTO clicks (user, page) VALUES ('ann', 'home');"
        "INSERT INTO clicks (user, page) VALUES ('bob', 'home');"
        "INSERT INTO clicks (user, page) VALUES ('ann', 'cart');");
  }
  void TearDown() override {
    engine_.reset();
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  void Run(const std::string& sql, ResultSink* sink = nullptr) {
    RecordingSink quiet;
    ResultSink& target = sink != nullptr ? *sink : quiet;
    ASSERT_TRUE(engine_->Execute(sql, target, /*continue_on_error=*/false)) << quiet.errors;
  }

  std::string dir_;
  RecordingSink setup_sink_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(PushQuerySinkTest, LagCountsRecordsNotReadYet) {
  RecordingSink sink;
  Run("SELECT user, page FROM clicks EMIT CHANGES LIMIT 3;", &sink);
  ASSERT_TRUE(sink.lag);
  EXPECT_EQ(sink.lag_at_begin, 3);  // from the beginning, before the first poll
  EXPECT_EQ(sink.lag(), 0);         // every record was read
  EXPECT_EQ(sink.began, "rows");
  EXPECT_FALSE(sink.offered_live);  // a stream is no table
}

TEST_F(PushQuerySinkTest, AKeyedTableIsOfferedAsALiveTableInChangelogForm) {
  RecordingSink sink(/*accept_live=*/true);
  Run("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user EMIT CHANGES LIMIT 4;", &sink);
  EXPECT_EQ(sink.began, "live");
  EXPECT_EQ(sink.width, 2u);  // the result's columns; each row has its marker first
  // Partitions are read in any order; ann's update follows ann's insert.
  const std::string& r = sink.rows;
  EXPECT_NE(r.find("+I bob 1\n"), std::string::npos) << r;
  size_t insert = r.find("+I ann 1\n");
  size_t before = r.find("-U ann 1\n");
  size_t after = r.find("+U ann 2\n");
  ASSERT_NE(after, std::string::npos) << r;
  EXPECT_LT(insert, before);
  EXPECT_LT(before, after);
}

TEST_F(PushQuerySinkTest, ADeclinedOfferStreamsRowsAsUsual) {
  RecordingSink sink(/*accept_live=*/false);
  Run("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user EMIT CHANGES LIMIT 3;", &sink);
  EXPECT_TRUE(sink.offered_live);
  EXPECT_EQ(sink.began, "rows");
  EXPECT_EQ(sink.rows.find('+'), std::string::npos) << sink.rows;  // no markers
  EXPECT_NE(sink.rows.find("ann 2\n"), std::string::npos) << sink.rows;
}

TEST_F(PushQuerySinkTest, NoLiveTableWithoutTheKey) {
  RecordingSink sink(/*accept_live=*/true);
  Run("SELECT COUNT(*) AS n FROM clicks GROUP BY user EMIT CHANGES LIMIT 3;", &sink);
  EXPECT_FALSE(sink.offered_live);  // rows could not be told apart
  EXPECT_EQ(sink.began, "rows");
}

// Without EMIT CHANGES an aggregation is finite: one complete result of final rows in group
// order, never offered as a live table, with no lag to show, and a global aggregate over no
// rows still answers its one row.
TEST_F(PushQuerySinkTest, AFiniteAggregateAnswersFinalRowsOnce) {
  RecordingSink sink(/*accept_live=*/true);
  Run("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user;", &sink);
  EXPECT_FALSE(sink.offered_live);
  EXPECT_FALSE(sink.lag);
  EXPECT_EQ(sink.began, "rows");
  EXPECT_EQ(sink.rows, "ann 2\nbob 1\n");
  EXPECT_EQ(sink.errors, "");

  RecordingSink none;
  Run("SELECT COUNT(*) FROM clicks WHERE page = 'nowhere';", &none);
  EXPECT_EQ(none.rows, "0\n");
}

}  // namespace
}  // namespace riffle
