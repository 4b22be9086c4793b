// COUNT_DISTINCT, HISTOGRAM, ATTR, the STDDEV family and CORRELATION: results after each row,
// retraction back to earlier results, and session merges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/exec/aggregate_functions.h"
#include "tests/unit/engine/engine_test_util.h"

namespace riffle {
namespace {

using ::testing::ElementsAre;

std::string Show(const Value& v) {
  if (v.is_map()) {
    std::string s = "{";
    for (const auto& [k, e] : v.as_map()) {
      s += (s.size() > 1 ? "," : "") + testing::Render(k) + "=" + testing::Render(e);
    }
    return s + "}";
  }
  if (v.is_double() && std::isnan(v.as_double())) return "NaN";
  return testing::Render(v);
}

// Feeds rows of argument columns (cols[a][row]) of types `types` into one accumulator with the
// given signs and returns the result after each update.
struct Folder {
  Folder(const std::string& name, std::vector<TypePtr> types) : types_(std::move(types)) {
    std::vector<const Value*> constants(types_.size(), nullptr);
    fn = MakeAggregateFunction(name, types_, constants, false, {});
  }
  std::vector<std::string> Run(const std::vector<std::vector<Value>>& rows,
                               const std::vector<int8_t>& signs = {}) {
    size_t n = rows.size();
    Batch b;
    b.Reset(types_.size());
    Scope scope;
    for (size_t a = 0; a < types_.size(); ++a) {
      scope.AddColumn("", "A" + std::to_string(a), types_[a], static_cast<int>(a));
    }
    for (size_t r = 0; r < n; ++r) {
      b.AddRowMeta(RowKind::kInsert, 0, 0, static_cast<int64_t>(r));
      for (size_t a = 0; a < types_.size(); ++a) b.columns[a].push_back(rows[r][a]);
    }
    std::vector<Accumulator*> groups(n, &acc);
    std::vector<int8_t> sign = signs.empty() ? std::vector<int8_t>(n, 1) : signs;
    std::vector<uint8_t> emit(n, 1);
    std::vector<uint32_t> input_row;
    std::vector<int64_t> order;
    for (size_t i = 0; i < n; ++i) {
      input_row.push_back(static_cast<uint32_t>(i));
      order.push_back(static_cast<int64_t>(i + 1));
    }
    std::vector<ArgValues> args(types_.size());
    EvalContext ctx;
    AggregateRows ar;
    for (size_t a = 0; a < types_.size(); ++a) {
      CompiledExprPtr col = BindExpression(*ParseExpression("A" + std::to_string(a)), scope);
      args[a].Fill(*col, b, ctx);
    }
    for (auto& a : args) ar.args.push_back(&a);
    ar.groups = &groups;
    ar.sign = &sign;
    ar.emit = &emit;
    ar.input_row = &input_row;
    ar.order = &order;
    std::vector<Value> out;
    fn->Apply(ar, 0, out);
    std::vector<std::string> shown;
    for (const Value& v : out) shown.push_back(Show(v));
    return shown;
  }
  std::vector<TypePtr> types_;
  AggregateFunctionPtr fn;
  Accumulator acc;
};

std::vector<std::vector<Value>> Ints(std::vector<Value> v) {
  std::vector<std::vector<Value>> rows;
  for (auto& x : v) rows.push_back({x});
  return rows;
}

TEST(AggregateStatsTest, CountDistinctCountsDistinctNonNullValues) {
  Folder f("COUNT_DISTINCT", {Type::Int()});
  EXPECT_FALSE(f.fn->supports_undo());
  EXPECT_EQ(f.fn->result_type()->kind, TypeKind::kBigint);
  EXPECT_THAT(f.Run(Ints({Value::Int(3), Value::Int(1), Value::Int(3), Value(), Value::Int(2)})),
              ElementsAre("1", "2", "2", "2", "3"));
}

TEST(AggregateStatsTest, HistogramCountsAndRetracts) {
  Folder f("HISTOGRAM", {Type::String()});
  EXPECT_TRUE(f.fn->supports_undo());
  EXPECT_EQ(f.fn->result_type()->ToString(), "MAP<STRING, BIGINT>");
  auto s = [](const char* x) { return Value::String(x); };
  EXPECT_THAT(f.Run(Ints({s("foo"), s("bar"), s("foo"), Value(), s("bar"), s("bar")}),
                    {1, 1, 1, 1, -1, -1}),
              ElementsAre("{foo=1}", "{foo=1,bar=1}", "{foo=2,bar=1}", "{foo=2,bar=1}",
                          "{foo=2}", "{foo=2}"));
}

TEST(AggregateStatsTest, AttrIsTheValueOnlyWhileAllRowsAgree) {
  Folder f("ATTR", {Type::String()});
  auto s = [](const char* x) { return Value::String(x); };
  // ksqlDB's "table attr with tombstones": NULL is a value of its own.
  EXPECT_THAT(f.Run(Ints({s("1"), s("1"), s("1"), s("1"), s("2"), s("3"), s("3"), Value()}),
                    {1, 1, -1, -1, 1, 1, -1, 1}),
              ElementsAre("1", "1", "1", "null", "2", "null", "2", "null"));
}

TEST(AggregateStatsTest, StddevFamilyMatchesKsqlDb) {
  // ksqlDB's standarddeviation.json "int" inputs for key 0: 0, 10, 7, 6.
  auto rows = Ints({Value::Int(0), Value::Int(10), Value::Int(7), Value::Int(6)});
  Folder samp("STDDEV_SAMP", {Type::Int()});  // the sample variance, as ksqlDB returns
  EXPECT_THAT(samp.Run(rows), ElementsAre("0.0", "50.0", "26.333333333333332",
                                          "17.583333333333332"));
  Folder sample("STDDEV_SAMPLE", {Type::Int()});
  auto out = sample.Run(rows);
  EXPECT_EQ(out[1], "7.0710678118654755");
  EXPECT_EQ(out[3], "4.193248541803041");
  Folder pop("STDDEV_POP", {Type::Bigint()});
  EXPECT_THAT(pop.Run(Ints({Value::Int(2), Value::Int(4), Value::Int(4), Value::Int(4),
                            Value::Int(5), Value::Int(5), Value::Int(7), Value::Int(9)})),
              ::testing::Contains("2.0"));
}

TEST(AggregateStatsTest, StddevRetractionReturnsToEarlierResults) {
  Folder f("STDDEV_SAMP", {Type::Double()});
  auto d = [](double x) { return Value::Double(x); };
  auto out = f.Run(Ints({d(1), d(4), d(10), d(10), d(4), d(1)}), {1, 1, 1, -1, -1, -1});
  EXPECT_THAT(out, ElementsAre("0.0", "4.5", "21.0", "4.5", "0.0", "0.0"));
}

TEST(AggregateStatsTest, CorrelationMatchesKsqlDbAndRetracts) {
  // ksqlDB's correlation-udaf.json "double" inputs for alice.
  Folder f("CORRELATION", {Type::Double(), Type::Double()});
  EXPECT_TRUE(f.fn->supports_undo());
  auto d = [](double x) { return Value::Double(x); };
  auto out = f.Run({{d(1.5), d(8)}, {d(-1), d(-2)}, {d(-4.5), d(-1)}, {Value(), d(-6)},
                    {d(-4.5), d(-1)}},
                   {1, 1, 1, 1, -1});
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0], "NaN");
  EXPECT_EQ(out[1], "1.0");
  EXPECT_NEAR(std::stod(out[2]), 0.7580764521133173, 1e-12);
  EXPECT_EQ(out[3], out[2]);
  EXPECT_EQ(out[4], "1.0");
}

