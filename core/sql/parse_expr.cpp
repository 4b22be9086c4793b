// Expressions, lowest precedence first:
//   OR < AND < NOT < comparison / IS NULL / LIKE / IN / BETWEEN < || < + - < * / % < unary -
//   < postfix (-> field, [subscript]) < primary.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/common/nesting.h"
#include "core/sql/parser_impl.h"

namespace riffle::sql_internal {
namespace {

struct ComparisonOp {
  const char* symbol;
  Op op;
};
constexpr ComparisonOp kComparisons[] = {{"=", Op::kEq}, {"<>", Op::kNe}, {"!=", Op::kNe},
                                         {"<", Op::kLt}, {"<=", Op::kLe}, {">", Op::kGt},
                                         {">=", Op::kGe}};

// ksqlDB's literal typing for `digits.digits`: DECIMAL with the scale of the fraction and the
// precision of the significant digits (at least scale + 1, as for 0.5 -> DECIMAL(2, 1)).
bool MakeDecimal(const std::string& literal, Decimal& out) {
  std::string int_part;
  std::string frac_part;
  size_t dot = literal.find('.');
  int_part = literal.substr(0, dot);
  if (dot != std::string::npos) frac_part = literal.substr(dot + 1);
  size_t first_nonzero = int_part.find_first_not_of('0');
  int_part = first_nonzero == std::string::npos ? "" : int_part.substr(first_nonzero);
  std::string digits = int_part + frac_part;
  int scale = static_cast<int>(frac_part.size());
  int precision = int_part.empty() ? scale + 1 : static_cast<int>(int_part.size()) + scale;
  if (precision > 38) return false;
  __int128 unscaled = 0;
  for (char c : digits) unscaled = unscaled * 10 + (c - '0');
  out.unscaled = unscaled;
  out.precision = precision;
  out.scale = scale;
  return true;
}

}  // namespace

ExprPtr Parser::MakeExpr(ExprKind kind, const Token& at) const {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->pos = Rel(at);
  return expr;
}

ExprPtr Parser::Binary(Op op, ExprPtr left, ExprPtr right, SourcePos pos) {
  auto expr = std::make_unique<Expr>();
  expr->kind = ExprKind::kBinary;
  expr->op = op;
  expr->pos = pos;
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return Bounded(std::move(expr));
}

ExprPtr Parser::Unary(Op op, ExprPtr operand, SourcePos pos) {
  auto expr = std::make_unique<Expr>();
  expr->kind = ExprKind::kUnary;
  expr->op = op;
  expr->pos = pos;
  expr->args.push_back(std::move(operand));
  return Bounded(std::move(expr));
}

ExprPtr Parser::Bounded(ExprPtr expr) {
  int height = 0;
  for (const ExprPtr& arg : expr->args) height = std::max<int>(height, arg->height);
  if (height >= kMaxNestingDepth) ThrowParse(Abs(expr->pos), NestingMessage("expression"));
  expr->height = static_cast<uint16_t>(height + 1);
  return expr;
}

// Every way an expression nests by recursion passes here (parentheses, arguments, CASE, CAST,
// constructors, subscripts, lambda bodies), or through the guards of ParseNot and ParseUnary.
ExprPtr Parser::ParseExpr() {
  NestingGuard guard(ErrorKind::kParse, "expression", Cur().pos);
  return ParseOr();
}

ExprPtr Parser::ParseOr() {
  ExprPtr left = ParseAnd();
  while (CheckKeyword("OR")) {
    SourcePos pos = RelCur();
    Advance();
    left = Binary(Op::kOr, std::move(left), ParseAnd(), pos);
  }
  return left;
}

ExprPtr Parser::ParseAnd() {
  ExprPtr left = ParseNot();
  while (CheckKeyword("AND")) {
    SourcePos pos = RelCur();
    Advance();
    left = Binary(Op::kAnd, std::move(left), ParseNot(), pos);
  }
  return left;
}

ExprPtr Parser::ParseNot() {
  // Not recorded as an expectation: "expecting an expression" says it better.
  if (Cur().IsKeyword("NOT")) {
    NestingGuard guard(ErrorKind::kParse, "expression", Cur().pos);
    SourcePos pos = RelCur();
    Advance();
    return Unary(Op::kNot, ParseNot(), pos);
  }
  return ParsePredicate();
}

// Expressions nest through ParseExpr ... ParsePrimary and back, eleven frames a level: the
// functions on that path stay small, handing their other work to functions such as
// ParsePredicateAfter that are not on the stack while the operand nests deeper.
ExprPtr Parser::ParsePredicate() { return ParsePredicateAfter(ParseConcat()); }

// One predicate at most, as in ksqlDB: "a = b = c" is a syntax error.
ExprPtr Parser::ParsePredicateAfter(ExprPtr left) {
  for (const auto& cmp : kComparisons) {
    if (CheckOperator(cmp.symbol)) {
      SourcePos pos = RelCur();
      Advance();
      return Binary(cmp.op, std::move(left), ParseConcat(), pos);
    }
  }
  SourcePos pos = RelCur();
  if (TryKeyword("IS")) {
    bool is_not = TryKeyword("NOT");
    if (TryKeyword("DISTINCT")) {
      ExpectKeyword("FROM");
      return Binary(is_not ? Op::kIsNotDistinct : Op::kIsDistinct, std::move(left), ParseConcat(),
                    pos);
    }
    auto expr = std::make_unique<Expr>();
    expr->kind = ExprKind::kIsNull;
    expr->pos = pos;
    expr->negated = is_not;
    ExpectKeyword("NULL");
    expr->args.push_back(std::move(left));
    return Bounded(std::move(expr));
  }
  bool negated = false;
  if (Cur().IsKeyword("NOT") &&
      (Peek(1).IsKeyword("LIKE") || Peek(1).IsKeyword("IN") || Peek(1).IsKeyword("BETWEEN"))) {
    negated = true;
    Advance();
  }
  auto expr = std::make_unique<Expr>();
  expr->pos = pos;
  expr->negated = negated;
  expr->args.push_back(std::move(left));
  if (TryKeyword("LIKE")) {
    expr->kind = ExprKind::kLike;
    expr->args.push_back(ParseConcat());
    if (TryKeyword("ESCAPE")) expr->args.push_back(ParseConcat());
    return Bounded(std::move(expr));
  }
  if (TryKeyword("IN")) {
    expr->kind = ExprKind::kIn;
    ExpectSymbol("(");
    do {
      expr->args.push_back(ParseExpr());
    } while (TrySymbol(","));
    ExpectSymbol(")");
    return Bounded(std::move(expr));
  }
  if (TryKeyword("BETWEEN")) {
    expr->kind = ExprKind::kBetween;
    expr->args.push_back(ParseConcat());
    ExpectKeyword("AND");
    expr->args.push_back(ParseConcat());
    return Bounded(std::move(expr));
  }
  return std::move(expr->args[0]);
}

ExprPtr Parser::ParseConcat() {
  ExprPtr left = ParseAdditive();
  while (CheckOperator("||")) {
    SourcePos pos = RelCur();
    Advance();
    left = Binary(Op::kConcat, std::move(left), ParseAdditive(), pos);
  }
  return left;
}

ExprPtr Parser::ParseAdditive() {
  ExprPtr left = ParseMultiplicative();
  while (true) {
    Op op = Op::kNone;
    if (CheckOperator("+"))
      op = Op::kAdd;
    else if (CheckOperator("-"))
      op = Op::kSub;
    else
      return left;
    SourcePos pos = RelCur();
    Advance();
    left = Binary(op, std::move(left), ParseMultiplicative(), pos);
  }
}

ExprPtr Parser::ParseMultiplicative() {
  ExprPtr left = ParseUnary();
  while (true) {
    Op op = Op::kNone;
    if (CheckOperator("*"))
      op = Op::kMul;
    else if (CheckOperator("/"))
      op = Op::kDiv;
    else if (CheckOperator("%"))
      op = Op::kMod;
    else
      return left;
    SourcePos pos = RelCur();
    Advance();
    left = Binary(op, std::move(left), ParseUnary(), pos);
  }
}

ExprPtr Parser::ParseUnary() {
  // Operand starts are tested without recording expectations: a failure here reports
  // "expecting an expression" rather than every token that may start one.
  SourcePos pos = RelCur();
  if (Cur().IsSymbol("-") || Cur().IsSymbol("+")) {
    NestingGuard guard(ErrorKind::kParse, "expression", Cur().pos);
    Op op = Cur().IsSymbol("-") ? Op::kNeg : Op::kPlus;
    Advance();
    // ksqlDB's number literals carry their sign: -9223372036854775808 is a BIGINT, and an
    // out-of-range literal is reported with its minus.
    if (op == Op::kNeg && (Cur().kind == TokenKind::kInteger || Cur().kind == TokenKind::kDouble)) {
      if (ExprPtr negative = ParseNegativeLiteralEdge(pos)) return negative;
    }
    return Unary(op, ParseUnary(), pos);
  }
  return ParsePostfix();
}

ExprPtr Parser::ParsePostfix() { return ParsePostfixAfter(ParsePrimary()); }

ExprPtr Parser::ParsePostfixAfter(ExprPtr base) {
  while (true) {
    const Token& at = Cur();
    if (CheckOperator("->")) {
      Advance();
      if (Cur().IsSymbol("*")) {
        // `struct->*`: every field of a struct, allowed only as a whole select item.
        ExprPtr star = MakeExpr(ExprKind::kStar, at);
        star->args.push_back(std::move(base));
        struct_stars_.push_back(index_);
        Advance();
        return Bounded(std::move(star));
      }
      ExprPtr deref = MakeExpr(ExprKind::kDereference, at);
      deref->name = ExpectIdentifier("a field name");
      deref->args.push_back(std::move(base));
      base = Bounded(std::move(deref));
    } else if (CheckOperator("[")) {
      Advance();
      ExprPtr subscript = MakeExpr(ExprKind::kSubscript, at);
      subscript->args.push_back(std::move(base));
      subscript->args.push_back(ParseExpr());
      ExpectSymbol("]");
      base = Bounded(std::move(subscript));
    } else {
      return base;
    }
  }
}

ExprPtr Parser::ParseNegativeLiteralEdge(SourcePos pos) {
  const Token& t = Cur();
  const std::string text = "-" + t.text;
  if (t.kind == TokenKind::kInteger) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      FailAt(t, "Invalid numeric literal: " + text, "it is out of the BIGINT range");
    }
    if (value != INT64_MIN) return nullptr;  // negated like any other expression
    ExprPtr literal = MakeLiteral(Value::Int(value), Type::Bigint(), pos);
    Advance();
    return literal;
  }
  if (!std::isfinite(std::strtod(text.c_str(), nullptr))) {
    FailAt(t, "Number overflows DOUBLE: " + text);
  }
  return nullptr;
}

