// Incremental checkpoints: operators report only the keys changed since the last checkpoint,
// and state rebuilt from the stored entries continues exactly as the original.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "catalog/catalog.h"
#include "core/exec/aggregate_operator.h"
#include "core/exec/join_operator.h"
#include "core/exec/state_codec.h"
#include "core/exec/table_materialize.h"
#include "core/runtime/operator_state.h"
#include "tests/unit/engine/engine_test_util.h"
#include "tests/unit/engine/join_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;
using testing::MakeBatch;
using testing::Rows;
using testing::TestRow;

std::unique_ptr<AggregateOperator> CountByKey(std::optional<WindowConfig> window = std::nullopt) {
  std::vector<CompiledExprPtr> group;
  group.push_back(testing::BindKv("K"));
  std::vector<AggregateCall> calls(1);
  calls[0].fn = MakeAggregateFunction("COUNT", {}, {}, /*star=*/true, {});
  calls[0].text = "COUNT(*)";
  return std::make_unique<AggregateOperator>(std::move(group), std::vector<std::string>{"K"},
                                             std::move(calls), window, false, false);
}

std::vector<TestRow> ManyKeys(int n, int64_t ts = 1) {
  std::vector<TestRow> rows;
  for (int i = 0; i < n; ++i) rows.push_back({"k" + std::to_string(i), Value::Int(i), ts});
  return rows;
}

void Feed(Operator& op, const std::vector<TestRow>& rows) {
  EvalContext ctx;
  Batch b = MakeBatch(rows);
  op.Process(b, ctx);
}

// A stand-in for the catalog's rows: what successive SaveChanges leave stored.
struct Store {
  std::string header;
  std::map<std::string, std::string> entries;
  void Apply(const StateChanges& c) {
    header = c.header;  // deletes first, as the catalog applies them
    for (const auto& k : c.deletes) entries.erase(k);
    for (const auto& [k, v] : c.upserts) entries[k] = v;
  }
  StateEntries View() const { return StateEntries(entries.begin(), entries.end()); }
};

TEST(IncrementalStateTest, AggregationSavesOnlyTheGroupsChangedSinceTheLastCheckpoint) {
  auto op = CountByKey();
  Feed(*op, ManyKeys(1000));
  StateChanges first;
  op->SaveChanges(first, false);
  EXPECT_EQ(first.upserts.size(), 1000u);
  EXPECT_FALSE(first.header.empty());

  Feed(*op, {{"k1", Value::Int(1), 2}, {"k2", Value::Int(1), 2}, {"k1", Value::Int(1), 2}});
  StateChanges second;
  op->SaveChanges(second, false);
  EXPECT_EQ(second.upserts.size(), 2u);  // k1 twice is one entry
  EXPECT_TRUE(second.deletes.empty());

  StateChanges none;
  op->SaveChanges(none, false);
  EXPECT_TRUE(none.upserts.empty());

  StateChanges all;
  op->SaveChanges(all, true);
  EXPECT_EQ(all.upserts.size(), 1000u);
}

TEST(IncrementalStateTest, ClosedWindowsAreSavedAsDeletesAndRestoreContinuesTheAggregation) {
  WindowSpec spec;
  spec.kind = WindowKind::kTumbling;
  spec.size_ms = spec.advance_ms = 10;
  spec.grace_ms = 0;
  auto op = CountByKey(MakeWindowConfig(spec));
  Store store;
  Feed(*op, {{"a", Value::Int(1), 1}, {"b", Value::Int(1), 2}});
  StateChanges c1;
  op->SaveChanges(c1, false);
  store.Apply(c1);
  EXPECT_EQ(store.entries.size(), 2u);
  Feed(*op, {{"a", Value::Int(1), 15}});  // closes [0, 10) of a and b
  StateChanges c2;
  op->SaveChanges(c2, false);
  EXPECT_EQ(c2.deletes.size(), 2u);
  store.Apply(c2);
  EXPECT_EQ(store.entries.size(), 1u);

  auto restored = CountByKey(MakeWindowConfig(spec));
  restored->RestoreEntries(store.header, store.View());
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(1), 16}, {"a", Value::Int(1), 3}});
  restored->Process(b, ctx);
  // [10, 20) continues at 2; a record for the closed window is late (watermark kept).
  EXPECT_THAT(Rows(b), ElementsAre("+U a 2 10 20 @16"));
  EXPECT_EQ(restored->late_dropped.load(), 1);
}

