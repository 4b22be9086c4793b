// Name resolution, typing rules and bind-time errors.

#include "core/expr/function_registry.h"
#include "core/expr/scope.h"
#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

class BinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f.Column("I", Type::Int(), {Value::Int(1)});
    f.Column("B", Type::Bigint(), {Value::Int(2)});
    f.Column("D", Type::Double(), {Value::Double(1.5)});
    f.Column("DEC", Type::Decimal(4, 2), {Value::Dec(Decimal::Parse("1.25"))});
    f.Column("S", Type::String(), {Value::String("abc")});
    f.Column("FLAG", Type::Boolean(), {Value::Bool(true)});
    f.Column("ARR", Type::Array(Type::Int()), {Value::List({Value::Int(7), Value::Int(8)})});
    f.Column("M", Type::Map(Type::String(), Type::Int()),
             {Value::Map({{Value::String("k"), Value::Int(5)}})});
    f.Column("ST", Type::Struct({{"NAME", Type::String()}, {"AGE", Type::Int()}}),
             {Value::List({Value::String("ann"), Value::Int(40)})});
    f.Column("TS", Type::Timestamp(), {Value::Int(0)});
  }
  ExprFixture f;
};

TEST_F(BinderTest, ArithmeticTypes) {
  EXPECT_EQ(f.TypeName("I + I"), "INTEGER");
  EXPECT_EQ(f.TypeName("I + B"), "BIGINT");
  EXPECT_EQ(f.TypeName("B * D"), "DOUBLE");
  EXPECT_EQ(f.TypeName("DEC + D"), "DOUBLE");
  // ksqlDB: DECIMAL(4,2) + DECIMAL(4,2) -> DECIMAL(5,2); INT widens to DECIMAL(10,0).
  EXPECT_EQ(f.TypeName("DEC + DEC"), "DECIMAL(5, 2)");
  EXPECT_EQ(f.TypeName("DEC + I"), "DECIMAL(13, 2)");
  EXPECT_EQ(f.TypeName("DEC * DEC"), "DECIMAL(9, 4)");
  EXPECT_EQ(f.TypeName("DEC / DEC"), "DECIMAL(11, 7)");
  EXPECT_EQ(f.TypeName("DEC % DEC"), "DECIMAL(4, 2)");
  EXPECT_EQ(f.TypeName("S + 'x'"), "STRING");
  EXPECT_EQ(f.TypeName("-I"), "INTEGER");
}

TEST_F(BinderTest, OtherTypes) {
  EXPECT_EQ(f.TypeName("I = B"), "BOOLEAN");
  EXPECT_EQ(f.TypeName("ARR[1]"), "INTEGER");
  EXPECT_EQ(f.TypeName("M['k']"), "INTEGER");
  EXPECT_EQ(f.TypeName("ST->NAME"), "STRING");
  EXPECT_EQ(f.TypeName("CAST(I AS DECIMAL(5, 1))"), "DECIMAL(5, 1)");
  EXPECT_EQ(f.TypeName("CASE WHEN FLAG THEN I ELSE CAST(D AS INT) END"), "INTEGER");
  EXPECT_EQ(f.TypeName("ARRAY[1, 2.5e0]"), "ARRAY<DOUBLE>");
  EXPECT_EQ(f.TypeName("MAP('a' := 1)"), "MAP<STRING, INTEGER>");
  EXPECT_EQ(f.TypeName("STRUCT(X := 1, Y := 'b')"), "STRUCT<`X` INTEGER, `Y` STRING>");
  EXPECT_EQ(f.TypeName("ROWTIME"), "BIGINT");
  EXPECT_EQ(f.TypeName("ROWPARTITION"), "INTEGER");
  EXPECT_EQ(f.TypeName("COALESCE(CAST(I AS BIGINT), B)"), "BIGINT");
}

TEST_F(BinderTest, ColumnLookupIsExactThenCaseInsensitiveAndQualified) {
  EXPECT_EQ(f.Bind("s")->ColumnIndex(), 4);
  EXPECT_EQ(f.Bind("T.S")->ColumnIndex(), 4);
  EXPECT_EQ(f.Show("`S`"), "abc");
}

TEST_F(BinderTest, UnknownColumnSuggests) {
  RiffleError e = f.BindError("I + NAMEE");
  EXPECT_EQ(e.kind(), ErrorKind::kBind);
  EXPECT_EQ(e.pos().line, 1);
  EXPECT_EQ(e.pos().column, 5);
  EXPECT_NE(e.message().find("NAMEE"), std::string::npos);
  RiffleError e2 = f.BindError("FLAGG");
  EXPECT_EQ(e2.suggestion(), "did you mean FLAG?");
  RiffleError e3 = f.BindError("X.I");
  EXPECT_EQ(e3.kind(), ErrorKind::kBind);
}

