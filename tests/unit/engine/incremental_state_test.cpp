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

JoinSpec WithinSpec(JoinType type, int64_t within_ms, std::optional<int64_t> grace_ms) {
  JoinSpec spec = testing::KvJoinSpec(JoinKind::kStreamStream, type);
  spec.before_ms = spec.after_ms = within_ms;
  spec.grace_ms = grace_ms;
  return spec;
}

std::unique_ptr<JoinOperator> FkJoin(JoinType type) {
  JoinSpec spec = testing::KvJoinSpec(JoinKind::kForeignKey, type);
  spec.left_key = testing::BindKv("CAST(V AS STRING)");
  spec.left_key_columns = {0};
  return MakeJoinOperator(std::move(spec));
}

std::unique_ptr<JoinOperator> RestoredFrom(std::unique_ptr<JoinOperator> op, const Store& store) {
  op->RestoreEntries(store.header, store.View());
  return op;
}

TEST(IncrementalStateTest, StreamStreamJoinSavesTheKeysWhoseRowsChanged) {
  auto make = [] { return MakeJoinOperator(WithinSpec(JoinType::kInner, 100, 0)); };
  auto op = make();
  testing::Feed(*op, 0, ManyKeys(50, 10));
  StateChanges c1;
  op->SaveChanges(c1, false);
  EXPECT_EQ(c1.upserts.size(), 50u);
  Store store;
  store.Apply(c1);
  // A right row joins k3's buffered left row; the right side stores it under k3.
  EXPECT_THAT(testing::Feed(*op, 1, {{"k3", Value::Int(30), 20}}),
              ElementsAre("+I k3 3 k3 30 k3 @20"));
  testing::Feed(*op, 0, {{"k4", Value::Int(41), 21}});
  StateChanges c2;
  op->SaveChanges(c2, false);
  EXPECT_EQ(c2.upserts.size(), 2u);  // right k3, left k4 (both its rows)
  EXPECT_TRUE(c2.deletes.empty());
  store.Apply(c2);

  auto restored = RestoredFrom(make(), store);
  EXPECT_EQ(restored->StreamTimeMs(), 21);
  EXPECT_EQ(restored->StateBytes(), op->StateBytes());
  EXPECT_THAT(testing::Feed(*restored, 1, {{"k4", Value::Int(40), 30}}),
              ElementsAre("+I k4 4 k4 40 k4 @30", "+I k4 41 k4 40 k4 @30"));
  EXPECT_THAT(testing::Feed(*restored, 0, {{"k3", Value::Int(31), 30}}),
              ElementsAre("+I k3 31 k3 30 k3 @30"));
  StateChanges none;
  auto again = RestoredFrom(make(), store);
  again->SaveChanges(none, false);  // nothing changed since the restore
  EXPECT_TRUE(none.upserts.empty());
  EXPECT_TRUE(none.deletes.empty());
}

TEST(IncrementalStateTest, StreamStreamJoinRowsLeavingTheWindowStoreAreSavedAsDeletes) {
  auto make = [] { return MakeJoinOperator(WithinSpec(JoinType::kInner, 10, 0)); };
  auto op = make();
  Store store;
  testing::Feed(*op, 0, {{"old", Value::Int(1), 0}});
  StateChanges c1;
  op->SaveChanges(c1, false);
  store.Apply(c1);
  // Enough rows far later to purge the store: "old" leaves it (a delete), the rest stay.
  std::vector<TestRow> later;
  for (int i = 0; i < 5000; ++i) later.push_back({"n" + std::to_string(i % 7), Value::Int(i), 1000});
  testing::Feed(*op, 0, later);
  StateChanges c2;
  op->SaveChanges(c2, false);
  EXPECT_EQ(c2.deletes.size(), 1u);
  EXPECT_EQ(c2.upserts.size(), 7u);
  store.Apply(c2);
  EXPECT_EQ(store.entries.size(), 7u);
  auto restored = RestoredFrom(make(), store);
  EXPECT_TRUE(testing::Feed(*restored, 1, {{"old", Value::Int(9), 5}}).empty());
  EXPECT_EQ(testing::Feed(*restored, 1, {{"n1", Value::Int(9), 1001}}).size(), 715u);
}

TEST(IncrementalStateTest, StreamStreamJoinPendingOuterRowsRestoreAndCloseOnce) {
  auto make = [] { return MakeJoinOperator(WithinSpec(JoinType::kLeft, 10, 5)); };
  auto op = make();
  Store store;
  // a waits for its window to close; b is matched in time (its pending entry goes).
  EXPECT_TRUE(testing::Feed(*op, 0, {{"a", Value::Int(1), 0}, {"b", Value::Int(2), 1}}).empty());
  StateChanges c1;
  op->SaveChanges(c1, false);
  store.Apply(c1);
  EXPECT_EQ(store.entries.size(), 4u);  // two buffered keys, two pending rows
  EXPECT_THAT(testing::Feed(*op, 1, {{"b", Value::Int(20), 2}}), ElementsAre("+I b 2 b 20 b @2"));
  StateChanges c2;
  op->SaveChanges(c2, false);
  EXPECT_EQ(c2.deletes.size(), 1u);  // b's pending row
  store.Apply(c2);

  auto restored = RestoredFrom(make(), store);
  // Stream time 16 closes a's window (0 + 10 + 5): it goes out null-padded, once.
  EXPECT_THAT(testing::Feed(*restored, 1, {{"z", Value::Int(0), 16}}),
              ElementsAre("+I a 1 null null a @0"));
  EXPECT_TRUE(testing::Feed(*restored, 1, {{"z", Value::Int(0), 17}}).empty());
  StateChanges c3;
  restored->SaveChanges(c3, false);
  EXPECT_EQ(c3.deletes.size(), 1u);  // a's pending row
  EXPECT_EQ(c3.upserts.size(), 1u);  // right z
}