ExprPtr Parser::ParseLiteral() {
  const Token& t = Cur();
  SourcePos pos = RelCur();
  ExprPtr literal;
  switch (t.kind) {
    case TokenKind::kString:
      literal = MakeLiteral(Value::String(t.text), Type::String(), pos);
      break;
    case TokenKind::kInteger: {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
      if (ec != std::errc() || end != t.text.data() + t.text.size()) {
        FailAt(t, "Invalid numeric literal: " + t.text, "it is out of the BIGINT range");
      }
      bool fits_int = value <= 2147483647;
      literal = MakeLiteral(Value::Int(value), fits_int ? Type::Int() : Type::Bigint(), pos);
      break;
    }
    case TokenKind::kDecimal: {
      Decimal decimal;
      if (!MakeDecimal(t.text, decimal)) {
        FailAt(t, "invalid numeric literal: " + t.text + " has more than 38 digits");
      }
      literal =
          MakeLiteral(Value::Dec(decimal), Type::Decimal(decimal.precision, decimal.scale), pos);
      break;
    }
    case TokenKind::kDouble: {
      char* end = nullptr;
      double value = std::strtod(t.text.c_str(), &end);
      if (!std::isfinite(value)) FailAt(t, "Number overflows DOUBLE: " + t.text);
      literal = MakeLiteral(Value::Double(value), Type::Double(), pos);
      break;
    }
    case TokenKind::kIdentifier:
      if (t.text == "NULL") literal = MakeLiteral(Value::Null(), Type::Null(), pos);
      if (t.text == "TRUE") literal = MakeLiteral(Value::Bool(true), Type::Boolean(), pos);
      if (t.text == "FALSE") literal = MakeLiteral(Value::Bool(false), Type::Boolean(), pos);
      break;
    default:
      break;
  }
  if (literal) Advance();
  return literal;
}