TEST(IncrementalStateTest, SessionsRestoreFromTheirEntries) {
  WindowSpec spec;
  spec.kind = WindowKind::kSession;
  spec.size_ms = 10;
  spec.grace_ms = 100;
  auto op = CountByKey(MakeWindowConfig(spec));
  Store store;
  Feed(*op, {{"a", Value::Int(1), 100}});
  StateChanges c;
  op->SaveChanges(c, false);
  store.Apply(c);
  auto restored = CountByKey(MakeWindowConfig(spec));
  restored->RestoreEntries(store.header, store.View());
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(2), 105}});
  restored->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("-D a null 100 100 @100", "+U a 2 100 105 @105"));
}

TEST(IncrementalStateTest, MaterializedTableTracksUpsertsAndDeletes) {
  TableMaterializeOperator op({0}, 2);
  Feed(op, ManyKeys(100));
  StateChanges c1;
  op.SaveChanges(c1, false);
  EXPECT_EQ(c1.upserts.size(), 100u);
  Store store;
  store.Apply(c1);
  Feed(op, {{"k1", Value(), 5, RowKind::kDelete}, {"k2", Value::Int(20), 5}});
  StateChanges c2;
  op.SaveChanges(c2, false);
  EXPECT_EQ(c2.upserts.size(), 1u);
  EXPECT_EQ(c2.deletes.size(), 1u);
  store.Apply(c2);
  TableMaterializeOperator restored({0}, 2);
  restored.RestoreEntries(store.header, store.View());
  EXPECT_EQ(restored.size(), 99u);
  EvalContext ctx;
  Batch b = MakeBatch({{"k2", Value::Int(21), 6}, {"k1", Value::Int(1), 6}});
  restored.Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("-U k2 20 @6", "+U k2 21 @6", "+I k1 1 @6"));
}

TEST(IncrementalStateTest, StreamTableAndTableTableJoinsSaveChangedKeys) {
  for (JoinKind kind : {JoinKind::kStreamTable, JoinKind::kTableTable}) {
    auto op = MakeJoinOperator(testing::KvJoinSpec(kind, JoinType::kInner));
    testing::Feed(*op, 1, ManyKeys(50));
    StateChanges c1;
    op->SaveChanges(c1, false);
    EXPECT_EQ(c1.upserts.size(), 50u);
    Store store;
    store.Apply(c1);
    testing::Feed(*op, 1, {{"k3", Value(), 2, RowKind::kDelete}, {"k4", Value::Int(40), 2}});
    StateChanges c2;
    op->SaveChanges(c2, false);
    EXPECT_EQ(c2.upserts.size(), 1u);
    EXPECT_EQ(c2.deletes.size(), 1u);
    store.Apply(c2);
    auto restored = MakeJoinOperator(testing::KvJoinSpec(kind, JoinType::kInner));
    restored->RestoreEntries(store.header, store.View());
    std::vector<std::string> out = testing::Feed(
        *restored, 0, {{"k3", Value::Int(1), 3}, {"k4", Value::Int(1), 3}});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], "+I k4 1 k4 40 k4 @3");
  }
}

