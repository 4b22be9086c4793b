// JoinDriver: when an input without buffered rows holds the others back. It must wait for an
// input that is behind its end offsets however long that takes, and pass over one that has
// caught up without a quiet time; only a source that cannot tell falls back to one.
#include "core/exec/join_driver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace riffle {
namespace {

using Clock = std::chrono::steady_clock;

// A topic as a test drives it: records "in the broker", and how many of them the consumer has
// fetched (only those can be polled).
struct FakeTopic {
  std::vector<std::pair<int64_t, std::string>> records;  // (timestamp, value)
  size_t fetched = 0;
  size_t read = 0;
  bool broker_down = false;  // AtEnd cannot tell
  // When set, records are stamped with the time they are polled, as a file's are: this
  // clock, which each Poll returning records moves on.
  int64_t* read_clock = nullptr;
};

class FakeSource : public RecordSource {
 public:
  FakeSource(FakeTopic* topic, std::string name) : topic_(topic), name_(std::move(name)) {}
  size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) override {
    out.clear();
    if (topic_->read == topic_->fetched) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 2)));
    }
    for (; topic_->read < topic_->fetched && out.size() < max_records; ++topic_->read) {
      RawRecord r;
      r.value = topic_->records[topic_->read].second;
      r.timestamp = topic_->read_clock != nullptr ? *topic_->read_clock
                                                  : topic_->records[topic_->read].first;
      r.offset = static_cast<int64_t>(topic_->read);
      out.push_back(r);
    }
    if (topic_->read_clock != nullptr && !out.empty()) ++*topic_->read_clock;
    return out.size();
  }
  std::map<int32_t, int64_t> Positions() const override {
    return {{0, static_cast<int64_t>(topic_->read)}};
  }
  bool AtEnd() override {
    if (topic_->broker_down) throw std::runtime_error("broker down");
    return topic_->read == topic_->records.size();
  }
  const std::string& name() const override { return name_; }

 private:
  FakeTopic* topic_;
  std::string name_;
};

// Records the (side, rowtime) of every row fed to it, in order.
class RecordingJoin : public JoinOperator {
 public:
  explicit RecordingJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {}
  void ProcessSide(int side, Batch& in, Batch& /*out*/, EvalContext& /*ctx*/) override {
    for (size_t r = 0; r < in.num_rows(); ++r) fed.emplace_back(side, in.rowtime[r]);
  }
  std::vector<std::pair<int, int64_t>> fed;
};

SourceLayout OneColumnLayout() {
  SourceLayout layout;
  layout.schema.Add({"V", Type::Bigint(), ColumnRole::kValue, ""});
  layout.key_format.name = "NONE";
  layout.key_format.is_key = true;
  layout.value_format.name = "DELIMITED";
  layout.value_fields.push_back({"V", Type::Bigint(), 0});
  return layout;
}

class JoinDriverTest : public ::testing::Test {
 protected:
  JoinDriverTest() { Build(false); }

  // (Re)builds the driver over left_ (a stream) and right_ (a table when `right_is_table`).
  void Build(bool right_is_table) {
    JoinSpec spec;
    spec.left_width = 1;
    spec.right_width = 1;
    join_ = std::make_unique<RecordingJoin>(std::move(spec));
    std::vector<JoinDriverInput> inputs;
    for (FakeTopic* t : {&left_, &right_}) {
      JoinDriverInput in;
      in.scan = std::make_unique<SourceScan>(
          OneColumnLayout(), std::make_unique<FakeSource>(t, "topic"), "job", nullptr);
      in.width = 1;
      in.is_table = right_is_table && t == &right_;
      inputs.push_back(std::move(in));
    }
    driver_ = std::make_unique<JoinDriver>(std::move(inputs),
                                           std::vector<JoinOperator*>{join_.get()});
  }

  // Calls Next for about `ms` milliseconds.
  void Run(int ms) {
    auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < until) driver_->Next(out_, 5, metrics_, ctx_);
  }
  // Calls Next until the join was fed `n` rows or `ms` milliseconds passed.
  void RunUntilFed(size_t n, int ms) {
    auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (join_->fed.size() < n && Clock::now() < until) driver_->Next(out_, 5, metrics_, ctx_);
  }

  FakeTopic left_;
  FakeTopic right_;
  std::unique_ptr<RecordingJoin> join_;
  std::unique_ptr<JoinDriver> driver_;
  Batch out_;
  JobMetrics metrics_;
  EvalContext ctx_;
};

TEST_F(JoinDriverTest, WaitsForAnInputBehindItsEndOffsets) {
  Run(600);  // both inputs idle for longer than any quiet time
  left_.records = {{20, "1"}};
  left_.fetched = 1;
  right_.records = {{10, "2"}};  // in the topic, not fetched yet
  Run(700);
  EXPECT_TRUE(join_->fed.empty()) << "processed the left row before the right input caught up";
  right_.fetched = 1;
  RunUntilFed(2, 2000);
  std::vector<std::pair<int, int64_t>> want = {{1, 10}, {0, 20}};
  EXPECT_EQ(join_->fed, want);
}

