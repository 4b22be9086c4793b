// TRANSFORM / FILTER / REDUCE and IS [NOT] DISTINCT FROM, evaluated over multi-row batches (the
// lambda nodes flatten every row's elements into one inner batch).

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

Value Ints(std::vector<int64_t> xs) {
  ValueList out;
  for (int64_t x : xs) out.push_back(Value::Int(x));
  return Value::List(std::move(out));
}

TEST(LambdaTest, TransformAndFilterArraysAcrossRows) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::Int()), {Ints({1, 2}), Value(), Ints({}), Ints({5, 6, 7})});
  f.Column("K", Type::Int(), {Value::Int(10), Value::Int(20), Value::Int(30), Value::Int(40)});
  EXPECT_EQ(f.TypeName("TRANSFORM(a, x => x * 2.5)"), "ARRAY<DECIMAL(13, 1)>");
  EXPECT_EQ(f.TypeName("TRANSFORM(a, x => CAST(x AS STRING))"), "ARRAY<STRING>");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + k)", 0), "[11, 12]");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + k)", 1), "null");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + k)", 2), "[]");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + k)", 3), "[45, 46, 47]");
  EXPECT_EQ(f.Show("FILTER(a, x => x % 2 = 1)", 3), "[5, 7]");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => ROWTIME)", 3), "[1003, 1003, 1003]");
}

TEST(LambdaTest, ReduceIsSequentialAndWidensTheState) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::Bigint()), {Ints({1, 2, 3}), Value(), Ints({4})});
  EXPECT_EQ(f.TypeName("REDUCE(a, 0, (s, x) => s + x)"), "BIGINT");
  EXPECT_EQ(f.Show("REDUCE(a, 0, (s, x) => s * 10 + x)", 0), "123");
  EXPECT_EQ(f.Show("REDUCE(a, 0, (s, x) => s * 10 + x)", 1), "0");
  EXPECT_EQ(f.Show("REDUCE(a, 0, (s, x) => s * 10 + x)", 2), "4");
  EXPECT_EQ(f.Show("REDUCE(a, CAST(NULL AS BIGINT), (s, x) => s + x)", 0), "null");
}

TEST(LambdaTest, Maps) {
  ExprFixture f;
  f.Column("M", Type::Map(Type::String(), Type::Int()),
           {Value::Map({{Value::String("ab"), Value::Int(1)},
                        {Value::String("c"), Value::Int(2)}})});
  EXPECT_EQ(f.Show("TRANSFORM(m, (k, v) => LEN(k), (k, v) => v + 1)"), "{2=2, 1=3}");
  // Colliding new keys: the later entry wins.
  EXPECT_EQ(f.Show("TRANSFORM(m, (k, v) => 'x', (k, v) => v)"), "{x=2}");
  EXPECT_EQ(f.Show("FILTER(m, (k, v) => v > 1)"), "{c=2}");
  EXPECT_EQ(f.Show("REDUCE(m, '', (s, k, v) => s + k)"), "abc");
}

TEST(LambdaTest, NullArithmeticFailsTheCallUnlessShortCircuited) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::Int()), {Ints({1, 2}), Value::List({Value::Int(5), Value()})});
  f.Column("M", Type::Map(Type::String(), Type::Int()),
           {Value::Map({{Value::String("a"), Value()}, {Value::String("bb"), Value::Int(4)}}),
            Value::Map({{Value::String("cc"), Value()}})});
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + 1)", 0), "[2, 3]");
  EXPECT_EQ(f.Show("TRANSFORM(a, x => x + 1)", 1), "null");  // NULL + 1 fails the whole call
  EXPECT_EQ(f.Show("TRANSFORM(a, x => COALESCE(x, 0))", 1), "[5, 0]");
  // The guard keeps `v % 2` from seeing the NULL of key 'a'.
  EXPECT_EQ(f.Show("FILTER(m, (k, v) => LEN(k) > 1 AND v % 2 = 0)", 0), "{bb=4}");
  EXPECT_EQ(f.Show("FILTER(m, (k, v) => LEN(k) > 1 AND v % 2 = 0)", 1), "null");
}

TEST(LambdaTest, BindErrors) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::Int()), {Ints({1})});
  EXPECT_NE(f.BindError("TRANSFORM(a, (x, y) => x)").message().find("1 argument"),
            std::string::npos);
  EXPECT_NE(f.BindError("FILTER(a, x => x)").message().find("BOOLEAN"), std::string::npos);
  EXPECT_NE(f.BindError("REDUCE(a, 0)").message().find("takes 3 arguments"), std::string::npos);
  EXPECT_NE(f.BindError("ABS(a => a)").message().find("does not accept a lambda"),
            std::string::npos);
}

TEST(LambdaTest, NestedWideningReducesStopInsteadOfTakingExponentialTime) {
  // Each REDUCE binds its lambda twice (INT state, then BIGINT), and with it every REDUCE
  // inside: 2^depth bindings. A few levels are fine; 40 would take days, so binding stops.
  auto nest = [](int depth) {
    std::string e = "CAST(1 AS BIGINT)";
    for (int i = 0; i < depth; ++i) {
      std::string n = std::to_string(i);
      e = "REDUCE(a, 0, (s" + n + ", x" + n + ") => " + e + ")";
    }
    return e;
  };
  ExprFixture f;
  f.Column("A", Type::Array(Type::Int()), {Ints({1})});
  EXPECT_EQ(f.TypeName(nest(6)), "BIGINT");
  RiffleError e = f.BindError(nest(40));
  EXPECT_EQ(e.kind(), ErrorKind::kBind);
  EXPECT_NE(e.message().find("too complex"), std::string::npos) << e.message();
  EXPECT_EQ(e.suggestion(), "CAST each REDUCE's initial state to the type it accumulates");
}

TEST(IsDistinctFromTest, NullSafeComparison) {
  ExprFixture f;
  f.Column("X", Type::Int(), {Value::Int(1), Value()});
  EXPECT_EQ(f.Show("x IS DISTINCT FROM 1", 0), "false");
  EXPECT_EQ(f.Show("x IS DISTINCT FROM 1", 1), "true");
  EXPECT_EQ(f.Show("x IS NOT DISTINCT FROM NULL", 1), "true");
  EXPECT_EQ(f.Show("x IS NOT DISTINCT FROM 1.0", 0), "true");
}

}  // namespace
}  // namespace riffle
