#include "core/exec/aggregate_functions.h"

#include <gtest/gtest.h>

#include "tests/unit/engine/engine_test_util.h"

namespace riffle {
namespace {

// Folds `values` (sign +1, or -1 where `retract` says) into one accumulator and returns the
// result after each update, rendered.
std::vector<std::string> Fold(const AggregateFunction& fn, const std::vector<Value>& values,
                              const std::vector<int8_t>& signs = {}) {
  Batch b;
  b.Reset(1);
  for (size_t i = 0; i < values.size(); ++i) {
    b.AddRowMeta(RowKind::kInsert, 0, 0, static_cast<int64_t>(i));
    b.columns[0].push_back(values[i]);
  }
  Accumulator acc;
  std::vector<Accumulator*> groups(values.size(), &acc);
  std::vector<int8_t> sign = signs.empty() ? std::vector<int8_t>(values.size(), 1) : signs;
  std::vector<uint8_t> emit(values.size(), 1);
  std::vector<uint32_t> input_row;
  std::vector<int64_t> order;
  for (size_t i = 0; i < values.size(); ++i) {
    input_row.push_back(static_cast<uint32_t>(i));
    order.push_back(static_cast<int64_t>(i + 1));
  }
  ArgValues arg;
  Scope scope;
  scope.AddColumn("", "X", Type::Int(), 0);
  CompiledExprPtr column = BindExpression(*ParseExpression("X"), scope);
  EvalContext ctx;
  arg.Fill(*column, b, ctx);
  AggregateRows rows;
  rows.groups = &groups;
  rows.sign = &sign;
  rows.emit = &emit;
  rows.input_row = &input_row;
  rows.order = &order;
  rows.args.push_back(&arg);
  std::vector<Value> out;
  fn.Apply(rows, 0, out);
  std::vector<std::string> shown;
  for (const Value& v : out) shown.push_back(testing::Render(v));
  return shown;
}

AggregateFunctionPtr Make(const std::string& name, TypePtr type,
                          std::vector<const Value*> constants = {nullptr},
                          std::vector<TypePtr> extra = {}) {
  std::vector<TypePtr> types = {type};
  for (auto& t : extra) types.push_back(t);
  return MakeAggregateFunction(name, types, constants, false, {});
}

using V = std::vector<Value>;

TEST(AggregateFunctionsTest, ResultTypesFollowKsqlDb) {
  EXPECT_EQ(MakeAggregateFunction("count", {}, {}, true, {})->result_type()->ToString(), "BIGINT");
  EXPECT_EQ(Make("SUM", Type::Int())->result_type()->ToString(), "INTEGER");
  EXPECT_EQ(Make("SUM", Type::Decimal(4, 1))->result_type()->ToString(), "DECIMAL(4, 1)");
  EXPECT_EQ(Make("AVG", Type::Bigint())->result_type()->ToString(), "DOUBLE");
  EXPECT_EQ(Make("MAX", Type::String())->result_type()->ToString(), "STRING");
  EXPECT_EQ(Make("COLLECT_LIST", Type::Int())->result_type()->ToString(), "ARRAY<INTEGER>");
  EXPECT_EQ(Make("LATEST_BY_OFFSET", Type::Double())->result_type()->ToString(), "DOUBLE");
  EXPECT_THROW(Make("SUM", Type::String()), RiffleError);
  EXPECT_THROW(Make("MIN", Type::Array(Type::Int())), RiffleError);
  EXPECT_THROW(MakeAggregateFunction("NOPE", {Type::Int()}, {nullptr}, false, {}), RiffleError);
  // Which functions can aggregate a table (retract rows).
  EXPECT_TRUE(Make("SUM", Type::Int())->supports_undo());
  EXPECT_TRUE(Make("COLLECT_LIST", Type::Int())->supports_undo());
  EXPECT_FALSE(Make("MIN", Type::Int())->supports_undo());
  EXPECT_FALSE(Make("EARLIEST_BY_OFFSET", Type::Int())->supports_undo());
}

TEST(AggregateFunctionsTest, CountSumAndAvgSkipNullsAndRetract) {
  V in = {Value::Int(2), Value(), Value::Int(4), Value::Int(2)};
  std::vector<int8_t> signs = {1, 1, 1, -1};
  EXPECT_EQ(Fold(*Make("COUNT", Type::Int()), in, signs),
            (std::vector<std::string>{"1", "1", "2", "1"}));
  EXPECT_EQ(Fold(*MakeAggregateFunction("COUNT", {}, {}, true, {}), in, signs),
            (std::vector<std::string>{"1", "2", "3", "2"}));
  EXPECT_EQ(Fold(*Make("SUM", Type::Int()), in, signs),
            (std::vector<std::string>{"2", "2", "6", "4"}));
  EXPECT_EQ(Fold(*Make("AVG", Type::Int()), in, signs),
            (std::vector<std::string>{"2.0", "2.0", "3.0", "4.0"}));
}

TEST(AggregateFunctionsTest, MinMaxCollectAndTopK) {
  V in = {Value::Int(5), Value(), Value::Int(9), Value::Int(5), Value::Int(1)};
  EXPECT_EQ(Fold(*Make("MIN", Type::Int()), in),
            (std::vector<std::string>{"5", "5", "5", "5", "1"}));
  EXPECT_EQ(Fold(*Make("MAX", Type::Int()), in),
            (std::vector<std::string>{"5", "5", "9", "9", "9"}));
  EXPECT_EQ(Fold(*Make("COLLECT_LIST", Type::Int()), in).back(), "[5,null,9,5,1]");
  EXPECT_EQ(Fold(*Make("COLLECT_SET", Type::Int()), in).back(), "[5,null,9,1]");
  Value k = Value::Int(2);
  EXPECT_EQ(Fold(*Make("TOPK", Type::Int(), {nullptr, &k}, {Type::Int()}), in),
            (std::vector<std::string>{"[5]", "[5]", "[9,5]", "[9,5]", "[9,5]"}));
  EXPECT_EQ(Fold(*Make("TOPKDISTINCT", Type::Int(), {nullptr, &k}, {Type::Int()}), in).back(),
            "[9,5]");
  // Retracting from a list removes one occurrence.
  EXPECT_EQ(Fold(*Make("COLLECT_LIST", Type::Int()), in, {1, 1, 1, -1, 1}).back(), "[null,9,1]");
}

TEST(AggregateFunctionsTest, EarliestAndLatestByOffsetIgnoreNullsUnlessAsked) {
  V in = {Value(), Value::Int(1), Value::Int(2), Value()};
  EXPECT_EQ(Fold(*Make("EARLIEST_BY_OFFSET", Type::Int()), in),
            (std::vector<std::string>{"null", "1", "1", "1"}));
  EXPECT_EQ(Fold(*Make("LATEST_BY_OFFSET", Type::Int()), in),
            (std::vector<std::string>{"null", "1", "2", "2"}));
  Value no = Value::Bool(false);
  EXPECT_EQ(Fold(*Make("LATEST_BY_OFFSET", Type::Int(), {nullptr, &no}, {Type::Boolean()}), in)
                .back(),
            "null");
}

TEST(AggregateFunctionsTest, DecimalSumOverflowFailsLikeKsqlDb) {
  auto sum = Make("SUM", Type::Decimal(3, 1));
  V ok = {Value::Dec(Decimal::Parse("50.5")), Value::Dec(Decimal::Parse("49.4"))};
  EXPECT_EQ(Fold(*sum, ok).back(), "99.9");
  V over = {Value::Dec(Decimal::Parse("50.5")), Value::Dec(Decimal::Parse("49.5"))};
  EXPECT_THROW(Fold(*sum, over), RiffleError);
}

TEST(AggregateFunctionsTest, MergeCombinesSessionAccumulators) {
  auto count = MakeAggregateFunction("COUNT", {}, {}, true, {});
  auto latest = Make("LATEST_BY_OFFSET", Type::Int());
  Accumulator a, b;
  a.count = 2;
  b.count = 3;
  count->Merge(a, b);
  EXPECT_EQ(testing::Render(count->Result(a)), "5");
  Accumulator x, y;
  x.value = Value::Int(7);
  x.order = 10;
  y.value = Value::Int(8);
  y.order = 4;
  latest->Merge(x, y);
  EXPECT_EQ(testing::Render(latest->Result(x)), "7");
}

}  // namespace
}  // namespace riffle