TEST(IncrementalStateTest, ForeignKeyJoinSavesChangedRowsAndRebuildsSubscriptions) {
  auto make = [] { return FkJoin(JoinType::kLeft); };
  auto op = make();
  Store store;
  std::vector<TestRow> lefts;
  for (int i = 0; i < 40; ++i) lefts.push_back({"l" + std::to_string(i), Value::Int(i % 4), 1});
  testing::Feed(*op, 0, lefts);
  testing::Feed(*op, 1, {{"1", Value::Int(100), 2}, {"2", Value::Int(200), 2}});
  StateChanges c1;
  op->SaveChanges(c1, false);
  EXPECT_EQ(c1.upserts.size(), 42u);
  store.Apply(c1);
  testing::Feed(*op, 0, {{"l5", Value::Int(2), 3}, {"l6", Value(), 3, RowKind::kDelete}});
  testing::Feed(*op, 1, {{"2", Value(), 3, RowKind::kDelete}});
  StateChanges c2;
  op->SaveChanges(c2, false);
  EXPECT_EQ(c2.upserts.size(), 1u);  // l5
  EXPECT_EQ(c2.deletes.size(), 2u);  // l6, right 2
  store.Apply(c2);

  auto restored = RestoredFrom(make(), store);
  EXPECT_EQ(restored->StateBytes(), op->StateBytes());
  // l1, l9, ... (FK 1) and l5 (now FK 2) follow their right rows after the restore.
  std::vector<std::string> out = testing::Feed(*restored, 1, {{"1", Value::Int(101), 4}});
  EXPECT_EQ(out.size(), 9u);  // l1, l9, ..., l37 without l5
  EXPECT_THAT(testing::Feed(*restored, 1, {{"2", Value::Int(201), 5}}),
              ::testing::Contains("+I l5 2 2 201 2 @5"));
  EXPECT_TRUE(testing::Feed(*restored, 0, {{"l6", Value(), 6, RowKind::kDelete}}).empty());
}

// A stream-stream or FK join checkpointed before they kept state per key stored its blob as
// the operator's only row: it restores, and its next checkpoint writes every entry.
TEST(IncrementalStateTest, JoinBlobsFromKeyedCheckpointsRestoreAndAreRewrittenAsEntries) {
  for (bool stream_stream : {true, false}) {
    auto make = [stream_stream] {
      return stream_stream ? MakeJoinOperator(WithinSpec(JoinType::kInner, 100, std::nullopt))
                           : FkJoin(JoinType::kInner);
    };
    auto original = make();
    testing::Feed(*original, 0, {{"a", Value::Int(1), 1}, {"b", Value::Int(2), 1}});
    testing::Feed(*original, 1, {{"1", Value::Int(10), 2}});
    auto restored = make();
    restored->RestoreEntries(original->SaveState(), {});
    EXPECT_EQ(restored->StateBytes(), original->StateBytes());
    StateChanges c;
    restored->SaveChanges(c, false);
    EXPECT_EQ(c.upserts.size(), 3u);
    Store store;
    store.Apply(c);
    auto again = RestoredFrom(make(), store);
    EXPECT_EQ(again->StateBytes(), original->StateBytes());
    // Both joins: a right row keyed "a" (stream-stream) or "1" (a's foreign key) joins left a.
    std::string right_key = stream_stream ? "a" : "1";
    EXPECT_EQ(testing::Feed(*again, 1, {{right_key, Value::Int(11), 3}}).size(), 1u);
  }
  // Through the runtime: an old-style blob checkpoint (before catalog v5) of a FK join.
  auto original = FkJoin(JoinType::kInner);
  testing::Feed(*original, 0, {{"a", Value::Int(1), 1}});
  StateWriter blob;
  blob.PutU8(1);
  blob.PutI64(1);
  blob.PutString(original->SaveState());
  auto catalog = Catalog::Open(":memory:");
  catalog->SaveCheckpoint("J", {{0, "t", 0, 1}}, blob.Take());
  QueryPlan plan;
  plan.operators.push_back(FkJoin(JoinType::kInner));
  StateCheckpointer checkpointer(plan);
  checkpointer.Restore(*catalog->LoadCheckpoint("J"));
  StateDelta delta = checkpointer.Delta();
  EXPECT_TRUE(delta.replace);
  EXPECT_EQ(delta.upserts.size(), 2u);  // the header and left a
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
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 20000}}, first);

  Feed(*plan.operators[0], ManyKeys(10, 2));
  StateDelta second = checkpointer.Delta();
  EXPECT_FALSE(second.replace);
  EXPECT_EQ(second.upserts.size(), 11u);  // the header and 10 groups
  EXPECT_LT(second.Bytes() * 1000, first.Bytes());
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 20010}}, second);

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
  catalog->SaveCheckpoint("J", {{0, "t", 0, 5}}, blob.Take());

  QueryPlan plan;
  plan.operators.push_back(CountByKey());
  StateCheckpointer checkpointer(plan);
  checkpointer.Restore(*catalog->LoadCheckpoint("J"));
  StateDelta delta = checkpointer.Delta();
  EXPECT_TRUE(delta.replace);
  EXPECT_EQ(delta.upserts.size(), 6u);
  catalog->SaveCheckpointDelta("J", {{0, "t", 0, 6}}, delta);
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
