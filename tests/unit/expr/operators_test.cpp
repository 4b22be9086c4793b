// Operator semantics: three-valued logic, arithmetic, decimals, comparisons, LIKE, IN,
// BETWEEN, CASE, subscripts and constructors.

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

TEST(LogicTest, ThreeValuedAndOrNot) {
  ExprFixture f;
  f.Column("A", Type::Boolean(), {Value::Bool(true), Value::Bool(false), Value()});
  std::vector<std::string> and_null = {"null", "false", "null"};
  std::vector<std::string> or_null = {"true", "null", "null"};
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(f.Show("A AND CAST(NULL AS BOOLEAN)", r), and_null[r]);
    EXPECT_EQ(f.Show("A OR CAST(NULL AS BOOLEAN)", r), or_null[r]);
  }
  EXPECT_EQ(f.Show("NOT A", 0), "false");
  EXPECT_EQ(f.Show("NOT A", 2), "null");
  EXPECT_EQ(f.Show("A AND NULL", 1), "false");
  EXPECT_EQ(f.Show("A IS NULL", 2), "true");
  EXPECT_EQ(f.Show("A IS NOT NULL", 2), "false");
  EXPECT_EQ(f.Show("true OR false AND true"), "true");
  EXPECT_EQ(f.Show("NOT 4 > 11"), "true");
}

TEST(ArithmeticTest, IntegersWrapAndDivideByZeroIsNull) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value::Int(2147483647), Value::Int(7)});
  f.Column("Z", Type::Int(), {Value::Int(0), Value::Int(2)});
  EXPECT_EQ(f.Show("I + 1", 0), "-2147483648");
  EXPECT_EQ(f.Show("CAST(I AS BIGINT) + 1", 0), "2147483648");
  EXPECT_EQ(f.Show("I / Z", 1), "3");
  EXPECT_EQ(f.Show("-I % Z", 1), "-1");
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("I / Z", 0), "null");
  EXPECT_EQ(f.ctx().errors, 1);  // only row 0 divides by zero
  EXPECT_EQ(f.Show("6 % 4 / 2 * 6"), "6");
  EXPECT_EQ(f.Show("10 - 2 + 5"), "13");
  EXPECT_EQ(f.Show("1.0e0 / 0"), "Infinity");
  // An untyped NULL has no arithmetic (ksqlDB's rule); a typed one yields NULL.
  EXPECT_EQ(f.BindError("I + NULL").message(),
            "Error processing expression: (I + null). Arithmetic on types INTEGER and null are not "
            "supported.");
  EXPECT_EQ(f.Show("I + CAST(NULL AS INT)", 1), "null");
}

TEST(ArithmeticTest, DecimalsAreExact) {
  ExprFixture f;
  f.Column("A", Type::Decimal(4, 2),
           {Value::Dec(Decimal::Parse("10.10")), Value::Dec(Decimal::Parse("1.00"))});
  f.Column("B", Type::Decimal(4, 2),
           {Value::Dec(Decimal::Parse("5.01")), Value::Dec(Decimal::Parse("0.00"))});
  EXPECT_EQ(f.Show("A + B", 0), "15.11");
  EXPECT_EQ(f.Show("A - B", 0), "5.09");
  EXPECT_EQ(f.Show("A * B", 0), "50.6010");
  EXPECT_EQ(f.Show("A / B", 0), "2.0159681");
  EXPECT_EQ(f.Show("A % B", 0), "0.08");
  EXPECT_EQ(f.Show("A / B", 1), "null");
  EXPECT_EQ(f.Show("A + 1", 0), "11.10");
  EXPECT_EQ(f.Show("-A", 0), "-10.10");
  EXPECT_EQ(f.Show("A + 0.5e0", 0), "10.6");
  EXPECT_EQ(f.Show("A < 10.2", 0), "true");
  EXPECT_EQ(f.Show("A = 10.1", 0), "true");
}

TEST(ComparisonTest, MixedNumericStringsAndNulls) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value::Int(1), Value()});
  f.Column("S", Type::String(), {Value::String("foo"), Value::String("Foo")});
  f.Column("TS", Type::Timestamp(), {Value::Int(1577836800000), Value::Int(0)});
  EXPECT_EQ(f.Show("I = 1.0e0", 0), "true");
  EXPECT_EQ(f.Show("I < 1.5", 0), "true");
  EXPECT_EQ(f.Show("I >= 2", 0), "false");
  EXPECT_EQ(f.Show("I = 1", 1), "false");  // ksqlDB: comparing with NULL is false
  EXPECT_EQ(f.Show("S = 'foo'", 1), "false");  // case-sensitive
  EXPECT_EQ(f.Show("S > 'Foo'", 0), "true");
  EXPECT_EQ(f.Show("TS = '2020-01-01T00:00:00'", 0), "true");
  EXPECT_EQ(f.Show("TS < '2020-01-01'", 1), "true");
  EXPECT_EQ(f.Show("ARRAY[1, 2] = ARRAY[1, 2]"), "true");
  EXPECT_EQ(f.Show("ARRAY[1, 2] <> ARRAY[1]"), "true");
  EXPECT_EQ(f.Show("MAP('a' := 1) = MAP('a' := 1)"), "true");
  EXPECT_EQ(f.Show("STRUCT(ID := 2) = STRUCT(ID := 2)"), "true");
}

