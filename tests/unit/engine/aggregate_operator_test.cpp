#include "core/exec/aggregate_operator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/engine/engine_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;
using testing::MakeBatch;
using testing::Rows;

AggregateCall Count() {
  AggregateCall c;
  c.fn = MakeAggregateFunction("COUNT", {}, {}, /*star=*/true, {});
  c.text = "COUNT(*)";
  return c;
}

AggregateCall Call(const std::string& name, const std::string& arg = "V") {
  AggregateCall c;
  c.args.push_back(testing::BindKv(arg));
  c.fn = MakeAggregateFunction(name, {c.args[0]->type()}, {nullptr}, false, {});
  c.text = name + "(" + arg + ")";
  return c;
}

std::unique_ptr<AggregateOperator> MakeOp(std::vector<AggregateCall> calls,
                                          std::optional<WindowConfig> window = std::nullopt,
                                          bool changelog = false, bool emit_final = false) {
  std::vector<CompiledExprPtr> group;
  group.push_back(testing::BindKv("K"));
  return std::make_unique<AggregateOperator>(std::move(group), std::vector<std::string>{"K"},
                                             std::move(calls), window, changelog, emit_final);
}

std::vector<AggregateCall> CountAndSum() {
  std::vector<AggregateCall> calls;
  calls.push_back(Count());
  calls.push_back(Call("SUM"));
  return calls;
}

WindowConfig Window(WindowKind kind, int64_t size, int64_t advance, int64_t grace) {
  WindowSpec spec;
  spec.kind = kind;
  spec.size_ms = size;
  spec.advance_ms = advance;
  spec.grace_ms = grace;
  return MakeWindowConfig(spec);
}

TEST(AggregateOperatorTest, EmitsTheGroupsNewResultForEveryInputRow) {
  auto op = MakeOp(CountAndSum());
  Batch b = MakeBatch({{"a", Value::Int(1), 10},
                       {"b", Value::Int(2), 20},
                       {"a", Value::Int(3), 5},
                       {"", Value::Int(4), 30},  // NULL group: skipped
                       {"a", Value(), 40, RowKind::kDelete},  // stream tombstone: skipped
                       {"a", Value(), 50}});  // NULL value: counted, not summed
  EvalContext ctx;
  op->Process(b, ctx);
  // ROWTIME is the largest event time folded into the group.
  EXPECT_THAT(Rows(b), ElementsAre("+U a 1 1 @10", "+U b 1 2 @20", "+U a 2 4 @10",
                                   "+U a 3 4 @50"));
  EXPECT_EQ(op->rows_in.load(), 6);
  EXPECT_EQ(op->rows_out.load(), 4);
  EXPECT_EQ(op->group_count(), 2u);
}

TEST(AggregateOperatorTest, TableInputRetractsOldRowsAndUpdatesInOneGroupEmitOnce) {
  auto op = MakeOp(CountAndSum(), std::nullopt, /*changelog=*/true);
  Batch b = MakeBatch({{"a", Value::Int(1), 1, RowKind::kInsert},
                       {"a", Value::Int(1), 2, RowKind::kUpdateBefore},  // same group:
                       {"a", Value::Int(5), 2, RowKind::kUpdateAfter},   // one output
                       {"a", Value::Int(5), 3, RowKind::kUpdateBefore},  // moves to b:
                       {"b", Value::Int(5), 3, RowKind::kUpdateAfter},   // two outputs
                       {"b", Value::Int(5), 4, RowKind::kDelete}});
  EvalContext ctx;
  op->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U a 1 1 @1", "+U a 1 5 @2", "+U a 0 0 @3", "+U b 1 5 @3",
                                   "+U b 0 0 @4"));
}

TEST(AggregateOperatorTest, TumblingWindowsDropRecordsPastTheGracePeriod) {
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kTumbling, 10, 10, 5));
  Batch b = MakeBatch({{"a", Value::Int(1), 3},
                       {"a", Value::Int(2), 12},
                       {"a", Value::Int(3), 7},    // watermark 12: [0,10) open until 15
                       {"a", Value::Int(4), 15},
                       {"a", Value::Int(5), 8},    // watermark 15: [0,10) closed
                       {"a", Value::Int(6), 9, RowKind::kInsert, 1}});  // partition 1: open
  EvalContext ctx;
  op->Process(b, ctx);
  // Columns: K, COUNT, SUM, WINDOWSTART, WINDOWEND.
  EXPECT_THAT(Rows(b), ElementsAre("+U a 1 1 0 10 @3", "+U a 1 2 10 20 @12", "+U a 2 4 0 10 @7",
                                   "+U a 2 6 10 20 @15", "+U a 3 10 0 10 @9"));
  EXPECT_EQ(op->late_dropped.load(), 1);
  EXPECT_NE(op->Describe().find("1 late record(s) dropped"), std::string::npos);
}

