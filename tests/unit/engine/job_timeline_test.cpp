// Engine::JobTimeline: a running job's windows, read while the job goes on, and what it says for
// jobs that have none.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/common/error.h"
#include "core/engine/engine.h"

namespace riffle {
namespace {

class QuietSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { errors += text + "\n"; }
  void Error(const std::string& text) override { errors += text + "\n"; }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override {}
  void EndRows(const std::string&) override {}
  std::string errors;
};

class JobTimelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/riffle-job-timeline-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    EngineOptions options;
    options.catalog_path = dir_ + "/catalog.db";
    engine_ = Engine::Open(options, sink_);
    Run("CREATE STREAM clicks (user STRING KEY, ts BIGINT) WITH (kafka_topic='clicks', "
        "format='JSON', partitions=1, timestamp='ts');"
        "CREATE TABLE per_user AS SELECT user, COUNT(*) AS n FROM clicks "
        "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user;"
        "CREATE STREAM copy AS SELECT * FROM clicks;");
  }
  void TearDown() override {
    engine_.reset();
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  void Run(const std::string& sql) {
    QuietSink quiet;
    ASSERT_TRUE(engine_->Execute(sql, quiet, /*continue_on_error=*/false)) << quiet.errors;
  }
  void Insert(const std::string& user, int64_t ts) {
    Run("INSERT INTO clicks (user, ts) VALUES ('" + user + "', " + std::to_string(ts) + ");");
  }
  // The window of `user` starting at `start`, if the timeline has it.
  static const TimelineWindow* Find(const WindowTimeline& t, const std::string& user,
                                    int64_t start) {
    for (const TimelineWindow& w : t.windows) {
      if (w.key.size() == 1 && w.key[0].as_string() == user && w.start == start) return &w;
    }
    return nullptr;
  }

  std::string dir_;
  QuietSink sink_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(JobTimelineTest, ShowsAWindowOpenThenClosedWhileTheJobRuns) {
  Insert("alice", 1000);
  Insert("alice", 4000);
  ASSERT_TRUE(engine_->WaitForIdle(30000));
  WindowTimeline t = engine_->JobTimeline("ctas_per_user_1", 0);  // ids in any case
  EXPECT_EQ(t.kind, WindowKind::kTumbling);
  EXPECT_EQ(t.size_ms, 10000);
  EXPECT_EQ(t.grace_ms, 5000);
  EXPECT_EQ(t.stream_time, 4000);
  const TimelineWindow* w = Find(t, "alice", 0);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->records, 2);
  EXPECT_FALSE(w->closed);

  // Stream time 16 s passes the window's end plus grace: it closes, while the job runs on.
  Insert("bob", 16000);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    t = engine_->JobTimeline("CTAS_PER_USER_1", 0);
    w = Find(t, "alice", 0);
    if ((w != nullptr && w->closed) || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(w->closed);
  EXPECT_EQ(w->records, 2);
  EXPECT_EQ(t.stream_time, 16000);
  ASSERT_NE(Find(t, "bob", 10000), nullptr);
  EXPECT_FALSE(Find(t, "bob", 10000)->closed);
}

TEST_F(JobTimelineTest, UnknownAndUnwindowedJobsAreExplained) {
  try {
    engine_->JobTimeline("CTAS_PER_USR_1", 0);
    FAIL() << "an unknown job has no timeline";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_EQ(e.message(), "Unknown queryId: CTAS_PER_USR_1");
    EXPECT_EQ(e.suggestion(), "did you mean CTAS_PER_USER_1?");
  }
  try {
    engine_->JobTimeline("CSAS_COPY_2", 0);
    FAIL() << "a job without windows has no timeline";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_EQ(e.message(), "job CSAS_COPY_2 has no windowed aggregation");
  }
  Run("TERMINATE CTAS_PER_USER_1;");
  try {
    engine_->JobTimeline("CTAS_PER_USER_1", 0);
    FAIL() << "a terminated job holds no windows";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_EQ(e.message(), "Unknown queryId: CTAS_PER_USER_1");
  }
}

// A push query's windows (`.timeline SELECT ...`): offered to its sink while it runs, and the
// ones it ended with after; a push query without a window offers none.
class TimelineTapSink : public QuietSink {
 public:
  void SetWindowTimelineProvider(TimelineProvider timeline) override { provider = timeline; }
  void Row(const std::vector<Value>&) override {
    if (provider) seen.push_back(provider(0));
  }
  TimelineProvider provider;
  std::vector<std::optional<WindowTimeline>> seen;
};

TEST_F(JobTimelineTest, APushQueryOffersItsWindowsWhileItRuns) {
  Insert("alice", 1000);
  Insert("bob", 12000);
  Run("SET 'auto.offset.reset'='earliest';");
  TimelineTapSink sink;
  ASSERT_TRUE(engine_->Execute(
      "SELECT user, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 1 "
      "SECOND) GROUP BY user EMIT CHANGES LIMIT 2;",
      sink, false))
      << sink.errors;
  ASSERT_TRUE(sink.provider);
  ASSERT_EQ(sink.seen.size(), 2u);
  ASSERT_TRUE(sink.seen.back().has_value());
  const WindowTimeline& t = *sink.seen.back();
  EXPECT_EQ(t.kind, WindowKind::kTumbling);
  EXPECT_EQ(t.grace_ms, 1000);
  EXPECT_EQ(t.stream_time, 12000);
  const TimelineWindow* alice = Find(t, "alice", 0);
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->records, 1);
  EXPECT_TRUE(alice->closed);  // 12 s is past its end plus grace
  // The query ended: the windows it ended with stay.
  std::optional<WindowTimeline> final = sink.provider(0);
  ASSERT_TRUE(final.has_value());
  EXPECT_EQ(final->stream_time, 12000);
  EXPECT_NE(Find(*final, "bob", 10000), nullptr);

  TimelineTapSink plain;
  ASSERT_TRUE(engine_->Execute("SELECT user FROM clicks EMIT CHANGES LIMIT 1;", plain, false));
  EXPECT_FALSE(plain.provider);
}

}  // namespace
}  // namespace riffle
