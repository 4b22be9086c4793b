// Foreign-key table-table joins: left rows (K STRING key, V INT foreign key) reference right rows
// (K STRING key, V INT) through CAST(V AS STRING); rows render as "+I LK LV RK RV FK @ts".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/common/error.h"
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

std::unique_ptr<JoinOperator> MakeFk(JoinType type, std::vector<int> left_key = {0}) {
  JoinSpec spec = testing::KvJoinSpec(JoinKind::kForeignKey, type);
  spec.left_key = testing::BindKv("CAST(V AS STRING)");
  spec.left_key_columns = std::move(left_key);
  return MakeJoinOperator(std::move(spec));
}


TEST(ForeignKeyJoin, LeftJoinFollowsForeignKeyChangesAndRightUpdates) {
  auto op = MakeFk(JoinType::kLeft);
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 0}}), ElementsAre("+I a 1 null null 1 @0"));
  EXPECT_THAT(Feed(*op, 1, {{"1", Value::Int(100), 10}}), ElementsAre("+I a 1 1 100 1 @10"));
  EXPECT_THAT(Feed(*op, 0, {{"b", Value::Int(2), 13}, {"c", Value::Int(1), 16}}),
              ElementsAre("+I b 2 null null 2 @13", "+I c 1 1 100 1 @16"));
  // A right update re-emits every left row referencing it, in left-key order, at its time.
  EXPECT_THAT(Feed(*op, 1, {{"1", Value::Int(101), 17}}),
              ElementsAre("+I a 1 1 101 1 @17", "+I c 1 1 101 1 @17"));
  // `a` moves to key 2: the right row 1 no longer concerns it.
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(2), 18}}), ElementsAre("+I a 2 null null 2 @18"));
  EXPECT_THAT(Feed(*op, 1, {{"1", Value(), 19, RowKind::kDelete}}),
              ElementsAre("+I c 1 null null 1 @19"));
  EXPECT_THAT(Feed(*op, 1, {{"2", Value::Int(200), 20}}),
              ElementsAre("+I a 2 2 200 2 @20", "+I b 2 2 200 2 @20"));
  EXPECT_THAT(Feed(*op, 0, {{"c", Value(), 21, RowKind::kDelete}}),
              ElementsAre("-D c 1 null null 1 @21"));
  // Deleting rows that are not there changes nothing.
  EXPECT_THAT(Feed(*op, 0, {{"zz", Value(), 22, RowKind::kDelete}}), IsEmpty());
  EXPECT_THAT(Feed(*op, 1, {{"9", Value(), 22, RowKind::kDelete}}), IsEmpty());
  EXPECT_GT(op->StateBytes(), 0);
}

TEST(ForeignKeyJoin, InnerJoinRetractsResultsThatStopMatching) {
  auto op = MakeFk(JoinType::kInner);
  Feed(*op, 1, {{"1", Value::Int(100), 0}});
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 10}}), ElementsAre("+I a 1 1 100 1 @10"));
  // A new key without a match emits nothing.
  EXPECT_THAT(Feed(*op, 0, {{"b", Value::Int(7), 11}}), IsEmpty());
  // An existing key moving to a missing foreign key retracts its result.
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(8), 12}}), ElementsAre("-D a 8 null null 8 @12"));
  EXPECT_THAT(Feed(*op, 0, {{"a", Value::Int(1), 13}, {"c", Value::Int(1), 14}}),
              ElementsAre("+I a 1 1 100 1 @13", "+I c 1 1 100 1 @14"));
  EXPECT_THAT(Feed(*op, 1, {{"1", Value(), 15, RowKind::kDelete}}),
              ElementsAre("-D a 1 null null 1 @15", "-D c 1 null null 1 @15"));
  // A right row arriving matches the rows already waiting for it.
  EXPECT_THAT(Feed(*op, 1, {{"7", Value::Int(700), 16}}), ElementsAre("+I b 7 7 700 7 @16"));
  EXPECT_THAT(Feed(*op, 0, {{"b", Value(), 17, RowKind::kDelete}}),
              ElementsAre("-D b 7 null null 7 @17"));
}

TEST(ForeignKeyJoin, NullForeignKeyMatchesNothing) {
  auto left = MakeFk(JoinType::kLeft);
  auto inner = MakeFk(JoinType::kInner);
  for (auto* op : {left.get(), inner.get()}) Feed(*op, 1, {{"1", Value::Int(100), 0}});
  EXPECT_THAT(Feed(*left, 0, {{"a", Value(), 5}}), ElementsAre("+I a null null null null @5"));
  EXPECT_THAT(Feed(*inner, 0, {{"a", Value(), 5}}), IsEmpty());
  for (auto* op : {left.get(), inner.get()}) {
    EXPECT_THAT(Feed(*op, 1, {{"1", Value::Int(101), 6}}), IsEmpty());
  }
  // From a null foreign key to a matching one.
  EXPECT_THAT(Feed(*inner, 0, {{"a", Value::Int(1), 7}}), ElementsAre("+I a 1 1 101 1 @7"));
}

TEST(ForeignKeyJoin, CompositeLeftKeysAreDistinctRows) {
  // The left key is (K, V): ("a", 1) and ("a", 2) are two rows.
  auto op = MakeFk(JoinType::kLeft, {0, 1});
  Feed(*op, 0, {{"a", Value::Int(1), 0}, {"a", Value::Int(2), 1}, {"b", Value::Int(1), 2}});
  EXPECT_THAT(Feed(*op, 1, {{"1", Value::Int(100), 10}}),
              ElementsAre("+I a 1 1 100 1 @10", "+I b 1 1 100 1 @10"));
  EXPECT_THAT(Feed(*op, 1, {{"2", Value::Int(200), 11}}), ElementsAre("+I a 2 2 200 2 @11"));
}

TEST(ForeignKeyJoin, StateSurvivesSaveAndRestore) {
  auto op = MakeFk(JoinType::kInner);
  Feed(*op, 0, {{"a", Value::Int(1), 0}, {"b", Value::Int(2), 1}});
  Feed(*op, 1, {{"2", Value::Int(200), 2}});
  std::string blob = op->SaveState();
  auto restored = MakeFk(JoinType::kInner);
  restored->RestoreState(blob);
  EXPECT_EQ(restored->SaveState().size(), blob.size());
  // The restored operator knows which left rows reference which key, and the right rows.
  EXPECT_THAT(Feed(*restored, 1, {{"1", Value::Int(100), 3}}), ElementsAre("+I a 1 1 100 1 @3"));
  EXPECT_THAT(Feed(*restored, 0, {{"c", Value::Int(2), 4}}), ElementsAre("+I c 2 2 200 2 @4"));
  EXPECT_THROW(restored->RestoreState(blob.substr(0, blob.size() - 1)), RiffleError);
  EXPECT_THROW(restored->RestoreState(blob + "x"), RiffleError);
}

}  // namespace
}  // namespace riffle