ExprPtr Parser::ParsePrimary() {
  const Token& t = Cur();
  if (ExprPtr literal = ParseLiteral()) return literal;
  if (t.IsSymbol("(")) return ParseParenthesized();
  if (t.IsKeyword("CASE")) return ParseCase();
  if (t.IsKeyword("CAST")) return ParseCast();
  if (t.IsKeyword("ARRAY") && Peek(1).IsSymbol("[")) return ParseArrayConstructor();
  if ((t.IsKeyword("MAP") || t.IsKeyword("STRUCT")) && Peek(1).IsSymbol("(")) {
    return ParseMapOrStructConstructor();
  }
  if (CheckIdentifier()) {
    if (t.kind == TokenKind::kIdentifier && Peek(1).IsSymbol("(")) return ParseFunctionCall();
    return ParseColumnRef();
  }
  FailExpectingExpression();
}

void Parser::FailExpectingExpression() {
  Note("an expression");
  Fail();
}

ExprPtr Parser::ParseParenthesized() {
  Advance();
  ExprPtr inner = ParseExpr();
  ExpectSymbol(")");
  return inner;
}

ExprPtr Parser::ParseCast() {
  ExprPtr cast = MakeExpr(ExprKind::kCast, Cur());
  Advance();
  ExpectSymbol("(");
  cast->args.push_back(ParseExpr());
  ExpectKeyword("AS");
  cast->cast_type = ParseType();
  ExpectSymbol(")");
  return Bounded(std::move(cast));
}

