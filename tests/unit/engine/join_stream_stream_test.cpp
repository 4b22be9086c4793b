// Stream-stream joins with a GRACE period (Kafka Streams' semantics since KIP-633): unmatched
// outer rows wait for their window to close and leave in time order, late rows are reported,
// rows without a key never wait, windowed sources match on their window too, and the pending
// rows and stream time survive SaveState/RestoreState. Rows are (K STRING, V INT) keyed by K.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/common/text.h"
#include "core/exec/join_operator.h"
#include "core/exec/processing_log.h"
#include "core/exec/state_codec.h"
#include "tests/unit/engine/join_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Feed;
using testing::MakeBatch;
using testing::Rows;
using testing::TestRow;

JoinSpec Spec(JoinType type, int64_t before, int64_t after, std::optional<int64_t> grace) {
  JoinSpec spec = testing::KvJoinSpec(JoinKind::kStreamStream, type);
  spec.before_ms = before;
  spec.after_ms = after;
  spec.grace_ms = grace;
  spec.description = "StreamStreamJoin";
  return spec;
}

std::unique_ptr<JoinOperator> Make(JoinType type, int64_t before, int64_t after,
                                   std::optional<int64_t> grace) {
  return MakeJoinOperator(Spec(type, before, after, grace));
}


TEST(StreamStreamGrace, ClosedRowsLeaveInTimeOrderAcrossSidesAndKeys) {
  // WITHIN 10 GRACE 5: a row at t waits until stream time passes t + 15.
  auto op = Make(JoinType::kFull, 10, 10, 5);
  EXPECT_THAT(Feed(*op, 0, {{"b", Value::Int(1), 4}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(2), 2}, {"c", Value::Int(3), 6}}), IsEmpty());
  // Stream time 15: nothing closed yet (4 + 15 = 19 >= 15).
  EXPECT_THAT(Feed(*op, 1, {{"d", Value::Int(4), 15}}), IsEmpty());
  // Stream time 30 closes everything older than 15, oldest first whichever side it is on.
  EXPECT_THAT(
      Feed(*op, 0, {{"e", Value::Int(5), 30}}),
      ElementsAre("+I null null a 2 a @2", "+I b 1 null null b @4", "+I null null c 3 c @6"));
  // Each closed row leaves once; d (15 + 15 = 30) is not closed at stream time 30.
  EXPECT_THAT(Feed(*op, 0, {{"f", Value::Int(6), 30}}), IsEmpty());
}

TEST(StreamStreamGrace, AMatchInTimeReplacesThePendingRow) {
  auto op = Make(JoinType::kLeft, 10, 10, 5);
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 0}, {"a", Value::Int(2), 1}}), IsEmpty());
  // An out-of-order right row within the window and grace matches both.
  EXPECT_THAT(Feed(*op, 1, {{"x", Value::Int(0), 12}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(9), 8}}),
              ElementsAre("+I a 1 a 9 a @8", "+I a 2 a 9 a @8"));
  EXPECT_THAT(Feed(*op, 1, {{"y", Value::Int(0), 100}}), IsEmpty());
}

TEST(StreamStreamGrace, RowsWithoutAKeyDoNotWait) {
  // A NULL key never joins, so its window need not close first.
  auto op = Make(JoinType::kLeft, 10, 10, 1000);
  EXPECT_THAT(Feed(*op, 0, {{"", Value::Int(1), 0}}), ElementsAre("+I null 1 null null null @0"));
}

TEST(StreamStreamGrace, LateRowsAreCountedAndLogged) {
  auto op = Make(JoinType::kInner, 10, 10, 5);
  ProcessingLog log;
  op->set_processing_log(&log, "JOB_1", "left_topic", "right_topic");
  Feed(*op, 1, {{"a", Value::Int(1), 100}});
  // 100 - (10 + 10 + 5) = 75: a right row at 76 is still kept, one at 75 is late.
  Feed(*op, 1, {{"a", Value::Int(2), 76}, {"a", Value::Int(3), 75}});
  EXPECT_EQ(op->late_dropped.load(), 1);
  ASSERT_EQ(log.Count("JOB_1"), 1);
  ProcessingLogEntry entry = log.Recent("JOB_1").back();
  EXPECT_EQ(entry.topic, "right_topic");
  EXPECT_THAT(entry.message, HasSubstr("event time 75"));
  EXPECT_THAT(op->Describe(), HasSubstr("1 late record(s)"));
  // The late right row was not stored: a left row in its window joins only the kept ones.
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(7), 70}}), ElementsAre("+I a 7 a 2 a @76"));
}

// riffle.show.late: a late row is also handed over with what its LATE cell says.
TEST(StreamStreamGrace, LateRowsAreHandedOverWhenAsked) {
  auto op = Make(JoinType::kInner, 10, 20, 5);
  std::vector<JoinLateRecord> late;
  op->set_late_records(&late);
  Feed(*op, 0, {{"a", Value::Int(1), 100}, {"b", Value::Int(4), 60}});
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].side, 0);
  EXPECT_EQ(late[0].key, Value::String("b"));
  EXPECT_EQ(late[0].row.size(), 2u);
  EXPECT_EQ(late[0].event_time_ms, 60);
  EXPECT_EQ(late[0].side_time_ms, 100);
  EXPECT_EQ(late[0].before_ms, 10);
  EXPECT_EQ(late[0].after_ms, 20);
  EXPECT_EQ(late[0].grace_ms, 5);
  EXPECT_EQ(op->late_dropped.load(), 1);
}