// Through the catalog: the first checkpoint writes the state, later ones only what changed
// (rows and bytes proportional to the keys touched, not to the state), and a plan restored from
// the stored rows continues as the original.
TEST(IncrementalStateTest, CheckpointBytesAreProportionalToChangedKeys) {
  auto catalog = Catalog::Open(":memory:");
  QueryPlan plan;
  plan.operators.push_back(CountByKey());
  StateCheckpointer checkpointer(plan);
  Feed(*plan.operators[0], ManyKeys(20000));
  StateDelta first = checkpointer.Delta();
  EXPECT_TRUE(first.replace);
  EXPECT_EQ(first.upserts.size(), 20001u);  // the header and every group
  catalog->SaveCheckpointDelta("J", {{"t", 0, 20000}}, first);

  Feed(*plan.operators[0], ManyKeys(10, 2));
  StateDelta second = checkpointer.Delta();
  EXPECT_FALSE(second.replace);
  EXPECT_EQ(second.upserts.size(), 11u);  // the header and 10 groups
  EXPECT_LT(second.Bytes() * 1000, first.Bytes());
  catalog->SaveCheckpointDelta("J", {{"t", 0, 20010}}, second);

  QueryPlan again;
  again.operators.push_back(CountByKey());
  StateCheckpointer restored(again);
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->entries.size(), 20001u);
  restored.Restore(*cp);
  EXPECT_EQ(static_cast<AggregateOperator&>(*again.operators[0]).group_count(), 20000u);
  // Nothing changed since the restore: the next checkpoint writes nothing.
  StateDelta unchanged = restored.Delta();
  EXPECT_TRUE(unchanged.upserts.empty());
  EXPECT_FALSE(unchanged.replace);
  EvalContext ctx;
  Batch b = MakeBatch({{"k5", Value::Int(0), 3}, {"k15", Value::Int(0), 3}});
  again.operators[0]->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U k5 3 @3", "+U k15 2 @3"));
}

// A job checkpointed before state was keyed restores from its blob; its next checkpoint
// replaces it with entries.
TEST(IncrementalStateTest, OldBlobCheckpointRestoresAndIsRewrittenAsEntries) {
  auto catalog = Catalog::Open(":memory:");
  auto original = CountByKey();
  Feed(*original, ManyKeys(5));
  StateWriter blob;
  blob.PutU8(1);  // the blob format's version
  blob.PutI64(1);  // one operator
  blob.PutString(original->SaveState());
  catalog->SaveCheckpoint("J", {{"t", 0, 5}}, blob.Take());

  QueryPlan plan;
  plan.operators.push_back(CountByKey());
  StateCheckpointer checkpointer(plan);
  checkpointer.Restore(*catalog->LoadCheckpoint("J"));
  StateDelta delta = checkpointer.Delta();
  EXPECT_TRUE(delta.replace);
  EXPECT_EQ(delta.upserts.size(), 6u);
  catalog->SaveCheckpointDelta("J", {{"t", 0, 6}}, delta);
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  EXPECT_TRUE(cp->keyed);
  EXPECT_EQ(cp->entries.size(), 6u);

  QueryPlan mismatched;  // another plan's state is refused, not misread
  StateCheckpointer wrong(mismatched);
  EXPECT_THROW(wrong.Restore(*cp), RiffleError);
}

TEST(IncrementalStateTest, StateCapFailsNamingTheOperatorAndTheCap) {
  QueryPlan plan;
  plan.operators.push_back(CountByKey());
  Feed(*plan.operators[0], ManyKeys(1000));
  EXPECT_GT(PlanStateBytes(plan), 1000);
  CheckStateCap(plan, 0);  // no cap
  CheckStateCap(plan, PlanStateBytes(plan));
  try {
    CheckStateCap(plan, 1000);
    FAIL() << "expected the cap to fail the query";
  } catch (const RiffleError& e) {
    EXPECT_THAT(e.message(), ::testing::HasSubstr("riffle.state.max.bytes = 1000"));
    EXPECT_THAT(e.message(), ::testing::HasSubstr("Aggregate (GROUP BY K; COUNT(*))"));
  }
}

}  // namespace
}  // namespace riffle