TEST_F(JoinDriverTest, PassesOverACaughtUpInputWithoutAQuietTime) {
  left_.records = {{20, "1"}};
  left_.fetched = 1;
  RunUntilFed(1, 2000);
  ASSERT_EQ(join_->fed.size(), 1u);
  // A steady flow does not wait: the idle input is asked again and has caught up.
  for (size_t n = 2; n <= 12; ++n) {
    left_.records.push_back({static_cast<int64_t>(n) * 10, "2"});
    left_.fetched = n;
    auto start = Clock::now();
    RunUntilFed(n, 2000);
    auto took = Clock::now() - start;
    ASSERT_EQ(join_->fed.size(), n);
    EXPECT_LT(took, std::chrono::milliseconds(100)) << "row " << n;
  }
}

TEST_F(JoinDriverTest, FallsBackToAQuietTimeWhenASourceCannotTell) {
  right_.broker_down = true;
  left_.records = {{20, "1"}};
  left_.fetched = 1;
  auto start = Clock::now();
  RunUntilFed(1, 3000);
  auto took = Clock::now() - start;
  ASSERT_EQ(join_->fed.size(), 1u);
  EXPECT_GE(took, std::chrono::milliseconds(400));
}


// Stream rows older than every row of a table find it empty: counted, with the first of them,
// so that the user can be told why an INNER join shows nothing.
TEST_F(JoinDriverTest, CountsStreamRowsBeforeATablesFirstRow) {
  Build(true);
  left_.records = {{1000, "1"}, {2000, "2"}, {6000, "3"}};
  left_.fetched = 3;
  right_.records = {{5000, "9"}};
  right_.fetched = 1;
  RunUntilFed(4, 2000);
  std::vector<std::pair<int, int64_t>> want = {{0, 1000}, {0, 2000}, {1, 5000}, {0, 6000}};
  ASSERT_EQ(join_->fed, want);
  const JoinDriver::EarlyRows& early = driver_->early_rows();
  EXPECT_EQ(early.count, 2);
  EXPECT_EQ(early.input, 0u);
  EXPECT_EQ(early.table, 1u);
  EXPECT_EQ(early.row_time, 1000);
  EXPECT_EQ(early.table_time, 5000);
}

// Rows at or after the table's first row, and stream-stream joins, count nothing.
TEST_F(JoinDriverTest, CountsNoRowAtOrAfterATablesFirstRow) {
  Build(true);
  left_.records = {{5000, "1"}, {6000, "2"}};
  left_.fetched = 2;
  right_.records = {{5000, "9"}};
  right_.fetched = 1;
  RunUntilFed(3, 2000);
  ASSERT_EQ(join_->fed.size(), 3u);
  EXPECT_EQ(driver_->early_rows().count, 0);
}

// Sources stamping records with the time they are read (files): a table read together with a
// stream is read first, so the stream's rows see its rows.
TEST_F(JoinDriverTest, ReadsATableBeforeAStreamStampedAtReadTime) {
  Build(true);
  int64_t clock = 100;
  left_.read_clock = &clock;
  right_.read_clock = &clock;
  left_.records = {{0, "1"}};
  left_.fetched = 1;
  right_.records = {{0, "9"}};
  right_.fetched = 1;
  RunUntilFed(2, 2000);
  std::vector<std::pair<int, int64_t>> want = {{1, 100}, {0, 101}};
  EXPECT_EQ(join_->fed, want);
  EXPECT_EQ(driver_->early_rows().count, 0);
}

// A table resumed past its first records (a restarted job) is not empty before its next row.
TEST_F(JoinDriverTest, CountsNoRowBeforeAResumedTable) {
  right_.records = {{500, "8"}, {5000, "9"}};
  right_.fetched = 2;
  right_.read = 1;  // the job's checkpoint had it read the first record
  Build(true);
  left_.records = {{1000, "1"}};
  left_.fetched = 1;
  RunUntilFed(2, 2000);
  ASSERT_EQ(join_->fed.size(), 2u);
  EXPECT_EQ(driver_->early_rows().count, 0);
}

TEST_F(JoinDriverTest, CountsNothingBetweenStreams) {
  left_.records = {{1000, "1"}};
  left_.fetched = 1;
  right_.records = {{5000, "9"}};
  right_.fetched = 1;
  RunUntilFed(2, 2000);
  ASSERT_EQ(join_->fed.size(), 2u);
  EXPECT_EQ(driver_->early_rows().count, 0);
}

}  // namespace
}  // namespace riffle