ExprPtr Parser::ParseArrayConstructor() {
  ExprPtr array = MakeExpr(ExprKind::kArray, Cur());
  Advance();
  Advance();
  if (!TrySymbol("]")) {
    do {
      array->args.push_back(ParseExpr());
    } while (TrySymbol(","));
    ExpectSymbol("]");
  }
  return Bounded(std::move(array));
}

ExprPtr Parser::ParseMapOrStructConstructor() {
  const bool is_map = Cur().IsKeyword("MAP");
  ExprPtr ctor = MakeExpr(is_map ? ExprKind::kMap : ExprKind::kStruct, Cur());
  Advance();
  Advance();
  if (!TrySymbol(")")) {
    do {
      if (is_map) {
        ctor->args.push_back(ParseExpr());
      } else {
        ctor->field_names.push_back(ExpectIdentifier("a field name"));
      }
      ExpectSymbol(":=");
      ctor->args.push_back(ParseExpr());
    } while (TrySymbol(","));
    ExpectSymbol(")");
  }
  return Bounded(std::move(ctor));
}

bool Parser::IsDoubleQuoted(const Token& t) const {
  return t.kind == TokenKind::kQuotedIdentifier && t.offset < text_.size() && text_[t.offset] == '"';
}

ExprPtr Parser::ParseColumnRef() {
  const Token& t = Cur();
  ExprPtr column = MakeExpr(ExprKind::kColumnRef, t);
  column->name = t.text;
  column->double_quoted = IsDoubleQuoted(t);
  Advance();
  if (Cur().IsSymbol(".") &&
      (Peek(1).kind == TokenKind::kIdentifier || Peek(1).kind == TokenKind::kQuotedIdentifier)) {
    Advance();
    column->qualifier = std::move(column->name);
    // "t"."x" names a column for sure: no string was meant.
    column->double_quoted = false;
    column->name = ExpectIdentifier("a column name");
  }
  return column;
}

ExprPtr Parser::ParseCase() {
  ExprPtr expr = MakeExpr(ExprKind::kCase, Cur());
  ExpectKeyword("CASE");
  if (!CheckKeyword("WHEN")) {
    expr->has_operand = true;
    expr->args.push_back(ParseExpr());
  }
  ExpectKeyword("WHEN");
  do {
    expr->args.push_back(ParseExpr());
    ExpectKeyword("THEN");
    expr->args.push_back(ParseExpr());
  } while (TryKeyword("WHEN"));
  if (TryKeyword("ELSE")) {
    expr->has_else = true;
    expr->args.push_back(ParseExpr());
  }
  ExpectKeyword("END");
  return Bounded(std::move(expr));
}

ExprPtr Parser::ParseFunctionCall() {
  ExprPtr call = MakeExpr(ExprKind::kFunction, Cur());
  call->name = Cur().text;
  Advance();
  ExpectSymbol("(");
  if (TrySymbol(")")) return call;
  if (Cur().IsSymbol("*") && Peek(1).IsSymbol(")")) {
    call->args.push_back(MakeExpr(ExprKind::kStar, Cur()));
    Advance();
    Advance();
    return Bounded(std::move(call));
  }
  call->distinct = TryKeyword("DISTINCT");
  do {
    call->args.push_back(ParseFunctionArg());
  } while (TrySymbol(","));
  ExpectSymbol(")");
  return Bounded(std::move(call));
}

ExprPtr Parser::ParseFunctionArg() {
  if (AtLambda()) return ParseLambda();
  return ParseExpr();
}

// `x =>` or `(x, y) =>` starts a lambda.
bool Parser::AtLambda() const {
  auto is_name = [](const Token& t) {
    return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier;
  };
  if (is_name(Cur())) return Peek(1).IsSymbol("=>");
  if (!Cur().IsSymbol("(")) return false;
  size_t i = 1;
  while (true) {
    if (!is_name(Peek(i))) return false;
    ++i;
    if (Peek(i).IsSymbol(")")) return Peek(i + 1).IsSymbol("=>");
    if (!Peek(i).IsSymbol(",")) return false;
    ++i;
  }
}

ExprPtr Parser::ParseLambda() {
  ExprPtr lambda = MakeExpr(ExprKind::kLambda, Cur());
  if (TrySymbol("(")) {
    do {
      lambda->lambda_params.push_back(ExpectIdentifier("a lambda parameter"));
    } while (TrySymbol(","));
    ExpectSymbol(")");
  } else {
    lambda->lambda_params.push_back(ExpectIdentifier("a lambda parameter"));
  }
  ExpectSymbol("=>");
  lambda->args.push_back(ParseExpr());
  return Bounded(std::move(lambda));
}

}  // namespace riffle::sql_internal
