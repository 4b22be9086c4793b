// ksqlDB's implicit coercion table (core/expr/coercion.h) and the binder's use of it.

#include "core/expr/coercion.h"

#include "core/expr/cast.h"
#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

std::string Coerced(const TypePtr& from, const TypePtr& to, CoercionMode mode) {
  TypePtr t = CoercedType(*from, *to, mode);
  return t ? t->ToString() : "none";
}

TEST(CoercionTableTest, NumbersWidenOnly) {
  const auto strict = CoercionMode::kStrict;
  EXPECT_EQ(Coerced(Type::Int(), Type::Bigint(), strict), "BIGINT");
  EXPECT_EQ(Coerced(Type::Bigint(), Type::Int(), strict), "none");
  EXPECT_EQ(Coerced(Type::Int(), Type::Decimal(4, 2), strict), "DECIMAL(12, 2)");
  EXPECT_EQ(Coerced(Type::Decimal(4, 2), Type::Decimal(3, 0), strict), "DECIMAL(5, 2)");
  EXPECT_EQ(Coerced(Type::Decimal(4, 2), Type::Double(), strict), "DOUBLE");
  EXPECT_EQ(Coerced(Type::Double(), Type::Decimal(4, 2), strict), "none");
}

TEST(CoercionTableTest, StringsConvertToTemporalAndBytesAlways_ToOthersOnlyAsLiterals) {
  for (TypePtr t : {Type::Date(), Type::Time(), Type::Timestamp(), Type::Bytes()}) {
    EXPECT_EQ(Coerced(Type::String(), t, CoercionMode::kStrict), t->ToString());
  }
  EXPECT_EQ(Coerced(Type::String(), Type::Int(), CoercionMode::kStrict), "none");
  EXPECT_EQ(Coerced(Type::String(), Type::Int(), CoercionMode::kLax), "INTEGER");
  EXPECT_EQ(Coerced(Type::String(), Type::Boolean(), CoercionMode::kLax), "BOOLEAN");
  EXPECT_EQ(Coerced(Type::Boolean(), Type::String(), CoercionMode::kStrict), "none");
  EXPECT_EQ(Coerced(Type::Boolean(), Type::String(), CoercionMode::kLax), "STRING");
  EXPECT_EQ(Coerced(Type::Date(), Type::Timestamp(), CoercionMode::kLax), "none");
}

TEST(CoercionTableTest, CollectionsCoerceElementWiseAndStructsUniteFields) {
  const auto strict = CoercionMode::kStrict;
  EXPECT_EQ(Coerced(Type::Array(Type::Int()), Type::Array(Type::Double()), strict),
            "ARRAY<DOUBLE>");
  EXPECT_EQ(Coerced(Type::Map(Type::String(), Type::Int()), Type::Map(Type::String(), Type::Bigint()),
                    strict),
            "MAP<STRING, BIGINT>");
  EXPECT_EQ(Coerced(Type::Array(Type::String()), Type::Array(Type::Int()), strict), "none");
  TypePtr a = Type::Struct({{"A", Type::Int()}, {"B", Type::String()}});
  TypePtr b = Type::Struct({{"C", Type::Int()}, {"A", Type::Bigint()}});
  EXPECT_EQ(Coerced(a, b, strict), "STRUCT<`A` BIGINT, `B` STRING, `C` INTEGER>");
}

TEST(CoercionTableTest, FunctionArgumentCasts) {
  EXPECT_TRUE(ArgumentCastAllowed(TypeKind::kInt, TypeKind::kDouble));
  EXPECT_TRUE(ArgumentCastAllowed(TypeKind::kString, TypeKind::kDate));
  EXPECT_TRUE(ArgumentCastAllowed(TypeKind::kString, TypeKind::kBytes));
  EXPECT_FALSE(ArgumentCastAllowed(TypeKind::kDouble, TypeKind::kBigint));
  EXPECT_FALSE(ArgumentCastAllowed(TypeKind::kString, TypeKind::kInt));
  EXPECT_FALSE(ArgumentCastAllowed(TypeKind::kDate, TypeKind::kTimestamp));
}

TEST(CoercionTableTest, NumbersInStringsTakeTheNarrowestType) {
  EXPECT_EQ(StringNumberType("42")->ToString(), "INTEGER");
  EXPECT_EQ(StringNumberType(" 5000000000 ")->ToString(), "BIGINT");
  EXPECT_EQ(StringNumberType("1.50")->ToString(), "DECIMAL(3, 2)");
  EXPECT_EQ(StringNumberType("0.05")->ToString(), "DECIMAL(3, 2)");
  EXPECT_EQ(StringNumberType("3e2")->ToString(), "DECIMAL(3, 0)");
  EXPECT_EQ(StringNumberType("99999999999999999999")->ToString(), "DECIMAL(20, 0)");
  EXPECT_EQ(StringNumberType("abc"), nullptr);
  EXPECT_EQ(StringNumberType(""), nullptr);
}