TEST(StreamStreamGrace, WindowedSourcesMatchOnTheirWindowToo) {
  // Column V stands for WINDOWSTART: rows join only when key and window start are equal.
  JoinSpec spec = Spec(JoinType::kLeft, 1000, 1000, 0);
  spec.left_window_columns = {1};
  spec.right_window_columns = {1};
  auto op = MakeJoinOperator(std::move(spec));
  Feed(*op, 0, {{"a", Value::Int(0), 5}, {"a", Value::Int(10), 6}});
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(10), 7}, {"b", Value::Int(0), 7}}),
              ElementsAre("+I a 10 a 10 a @7"));
  // The unmatched left row keeps its plain key when its window closes.
  EXPECT_THAT(Feed(*op, 1, {{"z", Value::Int(0), 2000}}), ElementsAre("+I a 0 null null a @5"));
}

TEST(StreamStreamGrace, PendingRowsAndStreamTimeSurviveRestore) {
  auto op = Make(JoinType::kLeft, 10, 10, 5);
  Feed(*op, 0, {{"a", Value::Int(1), 0}, {"b", Value::Int(2), 3}});
  Feed(*op, 1, {{"x", Value::Int(0), 12}});
  std::string blob = op->SaveState();

  // Restored, a match still replaces the pending row...
  auto matched = Make(JoinType::kLeft, 10, 10, 5);
  matched->RestoreState(blob);
  EXPECT_THAT(Feed(*matched, 1, {{"a", Value::Int(9), 1}}), ElementsAre("+I a 1 a 9 a @1"));
  EXPECT_THAT(Feed(*matched, 1, {{"y", Value::Int(0), 50}}), ElementsAre("+I b 2 null null b @3"));
  EXPECT_GT(matched->StateBytes(), 0);

  // ...and stream time (12) was kept: a row at 13 that advances it closes nothing yet
  // (0 + 15 >= 13), one at 16 closes key a's window.
  auto closing = Make(JoinType::kLeft, 10, 10, 5);
  closing->RestoreState(blob);
  EXPECT_THAT(Feed(*closing, 1, {{"y", Value::Int(0), 13}}), IsEmpty());
  EXPECT_THAT(Feed(*closing, 1, {{"y", Value::Int(0), 16}}), ElementsAre("+I a 1 null null a @0"));
  EXPECT_THROW(closing->RestoreState(blob.substr(0, blob.size() - 1)), RiffleError);
}

TEST(StreamStreamGrace, ExpiredRowsLeaveTheStore) {
  // WITHIN 10 GRACE 5: each side keeps 25 ms of rows behind its latest one; expired rows are
  // purged in sweeps (every few thousand rows), so the store stays bounded as time moves on.
  auto op = Make(JoinType::kInner, 10, 10, 5);
  auto feed_until = [&](JoinOperator& j, int from, int to) {
    for (int t = from; t < to; ++t) {
      Feed(j, 0, {{StrCat("k", std::to_string(t % 7)), Value::Int(t), t}});
    }
  };
  feed_until(*op, 0, 4000);  // before the first sweep: every row is still stored
  int64_t first_4000 = op->StateBytes();
  feed_until(*op, 4000, 40000);
  EXPECT_GT(op->StateBytes(), 0);
  EXPECT_LE(op->StateBytes(), first_4000 * 11 / 10);  // kept all, it would be 10x
  // Rows within 10 ms join (k5 at 39992 and 39999), older ones (39985) do not.
  EXPECT_THAT(Feed(*op, 1, {{"k0", Value::Int(1), 39999}}),
              ElementsAre("+I k0 39991 k0 1 k0 @39999", "+I k0 39998 k0 1 k0 @39999"));

  // Restored, the store keeps purging.
  auto restored = Make(JoinType::kInner, 10, 10, 5);
  restored->RestoreState(op->SaveState());
  EXPECT_EQ(restored->StateBytes(), op->StateBytes());
  feed_until(*restored, 40000, 70000);
  EXPECT_LE(restored->StateBytes(), first_4000 * 11 / 10);
}

TEST(StreamStreamGrace, RestoresVersionOneState) {
  // Checkpoints written before pending rows had their own queue flagged them in the store.
  StateWriter w;
  w.PutU8(1);
  w.PutI64(0);  // stream time
  w.PutI64(0);  // left: max time, one key with one pending row
  w.PutI64(1);
  w.PutValue(Value::String("a"));
  w.PutI64(1);
  w.PutI64(0);
  w.PutU8(1);
  w.PutValue(Value::String("a"));
  w.PutValue(Value::Int(1));
  w.PutI64(INT64_MIN);  // right: nothing
  w.PutI64(0);
  auto op = Make(JoinType::kLeft, 10, 10, 5);
  op->RestoreState(w.Take());
  EXPECT_THAT(Feed(*op, 1, {{"z", Value::Int(0), 16}}), ElementsAre("+I a 1 null null a @0"));
}

}  // namespace
}  // namespace riffle
