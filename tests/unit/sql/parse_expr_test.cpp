#include <gtest/gtest.h>

#include "core/sql/parser.h"

namespace riffle {
namespace {

std::string Show(const std::string& text) { return ParseExpression(text)->ToString(); }

TEST(ParseExprTest, Precedence) {
  EXPECT_EQ(Show("a OR b AND c"), "(A OR (B AND C))");
  EXPECT_EQ(Show("a AND b OR c"), "((A AND B) OR C)");
  EXPECT_EQ(Show("NOT a = b"), "(NOT (A = B))");
  EXPECT_EQ(Show("NOT a AND b"), "((NOT A) AND B)");
  EXPECT_EQ(Show("a = b AND c <> d"), "((A = B) AND (C <> D))");
  EXPECT_EQ(Show("a || b + c"), "CONCAT(A, (B + C))");
  EXPECT_EQ(Show("a + b || c = d"), "(CONCAT((A + B), C) = D)");
  EXPECT_EQ(Show("a + b * c"), "(A + (B * C))");
  EXPECT_EQ(Show("a - b - c"), "((A - B) - C)");
  EXPECT_EQ(Show("a * b % c / d"), "(((A * B) % C) / D)");
  EXPECT_EQ(Show("-a * b"), "(-A * B)");
  EXPECT_EQ(Show("- -a"), "- -A");
  EXPECT_EQ(Show("-a->b[1]"), "-A->B[1]");
  EXPECT_EQ(Show("(a + b) * c"), "((A + B) * C)");
  EXPECT_EQ(Show("a != b"), "(A <> B)");
  EXPECT_EQ(Show("a <= b OR a >= c OR a < d OR a > e"),
            "((((A <= B) OR (A >= C)) OR (A < D)) OR (A > E))");
}

TEST(ParseExprTest, Predicates) {
  EXPECT_EQ(Show("a IS NULL"), "(A IS NULL)");
  EXPECT_EQ(Show("a IS NOT NULL AND b"), "((A IS NOT NULL) AND B)");
  EXPECT_EQ(Show("a LIKE 'x%'"), "(A LIKE 'x%')");
  EXPECT_EQ(Show("a NOT LIKE 'x!%' ESCAPE '!'"), "(A NOT LIKE 'x!%' ESCAPE '!')");
  EXPECT_EQ(Show("a IN (1, 2, 3)"), "(A IN (1, 2, 3))");
  EXPECT_EQ(Show("a NOT IN ('x')"), "(A NOT IN ('x'))");
  EXPECT_EQ(Show("a BETWEEN 1 AND 2 AND b"), "((A BETWEEN 1 AND 2) AND B)");
  EXPECT_EQ(Show("a NOT BETWEEN b + 1 AND c"), "(A NOT BETWEEN (B + 1) AND C)");
  auto in = ParseExpression("a NOT IN (1, 2)");
  EXPECT_EQ(in->kind, ExprKind::kIn);
  EXPECT_TRUE(in->negated);
  EXPECT_EQ(in->args.size(), 3u);
  EXPECT_THROW(ParseExpression("a = b = c"), RiffleError);
}

TEST(ParseExprTest, LiteralTyping) {
  auto small = ParseExpression("2147483647");
  EXPECT_EQ(small->kind, ExprKind::kLiteral);
  EXPECT_EQ(small->literal_type->kind, TypeKind::kInt);
  EXPECT_EQ(small->literal.as_int(), 2147483647);
  auto big = ParseExpression("2147483648");
  EXPECT_EQ(big->literal_type->kind, TypeKind::kBigint);
  EXPECT_EQ(big->literal.as_int(), 2147483648LL);
  EXPECT_THROW(ParseExpression("9223372036854775808"), RiffleError);

  auto dec = ParseExpression("12.30");
  EXPECT_EQ(dec->literal_type->kind, TypeKind::kDecimal);
  EXPECT_EQ(dec->literal_type->precision, 4);
  EXPECT_EQ(dec->literal_type->scale, 2);
  EXPECT_TRUE(dec->literal.is_decimal());
  EXPECT_EQ(static_cast<int64_t>(dec->literal.as_decimal().unscaled), 1230);
  auto frac = ParseExpression("0.05");  // ksqlDB: DECIMAL(3, 2), precision at least scale + 1
  EXPECT_EQ(frac->literal_type->precision, 3);
  EXPECT_EQ(frac->literal_type->scale, 2);
  auto one = ParseExpression("1.5");
  EXPECT_EQ(one->literal_type->precision, 2);
  EXPECT_EQ(one->literal_type->scale, 1);

  auto dbl = ParseExpression("1.5E3");
  EXPECT_EQ(dbl->literal_type->kind, TypeKind::kDouble);
  EXPECT_DOUBLE_EQ(dbl->literal.as_double(), 1500.0);
  EXPECT_EQ(dbl->ToString(), "1500.0");
  EXPECT_EQ(Show("1e10"), "1.0E10");
  EXPECT_EQ(Show("2.5e-5"), "2.5E-5");

  auto str = ParseExpression("'it''s'");
  EXPECT_EQ(str->literal_type->kind, TypeKind::kString);
  EXPECT_EQ(str->literal.as_string(), "it's");
  EXPECT_EQ(str->ToString(), "'it''s'");

  auto null = ParseExpression("NULL");
  EXPECT_TRUE(null->literal.is_null());
  EXPECT_EQ(null->literal_type->kind, TypeKind::kNull);
  auto t = ParseExpression("true");
  EXPECT_EQ(t->literal_type->kind, TypeKind::kBoolean);
  EXPECT_TRUE(t->literal.as_bool());
  EXPECT_EQ(Show("FALSE"), "false");
}

TEST(ParseExprTest, CaseAndCast) {
  auto searched = ParseExpression("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  EXPECT_EQ(searched->kind, ExprKind::kCase);
  EXPECT_FALSE(searched->has_operand);
  EXPECT_TRUE(searched->has_else);
  EXPECT_EQ(searched->args.size(), 5u);
  EXPECT_EQ(searched->ToString(),
            "(CASE WHEN (A > 1) THEN 'x' WHEN (A > 0) THEN 'y' ELSE 'z' END)");
  auto simple = ParseExpression("CASE a WHEN 1 THEN 'one' END");
  EXPECT_TRUE(simple->has_operand);
  EXPECT_FALSE(simple->has_else);
  EXPECT_EQ(simple->args.size(), 3u);
  EXPECT_EQ(simple->ToString(), "(CASE A WHEN 1 THEN 'one' END)");

  auto cast = ParseExpression("CAST(a AS DECIMAL(5, 2))");
  EXPECT_EQ(cast->kind, ExprKind::kCast);
  EXPECT_EQ(cast->cast_type->kind, TypeKind::kDecimal);
  EXPECT_EQ(cast->cast_type->precision, 5);
  auto nested = ParseExpression("CAST(x AS ARRAY<MAP<STRING, ARRAY<INT>>>)");
  EXPECT_EQ(nested->cast_type->element->element->element->kind, TypeKind::kInt);
  EXPECT_THROW(ParseExpression("CAST(a AS DECIMAL(50, 2))"), RiffleError);
  EXPECT_THROW(ParseExpression("CAST(a AS DECIMAL(2, 3))"), RiffleError);
}

TEST(ParseExprTest, FunctionsAndConstructors) {
  auto count_star = ParseExpression("COUNT(*)");
  EXPECT_EQ(count_star->kind, ExprKind::kFunction);
  EXPECT_EQ(count_star->name, "COUNT");
  ASSERT_EQ(count_star->args.size(), 1u);
  EXPECT_EQ(count_star->args[0]->kind, ExprKind::kStar);
  auto distinct = ParseExpression("count(DISTINCT x)");
  EXPECT_TRUE(distinct->distinct);
  EXPECT_EQ(distinct->ToString(), "COUNT(DISTINCT X)");
  EXPECT_EQ(Show("now()"), "NOW()");
  EXPECT_EQ(Show("substring(s, 1, 2)"), "SUBSTRING(S, 1, 2)");

  auto array = ParseExpression("ARRAY[1, 2]");
  EXPECT_EQ(array->kind, ExprKind::kArray);
  EXPECT_EQ(array->ToString(), "ARRAY[1, 2]");
  EXPECT_EQ(Show("ARRAY[]"), "ARRAY[]");
  auto map = ParseExpression("MAP('a' := 1, 'b' := 2)");
  EXPECT_EQ(map->kind, ExprKind::kMap);
  EXPECT_EQ(map->args.size(), 4u);
  EXPECT_EQ(map->ToString(), "MAP('a':=1, 'b':=2)");
  auto st = ParseExpression("STRUCT(a := 1, `b` := 'x')");
  EXPECT_EQ(st->kind, ExprKind::kStruct);
  EXPECT_EQ(st->field_names, (std::vector<std::string>{"A", "b"}));
  EXPECT_EQ(st->ToString(), "STRUCT(A:=1, `b`:='x')");
}

TEST(ParseExprTest, Lambdas) {
  auto one = ParseExpression("TRANSFORM(arr, x => x + 1)");
  ASSERT_EQ(one->args.size(), 2u);
  const Expr& lambda = *one->args[1];
  EXPECT_EQ(lambda.kind, ExprKind::kLambda);
  EXPECT_EQ(lambda.lambda_params, (std::vector<std::string>{"X"}));
  EXPECT_EQ(lambda.args[0]->ToString(), "(X + 1)");
  auto two = ParseExpression("REDUCE(arr, 0, (s, x) => s + x)");
  EXPECT_EQ(two->args[2]->lambda_params, (std::vector<std::string>{"S", "X"}));
  EXPECT_EQ(two->ToString(), "REDUCE(ARR, 0, (S, X) => (S + X))");
  // A parenthesised expression that is not followed by => stays an expression.
  auto paren = ParseExpression("ABS((a))");
  EXPECT_EQ(paren->args[0]->kind, ExprKind::kColumnRef);
}

TEST(ParseExprTest, ColumnReferences) {
  auto qualified = ParseExpression("o.id");
  EXPECT_EQ(qualified->kind, ExprKind::kColumnRef);
  EXPECT_EQ(qualified->qualifier, "O");
  EXPECT_EQ(qualified->name, "ID");
  auto quoted = ParseExpression("`o`.`Id`");
  EXPECT_EQ(quoted->qualifier, "o");
  EXPECT_EQ(quoted->name, "Id");
  EXPECT_EQ(quoted->ToString(), "`o`.`Id`");
  EXPECT_EQ(Show("`from`"), "`from`");
  EXPECT_EQ(Show("`FROM`"), "`FROM`");
  // Double quotes are remembered (for the hint that strings take single quotes), only for an
  // unqualified name.
  EXPECT_TRUE(ParseExpression("\"Paid\"")->double_quoted);
  EXPECT_EQ(ParseExpression("\"Paid\"")->name, "Paid");
  EXPECT_FALSE(ParseExpression("`Paid`")->double_quoted);
  EXPECT_FALSE(ParseExpression("paid")->double_quoted);
  EXPECT_FALSE(ParseExpression("o.\"Paid\"")->double_quoted);
  EXPECT_TRUE(ParseExpression("\"Paid\"")->Clone()->double_quoted);
  auto deref = ParseExpression("a->b->c");
  EXPECT_EQ(deref->kind, ExprKind::kDereference);
  EXPECT_EQ(deref->name, "C");
  EXPECT_EQ(deref->args[0]->kind, ExprKind::kDereference);
  auto sub = ParseExpression("m['k'][1]");
  EXPECT_EQ(sub->kind, ExprKind::kSubscript);
  EXPECT_EQ(sub->ToString(), "M['k'][1]");
  EXPECT_EQ(Show("timestamp + date"), "(TIMESTAMP + DATE)");  // type names are not reserved
}

TEST(ParseExprTest, PositionsAndClone) {
  auto e = ParseExpression("a +\n  foo(b)");
  EXPECT_EQ(e->pos.line, 1);
  EXPECT_EQ(e->pos.column, 3);  // the operator
  EXPECT_EQ(e->args[0]->pos.column, 1);
  EXPECT_EQ(e->args[1]->pos.line, 2);
  EXPECT_EQ(e->args[1]->pos.column, 3);
  EXPECT_EQ(e->args[1]->args[0]->pos.column, 7);

  auto original =
      ParseExpression("CASE WHEN x IS NOT NULL THEN CAST(y AS STRING) ELSE z->f END || 'a'");
  ExprPtr copy = original->Clone();
  EXPECT_EQ(copy->ToString(), original->ToString());
  EXPECT_NE(copy->args[0].get(), original->args[0].get());
  EXPECT_EQ(copy->args[0]->has_else, true);
  EXPECT_EQ(copy->args[0]->args[0]->negated, true);
  EXPECT_EQ(copy->pos.column, original->pos.column);
}

TEST(ParseExprTest, OpSymbols) {
  EXPECT_STREQ(OpSymbol(Op::kAdd), "+");
  EXPECT_STREQ(OpSymbol(Op::kNe), "<>");
  EXPECT_STREQ(OpSymbol(Op::kAnd), "AND");
  EXPECT_STREQ(OpSymbol(Op::kConcat), "||");
}

TEST(ParseTypeTest, Grammar) {
  EXPECT_EQ(ParseSqlType("varchar")->kind, TypeKind::kString);
  EXPECT_EQ(ParseSqlType("INTEGER")->kind, TypeKind::kInt);
  EXPECT_EQ(ParseSqlType("STRUCT<>")->fields.size(), 0u);
  EXPECT_EQ(ParseSqlType("STRUCT<a INT, b ARRAY<BYTES>>")->fields[1].type->element->kind,
            TypeKind::kBytes);
  EXPECT_THROW(ParseSqlType("STRUCT<a INT, a INT>"), RiffleError);
  EXPECT_THROW(ParseSqlType("MAP<STRING>"), RiffleError);
  try {
    ParseSqlType("STRNG");
    FAIL();
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.suggestion(), "did you mean STRING?");
  }
}

}  // namespace
}  // namespace riffle