TEST_F(BinderTest, DoubleQuotedUnknownNameSaysStringsTakeSingleQuotes) {
  // ksqlDB reads "PAID" as an identifier; the user most likely meant the string 'PAID'.
  RiffleError e = f.BindError("S = \"PAID\"");
  EXPECT_EQ(e.kind(), ErrorKind::kBind);
  EXPECT_EQ(e.pos().column, 5);
  EXPECT_NE(e.message().find("'PAID' cannot be resolved"), std::string::npos);
  EXPECT_EQ(e.suggestion(),
            "double quotes name a column or source (\"PAID\" is an identifier); a string "
            "literal takes single quotes: 'PAID'");
  // A near miss keeps "did you mean" first; a quote inside is doubled in the literal.
  EXPECT_EQ(f.BindError("\"FLAGG\"").suggestion().rfind("did you mean FLAG? Otherwise: ", 0), 0u);
  EXPECT_NE(f.BindError("\"it's\"").suggestion().find("'it''s'"), std::string::npos);
  // Back quotes and qualified names are identifiers beyond doubt.
  EXPECT_EQ(f.BindError("`PAID`").suggestion(), "");
  EXPECT_EQ(f.BindError("T.\"PAID\"").suggestion(), "");
}

TEST(ScopeTest, AmbiguousColumnInJoin) {
  Scope scope;
  scope.AddColumn("L", "ID", Type::Int(), 0);
  scope.AddColumn("R", "ID", Type::Int(), 1);
  EXPECT_THROW(scope.Resolve("", "ID", {1, 1}), RiffleError);
  EXPECT_EQ(scope.Resolve("R", "ID", {1, 1})->index, 1);
  EXPECT_EQ(scope.Resolve("l", "id", {1, 1})->index, 0);
}

TEST(ScopeTest, QualifierSynonyms) {
  Scope scope;
  scope.AddColumn("O", "ID", Type::Int(), 0);
  scope.AddQualifierSynonym("O", "ORDERS");
  EXPECT_EQ(scope.Resolve("ORDERS", "ID", {1, 1})->index, 0);
  EXPECT_EQ(scope.Resolve("orders", "ID", {1, 1})->index, 0);
  EXPECT_EQ(scope.ResolvePseudo("ORDERS", "ROWTIME"), PseudoColumn::kRowtime);
  EXPECT_THROW(scope.Resolve("OTHER", "ID", {1, 1}), RiffleError);
}

TEST(ScopeTest, PseudoColumnsCanBeDisabledOrShadowed) {
  Scope scope;
  scope.AddColumn("", "X", Type::Int(), 0);
  EXPECT_EQ(scope.ResolvePseudo("", "rowtime"), PseudoColumn::kRowtime);
  scope.set_allow_pseudo_columns(false);
  EXPECT_EQ(scope.ResolvePseudo("", "ROWTIME"), PseudoColumn::kNone);
  EXPECT_THROW(scope.Resolve("", "ROWTIME", {}), RiffleError);
  Scope shadow;
  shadow.AddColumn("", "ROWTIME", Type::Timestamp(), 0);
  EXPECT_EQ(shadow.ResolvePseudo("", "ROWTIME"), PseudoColumn::kNone);
}

TEST_F(BinderTest, TypeErrorsCarryPositions) {
  RiffleError e = f.BindError("S + I");
  EXPECT_EQ(e.kind(), ErrorKind::kType);
  EXPECT_NE(e.message().find("Unsupported arithmetic types. STRING INTEGER"), std::string::npos);
  RiffleError c = f.BindError("I = S");
  EXPECT_EQ(c.kind(), ErrorKind::kType);
  EXPECT_NE(c.message().find("Cannot compare I (INTEGER) to S (STRING) with EQUAL"),
            std::string::npos)
      << c.message();
  RiffleError a = f.BindError("ARR < ARR");
  EXPECT_NE(a.message().find("with LESS_THAN"), std::string::npos);
  EXPECT_EQ(f.BindError("NULL = NULL").message().find("Comparison with NULL not supported"), 0u);
  EXPECT_EQ(f.BindError("I AND FLAG").kind(), ErrorKind::kType);
  EXPECT_EQ(f.BindError("NOT S").kind(), ErrorKind::kType);
  EXPECT_EQ(f.BindError("CAST(S AS ARRAY<INT>)").message(),
            "Cast of STRING to ARRAY<INTEGER> is not supported");
  EXPECT_EQ(f.BindError("ST->NOPE").kind(), ErrorKind::kBind);
  EXPECT_EQ(f.BindError("I->X").kind(), ErrorKind::kType);
  EXPECT_EQ(f.BindError("CASE WHEN FLAG THEN NULL ELSE NULL END").message(),
            "Invalid Case expression. All case branches have NULL type");
  EXPECT_EQ(f.BindError("CASE WHEN FLAG THEN 1 ELSE 'a' END").kind(), ErrorKind::kType);
  EXPECT_EQ(f.BindError("S LIKE 1").kind(), ErrorKind::kType);
  EXPECT_EQ(f.BindError("ARRAY[1, 'a']").kind(), ErrorKind::kType);
}

