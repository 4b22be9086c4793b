// Table materialization and changelog filters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/exec/changelog_filter.h"
#include "core/exec/drop_null_keys.h"
#include "core/exec/table_materialize.h"
#include "tests/unit/engine/engine_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;
using testing::MakeBatch;
using testing::Rows;

TEST(TableMaterializeTest, UpsertsCarryTheOldRowAndUnknownDeletesVanish) {
  TableMaterializeOperator op({0}, 2);
  Batch b = MakeBatch({{"a", Value::Int(1), 1},
                       {"a", Value::Int(2), 2},
                       {"b", Value(), 3, RowKind::kDelete},  // never seen: nothing to delete
                       {"a", Value(), 4, RowKind::kDelete},
                       {"a", Value::Int(3), 5}});
  EvalContext ctx;
  op.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+I a 1 @1", "-U a 1 @2", "+U a 2 @2", "-D a 2 @4",
                                   "+I a 3 @5"));

  TableMaterializeOperator restored({0}, 2);
  restored.RestoreState(op.SaveState());
  Batch c = MakeBatch({{"a", Value::Int(4), 6}});
  restored.Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("-U a 3 @6", "+U a 4 @6"));
  EXPECT_THROW(restored.RestoreState("x"), RiffleError);
}

TEST(ChangelogFilterTest, UnpairedRowsThatFailBecomeTombstones) {
  ChangelogFilterOperator op(testing::BindKv("V > 1"), "Filter", "(V > 1)", false);
  Batch b = MakeBatch({{"a", Value::Int(2), 1},
                       {"a", Value::Int(1), 2},
                       {"b", Value(), 3, RowKind::kDelete}});
  EvalContext ctx;
  op.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+I a 2 @1", "-D a 1 @2", "-D b null @3"));
  EXPECT_EQ(op.Describe(), "Filter (V > 1)");
}

TEST(ChangelogFilterTest, PairedUpdatesAreJudgedOnBothRows) {
  ChangelogFilterOperator op(testing::BindKv("V > 1"), "Filter", "(V > 1)", true);
  Batch b = MakeBatch({{"a", Value::Int(2), 1, RowKind::kUpdateBefore},  // both pass
                       {"a", Value::Int(3), 1, RowKind::kUpdateAfter},
                       {"b", Value::Int(2), 2, RowKind::kUpdateBefore},  // only old passes
                       {"b", Value::Int(0), 2, RowKind::kUpdateAfter},
                       {"c", Value::Int(0), 3, RowKind::kUpdateBefore},  // only new passes
                       {"c", Value::Int(5), 3, RowKind::kUpdateAfter},
                       {"d", Value::Int(0), 4, RowKind::kInsert},        // fails: dropped
                       {"e", Value::Int(0), 5, RowKind::kDelete}});      // old failed: dropped
  EvalContext ctx;
  op.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("-U a 2 @1", "+U a 3 @1", "-D b 2 @2", "+I c 5 @3"));
}

TEST(ChangelogFilterTest, KeyedModeTombstonesOnlyKeysThatPassedBefore) {
  ChangelogFilterOperator op(testing::BindKv("V > 1"), "Having", "(V > 1)", false);
  op.set_keyed({0});
  Batch b = MakeBatch({{"a", Value::Int(1), 1, RowKind::kUpdateAfter},   // never passed
                       {"a", Value::Int(2), 2, RowKind::kUpdateAfter},
                       {"a", Value::Int(1), 3, RowKind::kUpdateAfter},   // passed before
                       {"a", Value::Int(0), 4, RowKind::kUpdateAfter}});  // already gone
  EvalContext ctx;
  op.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U a 2 @2", "-D a 1 @3"));

  Batch c = MakeBatch({{"b", Value::Int(9), 5, RowKind::kUpdateAfter}});
  op.Process(c, ctx);
  ChangelogFilterOperator restored(testing::BindKv("V > 1"), "Having", "(V > 1)", false);
  restored.set_keyed({0});
  restored.RestoreState(op.SaveState());
  Batch d = MakeBatch({{"b", Value::Int(0), 6, RowKind::kUpdateAfter}});
  restored.Process(d, ctx);
  EXPECT_THAT(Rows(d), ElementsAre("-D b 0 @6"));
}

TEST(DropNullKeysTest, RowsWithoutAKeyAreDropped) {
  DropNullKeysOperator op({0});
  Batch b = MakeBatch({{"a", Value::Int(1), 1}, {"", Value::Int(2), 2}, {"c", Value::Int(3), 3}});
  EvalContext ctx;
  op.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+I a 1 @1", "+I c 3 @3"));
}

}  // namespace
}  // namespace riffle