TEST(PredicateTest, LikeInBetween) {
  ExprFixture f;
  f.Column("S", Type::String(), {Value::String("this"), Value::String("a_b%c"), Value()});
  EXPECT_EQ(f.Show("S LIKE '%hi%'", 0), "true");
  EXPECT_EQ(f.Show("S LIKE 't_is'", 0), "true");
  EXPECT_EQ(f.Show("S LIKE 'T%'", 0), "false");
  EXPECT_EQ(f.Show("S NOT LIKE 'x%'", 0), "true");
  EXPECT_EQ(f.Show("S LIKE '%'", 2), "null");
  EXPECT_EQ(f.Show("S LIKE 'a!_b!%c' ESCAPE '!'", 1), "true");
  EXPECT_EQ(f.Show("S LIKE 'a!_b!%c' ESCAPE '!'", 0), "false");
  EXPECT_EQ(f.Show("'abcabc' LIKE '%abc'"), "true");
  EXPECT_EQ(f.Show("'' LIKE '%'"), "true");
  EXPECT_EQ(f.Show("S IN ('x', 'this')", 0), "true");
  EXPECT_EQ(f.Show("S NOT IN ('x', 'this')", 0), "false");
  // ksqlDB's IN is two-valued: NULL items never match, a NULL value matches nothing.
  EXPECT_EQ(f.Show("S IN ('x', NULL)", 0), "false");
  EXPECT_EQ(f.Show("S IN ('x')", 2), "false");
  EXPECT_EQ(f.Show("S NOT IN ('x')", 2), "true");
  EXPECT_EQ(f.Show("2 IN (1, 2.0e0)"), "true");
  EXPECT_EQ(f.Show("1 BETWEEN 0 AND 2 AND 'b' BETWEEN 'a' AND 'c'"), "true");
  EXPECT_EQ(f.Show("5 NOT BETWEEN 0 AND 2"), "true");
  // Two-valued, as ksqlDB's comparisons: a NULL value is between no bounds.
  EXPECT_EQ(f.Show("S BETWEEN 'a' AND 'z'", 2), "false");
  EXPECT_EQ(f.Show("S NOT BETWEEN 'a' AND 'z'", 2), "true");
}

TEST(CaseTest, SearchedSimpleAndLazyBranches) {
  ExprFixture f;
  f.Column("U", Type::Double(), {Value::Double(6), Value::Double(3), Value::Double(1), Value()});
  const char* searched =
      "CASE WHEN U < 2.0 THEN 'small' WHEN U < 4.0 THEN 'medium' ELSE 'large' END";
  EXPECT_EQ(f.Show(searched, 0), "large");
  EXPECT_EQ(f.Show(searched, 1), "medium");
  EXPECT_EQ(f.Show(searched, 2), "small");
  EXPECT_EQ(f.Show(searched, 3), "large");  // NULL condition is not true
  EXPECT_EQ(f.Show("CASE WHEN U < 2.0 THEN 1 END", 0), "null");
  EXPECT_EQ(f.Show("CASE CAST(U AS INT) WHEN 3 THEN 'three' WHEN 6 THEN 'six' END", 0), "six");
  EXPECT_EQ(f.Show("CASE CAST(U AS INT) WHEN 3 THEN 'three' ELSE 'other' END", 3), "other");
}

TEST(CaseTest, BranchesNoRowTakesAreNotEvaluated) {
  ExprFixture f;
  f.Column("U", Type::Int(), {Value::Int(1), Value::Int(2)});
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("CASE WHEN U > 0 THEN U ELSE U / 0 END", 1), "2");
  EXPECT_EQ(f.ctx().errors, 0);
  EXPECT_EQ(f.Show("CASE WHEN U > 5 THEN U ELSE U / 0 END", 1), "null");
  EXPECT_EQ(f.ctx().errors, 2);
}

TEST(CollectionTest, SubscriptsAndConstructors) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::String()),
           {Value::List({Value::String("Red"), Value::String("Green")}), Value()});
  f.Column("M", Type::Map(Type::String(), Type::Int()),
           {Value::Map({{Value::String("k"), Value::Int(10)}}), Value()});
  f.Column("ST", Type::Struct({{"Person", Type::Struct({{"Name", Type::String()}})}}),
           {Value::List({Value::List({Value::String("George")})}), Value()});
  EXPECT_EQ(f.Show("A[1]", 0), "Red");
  EXPECT_EQ(f.Show("A[-1]", 0), "Green");
  EXPECT_EQ(f.Show("A[3]", 0), "null");
  EXPECT_EQ(f.Show("A[0]", 0), "null");
  EXPECT_EQ(f.Show("A[1]", 1), "null");
  EXPECT_EQ(f.Show("M['k']", 0), "10");
  EXPECT_EQ(f.Show("M['missing']", 0), "null");
  EXPECT_EQ(f.Show("ST->Person->Name", 0), "George");
  EXPECT_EQ(f.Show("ST->PERSON->NAME", 0), "George");
  EXPECT_EQ(f.Show("ST->Person->Name", 1), "null");
  EXPECT_EQ(f.Show("ARRAY[1, 2, 3]"), "[1, 2, 3]");
  EXPECT_EQ(f.Show("ARRAY[1, NULL]"), "[1, null]");
  EXPECT_EQ(f.Show("MAP('a' := 1, 'b' := 2)['b']"), "2");
  EXPECT_EQ(f.Show("STRUCT(X := 1, Y := 'b')->Y"), "b");
  EXPECT_EQ(f.Show("'a' || 'b' || 1"), "ab1");
}

TEST(PseudoColumnTest, ReadsRowMetadata) {
  ExprFixture f;
  f.Column("X", Type::Int(), {Value::Int(1), Value::Int(2)});
  EXPECT_EQ(f.Show("ROWTIME", 1), "1001");
  EXPECT_EQ(f.Show("ROWPARTITION", 0), "3");
  EXPECT_EQ(f.Show("ROWOFFSET", 1), "1");
}

}  // namespace
}  // namespace riffle
