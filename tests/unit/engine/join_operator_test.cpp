// Join operators: stream-table, stream-stream (with and without GRACE) and table-table, each
// fed both sides of (K STRING, V INT) rows keyed by K; and their state through SaveState.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/exec/join_operator.h"
#include "tests/unit/engine/join_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Feed;
using testing::MakeBatch;
using testing::Rows;
using testing::TestRow;

std::unique_ptr<JoinOperator> Make(JoinKind kind, JoinType type, int64_t before = 0,
                                   int64_t after = 0, std::optional<int64_t> grace = {}) {
  JoinSpec spec = testing::KvJoinSpec(kind, type);
  spec.before_ms = before;
  spec.after_ms = after;
  spec.grace_ms = grace;
  return MakeJoinOperator(std::move(spec));
}


TEST(StreamTableJoin, LooksUpTheTableRowAsOfTheStreamRow) {
  auto op = Make(JoinKind::kStreamTable, JoinType::kLeft);
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(1), 5}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(10), 6}, {"b", Value::Int(20), 7}}),
              ElementsAre("+I a 10 a 1 a @6", "+I b 20 null null b @7"));
  // An update replaces the row; a tombstone removes it.
  Feed(*op, 1, {{"a", Value::Int(2), 8}});
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(11), 9}}), ElementsAre("+I a 11 a 2 a @9"));
  Feed(*op, 1, {{"a", Value(), 10, RowKind::kDelete}});
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(12), 11}}),
              ElementsAre("+I a 12 null null a @11"));
  EXPECT_EQ(op->rows_out.load(), 4);
}

TEST(StreamTableJoin, InnerDropsUnmatchedAndNullKeys) {
  auto op = Make(JoinKind::kStreamTable, JoinType::kInner);
  Feed(*op, 1, {{"a", Value::Int(1), 5}});
  EXPECT_GT(op->StateBytes(), 0);
  EXPECT_THAT(Feed(*op, 0, {{"", Value::Int(9), 6}, {"z", Value::Int(9), 6},
                            {"a", Value::Int(3), 6}}),
              ElementsAre("+I a 3 a 1 a @6"));
}

TEST(StreamTableJoin, StateSurvivesSaveAndRestore) {
  auto op = Make(JoinKind::kStreamTable, JoinType::kInner);
  Feed(*op, 1, {{"a", Value::Int(1), 5}, {"b", Value::Int(2), 5}});
  std::string blob = op->SaveState();
  auto restored = Make(JoinKind::kStreamTable, JoinType::kInner);
  restored->RestoreState(blob);
  EXPECT_THAT(Feed(*restored, 0, {{"b", Value::Int(7), 6}}), ElementsAre("+I b 7 b 2 b @6"));
  EXPECT_THROW(restored->RestoreState(blob.substr(0, blob.size() - 1)), RiffleError);
}

TEST(StreamStreamJoin, JoinsWithinTheWindowAtTheLaterTime) {
  auto op = Make(JoinKind::kStreamStream, JoinType::kInner, 10, 10);
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 0}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(2), 10}}), ElementsAre("+I a 1 a 2 a @10"));
  // 20 is within 10 of the right row at 10 (bounds included), 21 is not.
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(3), 20}}), ElementsAre("+I a 3 a 2 a @20"));
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(4), 21}}), IsEmpty());
}

TEST(StreamStreamJoin, AsymmetricWindow) {
  // WITHIN (0, 10): right rows up to 10 after a left row, none before it.
  auto op = Make(JoinKind::kStreamStream, JoinType::kInner, 0, 10);
  Feed(*op, 1, {{"a", Value::Int(1), 5}});
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(2), 6}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(3), 0}}), ElementsAre("+I a 3 a 1 a @5"));
}

TEST(StreamStreamJoin, LeftWithoutGraceEmitsUnmatchedAtOnce) {
  auto op = Make(JoinKind::kStreamStream, JoinType::kLeft, 10, 10);
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 0}}), ElementsAre("+I a 1 null null a @0"));
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(2), 5}}), ElementsAre("+I a 1 a 2 a @5"));
  EXPECT_THAT(Feed(*op, 1, {{"b", Value::Int(3), 6}}), IsEmpty());
}

TEST(StreamStreamJoin, OuterWithGraceWaitsForTheWindowToClose) {
  // ksqlDB's "left join with out of order and custom grace period" case.
  auto op = Make(JoinKind::kStreamStream, JoinType::kLeft, 60000, 60000, 60000);
  EXPECT_THAT(Feed(*op, 0, {{"0", Value::Int(1), 0}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"0", Value::Int(2), 60000}}), ElementsAre("+I 0 1 0 2 0 @60000"));
  EXPECT_THAT(Feed(*op, 0, {{"1", Value::Int(3), 330000}}), IsEmpty());
  // Late: its window closed long ago, so it is emitted unmatched at once and not stored.
  EXPECT_THAT(Feed(*op, 0, {{"2", Value::Int(4), 90000}}),
              ElementsAre("+I 2 4 null null 2 @90000"));
  EXPECT_THAT(Feed(*op, 1, {{"2", Value::Int(5), 90000}}), IsEmpty());
  EXPECT_EQ(op->late_dropped.load(), 1);
  // Stream time moving past 330000 + 60000 + 60000 closes key 1's window.
  EXPECT_THAT(Feed(*op, 1, {{"9", Value::Int(6), 450001}}),
              ElementsAre("+I 1 3 null null 1 @330000"));
}

TEST(StreamStreamJoin, StateSurvivesSaveAndRestore) {
  auto op = Make(JoinKind::kStreamStream, JoinType::kFull, 10, 10, 0);
  Feed(*op, 0, {{"a", Value::Int(1), 0}});
  auto restored = Make(JoinKind::kStreamStream, JoinType::kFull, 10, 10, 0);
  restored->RestoreState(op->SaveState());
  EXPECT_THAT(Feed(*restored, 1, {{"a", Value::Int(2), 3}}), ElementsAre("+I a 1 a 2 a @3"));
}

TEST(TableTableJoin, InnerEmitsUpsertsAndTombstones) {
  auto op = Make(JoinKind::kTableTable, JoinType::kInner);
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 1}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"a", Value::Int(2), 5}}), ElementsAre("+I a 1 a 2 a @5"));
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(3), 7}}), ElementsAre("+I a 3 a 2 a @7"));
  EXPECT_THAT(Feed(*op, 1, {{"a", Value(), 9, RowKind::kDelete}}),
              ElementsAre("-D a 3 a 2 a @9"));
  EXPECT_THAT(Feed(*op, 0, {{"a", Value(), 10, RowKind::kDelete}}), IsEmpty());
}

TEST(TableTableJoin, OuterKeepsEitherSide) {
  auto op = Make(JoinKind::kTableTable, JoinType::kFull);
  EXPECT_THAT(Feed(*op, 1, {{"b", Value::Int(2), 5}}), ElementsAre("+I null null b 2 b @5"));
  EXPECT_THAT(Feed(*op, 0, {{"b", Value::Int(1), 6}}), ElementsAre("+I b 1 b 2 b @6"));
  EXPECT_THAT(Feed(*op, 1, {{"b", Value(), 7, RowKind::kDelete}}),
              ElementsAre("+I b 1 null null b @7"));
  auto restored = Make(JoinKind::kTableTable, JoinType::kFull);
  restored->RestoreState(op->SaveState());
  EXPECT_THAT(Feed(*restored, 0, {{"b", Value(), 8, RowKind::kDelete}}),
              ElementsAre("-D b 1 null null b @8"));
}

}  // namespace
}  // namespace riffle