TEST_F(BinderTest, FunctionErrors) {
  RiffleError agg = f.BindError("SUM(I)");
  EXPECT_EQ(agg.kind(), ErrorKind::kBind);
  EXPECT_NE(agg.message().find("Aggregate function SUM"), std::string::npos);
  RiffleError unknown = f.BindError("UCAS(S)");
  EXPECT_EQ(unknown.kind(), ErrorKind::kBind);
  EXPECT_EQ(unknown.suggestion(), "did you mean UCASE?");
  RiffleError args = f.BindError("COALESCE()");
  EXPECT_EQ(args.message(), "Function 'COALESCE' does not accept parameters ().");
  EXPECT_EQ(f.BindError("LEN(I)").kind(), ErrorKind::kType);
}

TEST_F(BinderTest, HugeUnknownNamesAreReportedWithoutSuggestionAtOnce) {
  // "did you mean" computed an edit distance between a 1 MB name and every function's name:
  // 50 s. Names past 256 characters get no suggestion; others are compared only when their
  // lengths are close enough.
  std::string name(1 << 20, 'F');
  RiffleError e = f.BindError(name + "(1)");
  EXPECT_EQ(e.kind(), ErrorKind::kBind);
  EXPECT_EQ(e.suggestion(), "SHOW FUNCTIONS lists them");  // no "did you mean" computed
  EXPECT_EQ(f.BindError(std::string(1 << 20, 'C')).suggestion(), "");
  EXPECT_EQ(f.BindError("UCAS(S)").suggestion(), "did you mean UCASE?");
  EXPECT_EQ(ClosestMatch("TIMESTAMPTOSTRNG", {"ABS", "TIMESTAMPTOSTRING", "X"}),
            "TIMESTAMPTOSTRING");
}

TEST_F(BinderTest, ConstantFolding) {
  auto e = f.Bind("12 * 4 + 2");
  ASSERT_NE(e->literal_value(), nullptr);
  EXPECT_EQ(e->literal_value()->as_int(), 50);
  EXPECT_EQ(f.Bind("I + 1")->literal_value(), nullptr);
  // A failing constant stays unfolded so the failure is counted per row.
  EXPECT_EQ(f.Bind("1 / 0")->literal_value(), nullptr);
  EXPECT_EQ(f.Bind("RANDOM()")->literal_value(), nullptr);
}

TEST_F(BinderTest, ExpressionColumnsResolveWholeSubtrees) {
  f.scope().AddExpressionColumn("(I + 1)", Type::Int(), 1);  // read column B instead
  EXPECT_EQ(f.Bind("I + 1")->ColumnIndex(), 1);
  EXPECT_EQ(f.Show("(I + 1) * 10"), "20");
}

TEST(EvaluateConstantTest, InsertValuesStyle) {
  EvalContext ctx;
  TypePtr t;
  Value v = EvaluateConstant(*ParseExpression("CAST('12.345' AS DECIMAL(4, 2))"), ctx, &t);
  EXPECT_EQ(t->ToString(), "DECIMAL(4, 2)");
  EXPECT_EQ(v.as_decimal().ToString(), "12.35");
  EXPECT_THROW(EvaluateConstant(*ParseExpression("X + 1"), ctx), RiffleError);
}

TEST(FunctionRegistryTest, ListsAndDescribes) {
  const auto& r = FunctionRegistry::Get();
  ASSERT_NE(r.Find("substring"), nullptr);
  EXPECT_EQ(r.Find("substring")->category, "STRING");
  EXPECT_FALSE(r.Find("SUBSTRING")->description.empty());
  auto all = r.All();
  EXPECT_GT(all.size(), 60u);
  EXPECT_TRUE(
      std::is_sorted(all.begin(), all.end(), [](auto* a, auto* b) { return a->name < b->name; }));
  EXPECT_TRUE(IsAggregateFunctionName("count"));
  EXPECT_FALSE(IsAggregateFunctionName("LEN"));
}

}  // namespace
}  // namespace riffle