TEST(CoercionTableTest, Comparisons) {
  EXPECT_TRUE(ComparisonAllowed(*Type::Int(), Op::kLt, *Type::Decimal(4, 2)));
  EXPECT_TRUE(ComparisonAllowed(*Type::String(), Op::kLt, *Type::Date()));
  EXPECT_TRUE(ComparisonAllowed(*Type::Date(), Op::kGe, *Type::Timestamp()));
  EXPECT_FALSE(ComparisonAllowed(*Type::Time(), Op::kEq, *Type::Date()));
  EXPECT_FALSE(ComparisonAllowed(*Type::Int(), Op::kEq, *Type::String()));
  EXPECT_TRUE(ComparisonAllowed(*Type::Boolean(), Op::kEq, *Type::Boolean()));
  EXPECT_FALSE(ComparisonAllowed(*Type::Boolean(), Op::kLt, *Type::Boolean()));
  EXPECT_TRUE(ComparisonAllowed(*Type::Bytes(), Op::kGt, *Type::Bytes()));
}

TEST(CoercionTableTest, LiteralValues) {
  auto lit = [](const Value& v, TypePtr from, TypePtr to) {
    std::optional<Value> out = CoerceLiteral(v, *from, *to);
    return out ? JavaToString(*out, *to) : std::string("none");
  };
  EXPECT_EQ(lit(Value::String("fal"), Type::String(), Type::Boolean()), "false");
  EXPECT_EQ(lit(Value::String("Y"), Type::String(), Type::Boolean()), "true");
  EXPECT_EQ(lit(Value::String("maybe"), Type::String(), Type::Boolean()), "none");
  EXPECT_EQ(lit(Value::String(" 12 "), Type::String(), Type::Int()), "12");
  EXPECT_EQ(lit(Value::String("1.5"), Type::String(), Type::Int()), "none");
  EXPECT_EQ(lit(Value::Int(7), Type::Int(), Type::String()), "7");
  EXPECT_EQ(lit(Value::Int(7), Type::Int(), Type::Decimal(3, 1)), "7.0");
}

TEST(ExpressionListTest, InListsTakeTheirCommonType) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value::Int(2), Value::Int(300), Value()});
  f.Column("S", Type::String(), {Value::String("1"), Value::String("b"), Value()});
  EXPECT_EQ(f.Show("I IN ('1', 2)", 0), "true");
  EXPECT_EQ(f.Show("I IN (10, '3e2')", 1), "true");  // the list is DECIMAL(10, 0)
  EXPECT_EQ(f.Show("I IN (2.0, 5)", 0), "true");
  EXPECT_EQ(f.Show("S IN (1, 'b')", 0), "true");  // literals become STRING
  EXPECT_EQ(f.Show("I IN (1, NULL)", 2), "false");
  EXPECT_EQ(f.Show("I NOT IN (1, NULL)", 2), "true");
  EXPECT_NE(f.BindError("I IN ('abc')").message().find(
                "invalid input syntax for type INTEGER: \"abc\"."),
            std::string::npos);
  EXPECT_NE(f.BindError("S IN (I)").message().find("operator does not exist: STRING = INTEGER (I)"),
            std::string::npos);
}

TEST(ExpressionListTest, ConstructorsFollowTheFirstElement) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value::Int(2)});
  EXPECT_EQ(f.TypeName("ARRAY[I, '5000000000', 1.50]"), "ARRAY<DECIMAL(21, 2)>");
  EXPECT_EQ(f.Show("ARRAY[I, '5000000000', 1.50]"), "[2.00, 5000000000.00, 1.50]");
  EXPECT_EQ(f.TypeName("ARRAY['a', 1, TRUE]"), "ARRAY<STRING>");
  EXPECT_EQ(f.Show("ARRAY['a', 1, TRUE]"), "[a, 1, true]");
  EXPECT_EQ(f.TypeName("MAP(1 := 'x', '2' := 'y')"), "MAP<INTEGER, STRING>");
  EXPECT_NE(f.BindError("MAP(NULL := 1)").message().find("you may cast a NULL key to"),
            std::string::npos);
  // A STRING first makes every later item a STRING; a column does not convert to one.
  EXPECT_NE(f.BindError("ARRAY['1', I]").message().find("operator does not exist"),
            std::string::npos);
}