TEST(AggregateOperatorTest, HoppingWindowsFoldARowIntoEveryWindowThatHoldsIt) {
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kHopping, 10, 5, 1000));
  Batch b = MakeBatch({{"a", Value::Int(1), 7}, {"a", Value::Int(2), 12}});
  EvalContext ctx;
  op->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U a 1 1 0 10 @7", "+U a 1 1 5 15 @7", "+U a 2 3 5 15 @12",
                                   "+U a 1 2 10 20 @12"));
}

TEST(AggregateOperatorTest, SessionsMergeAndTombstoneTheWindowsTheyReplace) {
  // ksqlDB's session-windows "out of order - no grace period" case, key 0.
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kSession, 30000, 0, 24 * 3600 * 1000LL));
  Batch b = MakeBatch({{"k", Value::Int(0), 0},
                       {"k", Value::Int(1), 70010},
                       {"k", Value::Int(5), 10009},
                       {"k", Value::Int(6), 10010}});
  EvalContext ctx;
  op->Process(b, ctx);
  EXPECT_THAT(Rows(b),
              ElementsAre("+U k 1 0 0 0 @0", "+U k 1 1 70010 70010 @70010",
                          "-D k null null 0 0 @0", "+U k 2 5 0 10009 @10009",
                          "-D k null null 0 10009 @10009", "+U k 3 11 0 10010 @10010"));

  // A record bridging two sessions merges all three into one.
  Batch c = MakeBatch({{"k", Value::Int(100), 40010}});
  op->Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("-D k null null 0 10010 @10010",
                                   "-D k null null 70010 70010 @70010",
                                   "+U k 5 112 0 70010 @70010"));
  EXPECT_EQ(op->group_count(), 1u);
}

TEST(AggregateOperatorTest, EmitFinalEmitsEachWindowOnceWhenItCloses) {
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kTumbling, 10, 10, 5), false, true);
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(1), 1}, {"a", Value::Int(2), 8}, {"b", Value::Int(3), 12}});
  op->Process(b, ctx);
  EXPECT_TRUE(b.empty());
  Batch c = MakeBatch({{"a", Value::Int(4), 15}});
  op->Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("+U a 2 3 0 10 @8"));
  Batch d = MakeBatch({{"a", Value::Int(5), 100}});
  op->Process(d, ctx);
  EXPECT_THAT(Rows(d), ElementsAre("+U b 1 3 10 20 @12", "+U a 1 4 10 20 @15"));
}

TEST(AggregateOperatorTest, EmitFinalSessionsCloseOnceNoRecordCanExtendThem) {
  // Gap 10, grace 5: a session ending at e closes when the watermark passes e + 15.
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kSession, 10, 0, 5), false, true);
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(1), 0}, {"a", Value::Int(2), 8}, {"b", Value::Int(3), 9}});
  op->Process(b, ctx);
  EXPECT_TRUE(b.empty());
  Batch c = MakeBatch({{"c", Value::Int(4), 24}});  // a's [0, 8] closes (24 > 8 + 15)
  op->Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("+U a 2 3 0 8 @8"));
  Batch d = MakeBatch({{"c", Value::Int(5), 100}});
  op->Process(d, ctx);
  EXPECT_THAT(Rows(d), ElementsAre("+U b 1 3 9 9 @9", "+U c 1 4 24 24 @24"));
  EXPECT_EQ(op->group_count(), 1u);
}