TEST(AggregateStatsTest, SessionMergeEqualsFoldingEverything) {
  auto d = [](double x) { return Value::Double(x); };
  Folder a("STDDEV_SAMP", {Type::Double()});
  a.Run(Ints({d(1), d(4)}));
  Folder b("STDDEV_SAMP", {Type::Double()});
  b.Run(Ints({d(10), d(3), d(7)}));
  a.fn->Merge(a.acc, b.acc);
  Folder all("STDDEV_SAMP", {Type::Double()});
  auto out = all.Run(Ints({d(1), d(4), d(10), d(3), d(7)}));
  EXPECT_NEAR(a.fn->Result(a.acc).as_double(), std::stod(out.back()), 1e-9);

  Folder h1("HISTOGRAM", {Type::String()});
  h1.Run(Ints({Value::String("x")}));
  Folder h2("HISTOGRAM", {Type::String()});
  h2.Run(Ints({Value::String("x"), Value::String("y")}));
  h1.fn->Merge(h1.acc, h2.acc);
  EXPECT_EQ(Show(h1.fn->Result(h1.acc)), "{x=2,y=1}");
}

TEST(AggregateStatsTest, ArgumentsAreChecked) {
  EXPECT_THROW(Folder("STDDEV_SAMP", {Type::String()}), RiffleError);
  EXPECT_THROW(Folder("CORRELATION", {Type::Double()}), RiffleError);
  EXPECT_THROW(Folder("HISTOGRAM", {Type::Array(Type::Int())}), RiffleError);
}

}  // namespace
}  // namespace riffle