TEST(CaseTypesTest, BranchesMustAgreeExactly) {
  ExprFixture f;
  f.Column("FLAG", Type::Boolean(), {Value::Bool(true)});
  f.Column("I", Type::Int(), {Value::Int(1)});
  f.Column("B", Type::Bigint(), {Value::Int(1)});
  EXPECT_EQ(f.TypeName("CASE WHEN FLAG THEN I ELSE NULL END"), "INTEGER");
  RiffleError e = f.BindError("CASE WHEN FLAG THEN I ELSE B END");
  EXPECT_NE(e.message().find("Type for the default clause should be the same as for 'THEN' "
                             "clauses.\nTHEN type: INTEGER.\nDEFAULT type: BIGINT."),
            std::string::npos);
  e = f.BindError("CASE WHEN FLAG THEN I WHEN NOT FLAG THEN 2.5 END");
  EXPECT_NE(e.message().find("Type for all 'THEN' clauses should be the same."), std::string::npos);
  EXPECT_NE(e.message().find("has type: DECIMAL(2, 1)."), std::string::npos);
  EXPECT_EQ(f.BindError("CASE WHEN I THEN 1 END").message(),
            "WHEN operand type should be boolean.\nType for 'I' is INTEGER");
}

TEST(FunctionOverloadTest, GreatestAndLeastPickOneType) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value::Int(3)});
  f.Column("B", Type::Bigint(), {Value::Int(4)});
  f.Column("DT", Type::Date(), {Value::Int(18262)});  // 2020-01-01
  EXPECT_EQ(f.TypeName("GREATEST(I, 5, NULL)"), "INTEGER");
  EXPECT_EQ(f.Show("LEAST(I, 5, NULL)"), "3");
  EXPECT_EQ(f.TypeName("GREATEST(1.5, 10.25)"), "DECIMAL(4, 2)");
  EXPECT_EQ(f.TypeName("GREATEST(DT, '2021-06-01')"), "DATE");
  EXPECT_EQ(f.Show("GREATEST(DT, '2021-06-01')"), "2021-06-01");
  RiffleError e = f.BindError("GREATEST(I, B)");
  EXPECT_NE(e.message().find("Function 'greatest' cannot be resolved due to ambiguous method "
                             "parameters (INTEGER, BIGINT)."),
            std::string::npos);
  e = f.BindError("LEAST(I, TRUE)");
  EXPECT_NE(e.message().find("Function 'least' does not accept parameters (INTEGER, BOOLEAN)."),
            std::string::npos);
}

TEST(FunctionOverloadTest, GenericsBindExactly) {
  ExprFixture f;
  f.Column("I", Type::Int(), {Value()});
  f.Column("B", Type::Bigint(), {Value::Int(4)});
  EXPECT_EQ(f.Show("COALESCE(I, 7)"), "7");
  EXPECT_NE(f.BindError("COALESCE(B, 0)").message().find(
                "Function 'COALESCE' does not accept parameters (BIGINT, INTEGER)."),
            std::string::npos);
  EXPECT_NE(f.BindError("NULLIF(B, 1)").message().find("Function 'NULLIF' does not accept"),
            std::string::npos);
}

TEST(FunctionOverloadTest, ArrayGenericsBindExactly) {
  ExprFixture f;
  EXPECT_EQ(f.Show("ARRAY_CONTAINS(ARRAY[1, 2], 2)"), "true");
  EXPECT_EQ(f.Show("ARRAY_UNION(ARRAY[1, 2], ARRAY[3])"), "[1, 2, 3]");
  EXPECT_NE(f.BindError("ARRAY_CONTAINS(ARRAY[1, 2], 2.0)").message().find(
                "Function 'ARRAY_CONTAINS' does not accept parameters (ARRAY<INTEGER>, "
                "DECIMAL(2, 1))."),
            std::string::npos);
  EXPECT_NE(f.BindError("ARRAY_UNION(ARRAY[1], ARRAY[CAST(1 AS BIGINT)])").message().find(
                "Function 'array_union' does not accept parameters"),
            std::string::npos);
  EXPECT_NE(f.BindError("ARRAY_REMOVE(ARRAY['a'], 1)").message().find(
                "Function 'array_remove' does not accept parameters"),
            std::string::npos);
}

TEST(FunctionOverloadTest, StringsConvertToTemporalParameters) {
  ExprFixture f;
  EXPECT_EQ(f.Show("FORMAT_DATE('2021-03-04', 'dd/MM/yyyy')"), "04/03/2021");
  EXPECT_EQ(f.Show("UNIX_DATE('1970-01-11')"), "10");
}

}  // namespace
}  // namespace riffle