TEST(AggregateOperatorTest, StateRestoredFromACheckpointContinuesTheAggregation) {
  EvalContext ctx;
  std::string state;
  std::string session_state;
  {
    auto op = MakeOp(CountAndSum());
    Batch b = MakeBatch({{"a", Value::Int(1), 1}, {"a", Value::Int(2), 2}, {"b", Value::Int(3), 3}});
    op->Process(b, ctx);
    state = op->SaveState();
    auto session = MakeOp(CountAndSum(), Window(WindowKind::kSession, 10, 0, 100));
    Batch s = MakeBatch({{"a", Value::Int(1), 100}});
    session->Process(s, ctx);
    session_state = session->SaveState();
  }
  auto op = MakeOp(CountAndSum());
  op->RestoreState(state);
  Batch b = MakeBatch({{"a", Value::Int(10), 4}});
  op->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U a 3 13 @4"));

  auto session = MakeOp(CountAndSum(), Window(WindowKind::kSession, 10, 0, 100));
  session->RestoreState(session_state);
  Batch s = MakeBatch({{"a", Value::Int(2), 105}});
  session->Process(s, ctx);
  EXPECT_THAT(Rows(s), ElementsAre("-D a null null 100 100 @100", "+U a 2 3 100 105 @105"));

  // State from a different query (another GROUP BY arity) or garbage is refused.
  auto other = MakeOp(CountAndSum());
  EXPECT_THROW(other->RestoreState("garbage"), RiffleError);
  EXPECT_THROW(other->RestoreState(state.substr(0, state.size() - 3)), RiffleError);
}

TEST(AggregateOperatorTest, AnIdlePartitionDoesNotHoldBackEmitFinal) {
  // Partition 1 goes quiet after one record; partition 0's windows still close as its own
  // stream time passes them (ksqlDB's stream time is per task), and partition 1's window
  // waits for partition 1.
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kTumbling, 10, 10, 0), false, true);
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(1), 1, RowKind::kInsert, 0},
                       {"b", Value::Int(2), 2, RowKind::kInsert, 1}});
  op->Process(b, ctx);
  EXPECT_TRUE(b.empty());
  Batch c = MakeBatch({{"a", Value::Int(3), 25, RowKind::kInsert, 0}});
  op->Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("+U a 1 1 0 10 @1"));
  Batch d = MakeBatch({{"b", Value::Int(4), 11, RowKind::kInsert, 1}});
  op->Process(d, ctx);
  EXPECT_THAT(Rows(d), ElementsAre("+U b 1 2 0 10 @2"));
}

TEST(AggregateOperatorTest, ClosedWindowsAreFreedAndStateShrinks) {
  auto op = MakeOp(CountAndSum(), Window(WindowKind::kTumbling, 10, 10, 0));
  EvalContext ctx;
  std::vector<testing::TestRow> rows;
  for (int i = 0; i < 100; ++i) rows.push_back({"key-" + std::to_string(i), Value::Int(i), 5});
  Batch b = MakeBatch(rows);
  op->Process(b, ctx);
  EXPECT_EQ(op->group_count(), 100u);
  int64_t full = op->StateBytes();
  EXPECT_GT(full, 100 * 100);
  // Time moves past the windows' end: they close and their state goes.
  Batch c = MakeBatch({{"z", Value::Int(1), 40}});
  op->Process(c, ctx);
  EXPECT_EQ(op->group_count(), 1u);
  EXPECT_GT(op->StateBytes(), 0);
  EXPECT_LT(op->StateBytes(), full / 50);
  // A record for a freed window is late: dropped and counted.
  Batch d = MakeBatch({{"key-1", Value::Int(1), 6}});
  op->Process(d, ctx);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(op->late_dropped.load(), 1);
  EXPECT_EQ(op->group_count(), 1u);
}

TEST(AggregateOperatorTest, TableGroupsWithoutRowsAreFreed) {
  auto op = MakeOp(CountAndSum(), std::nullopt, /*changelog=*/true);
  EvalContext ctx;
  Batch b = MakeBatch({{"a", Value::Int(1), 1, RowKind::kInsert},
                       {"b", Value::Int(2), 1, RowKind::kInsert},
                       {"a", Value::Int(1), 2, RowKind::kDelete}});
  op->Process(b, ctx);
  EXPECT_THAT(Rows(b), ElementsAre("+U a 1 1 @1", "+U b 1 2 @1", "+U a 0 0 @2"));
  EXPECT_EQ(op->group_count(), 1u);
  // The group starts afresh when a row comes back.
  Batch c = MakeBatch({{"a", Value::Int(7), 3, RowKind::kInsert}});
  op->Process(c, ctx);
  EXPECT_THAT(Rows(c), ElementsAre("+U a 1 7 @3"));
  EXPECT_EQ(op->group_count(), 2u);
}

}  // namespace
}  // namespace riffle
