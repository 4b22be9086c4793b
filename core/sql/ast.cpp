// Expr::Clone, Expr::ToString (ksqlDB's ExpressionFormatter style), OpSymbol,
// PropertyValue::AsString.

#include "core/sql/ast.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/sql/identifier.h"

namespace riffle {
namespace {

// Java's Double.toString, which ksqlDB uses to print DOUBLE literals: plain notation with at
// least one fractional digit for 1e-3 <= |d| < 1e7 ("1500.0"), otherwise "1.5E10".
std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string sci(buf, result.ptr);  // e.g. "-1.5e+03"
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  size_t e_pos = sci.find('e');
  int exponent = std::stoi(sci.substr(e_pos + 1));
  std::string digits;
  for (size_t i = 0; i < e_pos; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  double magnitude = std::fabs(d);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    std::string out;
    if (exponent < 0) {
      out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else {
      size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out = digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out = digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    }
    return sign + out;
  }
  std::string mantissa = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
  return sign + mantissa + "E" + std::to_string(exponent);
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string LiteralToString(const Expr& e) {
  const Value& v = e.literal;
  if (v.is_null()) return "null";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (e.literal_type) {
    switch (e.literal_type->kind) {
      case TypeKind::kString:
        return QuoteString(v.as_string());
      case TypeKind::kInt:
      case TypeKind::kBigint:
        return std::to_string(v.as_int());
      case TypeKind::kDouble:
        return FormatDouble(v.as_double());
      case TypeKind::kDecimal:
        return v.as_decimal().ToString();
      default:
        return QuoteString(ValueToDisplayString(v, *e.literal_type));
    }
  }
  if (v.is_string()) return QuoteString(v.as_string());
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_double()) return FormatDouble(v.as_double());
  if (v.is_decimal()) return v.as_decimal().ToString();
  return "?";
}

}  // namespace

const char* OpSymbol(Op op) {
  switch (op) {
    case Op::kNone:
      return "";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "<>";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kAnd:
      return "AND";
    case Op::kOr:
      return "OR";
    case Op::kNeg:
      return "-";
    case Op::kNot:
      return "NOT";
    case Op::kPlus:
      return "+";
    case Op::kConcat:
      return "||";
    case Op::kIsDistinct:
      return "IS DISTINCT FROM";
    case Op::kIsNotDistinct:
      return "IS NOT DISTINCT FROM";
  }
  return "?";
}

ExprPtr Expr::Clone() const {
  auto copy = std::make_unique<Expr>();
  copy->kind = kind;
  copy->pos = pos;
  copy->op = op;
  copy->height = height;
  copy->name = name;
  copy->qualifier = qualifier;
  copy->double_quoted = double_quoted;
  copy->literal = literal;
  copy->literal_type = literal_type;
  copy->cast_type = cast_type;
  copy->args.reserve(args.size());
  for (const auto& arg : args) copy->args.push_back(arg ? arg->Clone() : nullptr);
  copy->field_names = field_names;
  copy->lambda_params = lambda_params;
  copy->negated = negated;
  copy->distinct = distinct;
  copy->has_operand = has_operand;
  copy->has_else = has_else;
  return copy;
}

namespace {

// Appends the text of `e` to `out`: one string for the whole tree, so printing is linear in
// the text's length and each level of a deep tree costs a small stack frame.
void AppendExpr(const Expr& e, std::string& out);

void AppendArg(const Expr& e, size_t i, std::string& out) {
  if (i < e.args.size()) {
    AppendExpr(*e.args[i], out);
  } else {
    out += '?';
  }
}

void AppendArgs(const Expr& e, size_t from, std::string& out) {
  for (size_t i = from; i < e.args.size(); ++i) {
    if (i > from) out += ", ";
    AppendExpr(*e.args[i], out);
  }
}

void AppendCase(const Expr& e, std::string& out) {
  out += "(CASE";
  size_t i = 0;
  if (e.has_operand) {
    out += ' ';
    AppendArg(e, i++, out);
  }
  size_t pairs_end = e.args.size() - (e.has_else ? 1 : 0);
  for (; i + 1 < pairs_end; i += 2) {
    out += " WHEN ";
    AppendArg(e, i, out);
    out += " THEN ";
    AppendArg(e, i + 1, out);
  }
  if (e.has_else) {
    out += " ELSE ";
    AppendArg(e, e.args.size() - 1, out);
  }
  out += " END)";
}

void AppendUnary(const Expr& e, std::string& out) {
  if (e.op == Op::kNot) {
    out += "(NOT ";
    AppendArg(e, 0, out);
    out += ')';
    return;
  }
  const char sign = e.op == Op::kNeg ? '-' : '+';
  out += sign;
  size_t operand = out.size();
  AppendArg(e, 0, out);
  // "- -1" rather than "--1", which would read back as a comment.
  if (operand < out.size() && out[operand] == sign) out.insert(operand, 1, ' ');
}

void AppendNames(const std::vector<std::string>& names, size_t i, std::string& out) {
  out += i < names.size() ? FormatIdentifier(names[i]) : "?";
}

void AppendExpr(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      out += LiteralToString(e);
      return;
    case ExprKind::kColumnRef:
      if (!e.qualifier.empty()) out += FormatIdentifier(e.qualifier) + ".";
      out += FormatIdentifier(e.name);
      return;
    case ExprKind::kStar:
      if (!e.args.empty()) {
        AppendArg(e, 0, out);
        out += "->*";
      } else {
        out += e.qualifier.empty() ? "*" : FormatIdentifier(e.qualifier) + ".*";
      }
      return;
    case ExprKind::kDereference:
      AppendArg(e, 0, out);
      out += "->";
      out += FormatIdentifier(e.name);
      return;
    case ExprKind::kSubscript:
      AppendArg(e, 0, out);
      out += '[';
      AppendArg(e, 1, out);
      out += ']';
      return;
    case ExprKind::kUnary:
      AppendUnary(e, out);
      return;
    case ExprKind::kBinary:
      out += e.op == Op::kConcat ? "CONCAT(" : "(";
      AppendArg(e, 0, out);
      if (e.op == Op::kConcat) {
        out += ", ";
      } else {
        out += ' ';
        out += OpSymbol(e.op);
        out += ' ';
      }
      AppendArg(e, 1, out);
      out += ')';
      return;
    case ExprKind::kIsNull:
      out += '(';
      AppendArg(e, 0, out);
      out += e.negated ? " IS NOT NULL)" : " IS NULL)";
      return;
    case ExprKind::kLike:
      out += '(';
      AppendArg(e, 0, out);
      out += e.negated ? " NOT LIKE " : " LIKE ";
      AppendArg(e, 1, out);
      if (e.args.size() > 2) {
        out += " ESCAPE ";
        AppendArg(e, 2, out);
      }
      out += ')';
      return;
    case ExprKind::kIn:
      out += '(';
      AppendArg(e, 0, out);
      out += e.negated ? " NOT IN (" : " IN (";
      AppendArgs(e, 1, out);
      out += "))";
      return;
    case ExprKind::kBetween:
      out += '(';
      AppendArg(e, 0, out);
      out += e.negated ? " NOT BETWEEN " : " BETWEEN ";
      AppendArg(e, 1, out);
      out += " AND ";
      AppendArg(e, 2, out);
      out += ')';
      return;
    case ExprKind::kCase:
      AppendCase(e, out);
      return;
    case ExprKind::kCast:
      out += "CAST(";
      AppendArg(e, 0, out);
      out += " AS ";
      out += e.cast_type ? e.cast_type->ToString() : "?";
      out += ')';
      return;
    case ExprKind::kFunction:
      out += e.name;
      out += e.distinct ? "(DISTINCT " : "(";
      AppendArgs(e, 0, out);
      out += ')';
      return;
    case ExprKind::kArray:
      out += "ARRAY[";
      AppendArgs(e, 0, out);
      out += ']';
      return;
    case ExprKind::kMap:
      out += "MAP(";
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        if (i > 0) out += ", ";
        AppendArg(e, i, out);
        out += ":=";
        AppendArg(e, i + 1, out);
      }
      out += ')';
      return;
    case ExprKind::kStruct:
      out += "STRUCT(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) out += ", ";
        AppendNames(e.field_names, i, out);
        out += ":=";
        AppendArg(e, i, out);
      }
      out += ')';
      return;
    case ExprKind::kLambda:
      out += '(';
      for (size_t i = 0; i < e.lambda_params.size(); ++i) {
        if (i > 0) out += ", ";
        AppendNames(e.lambda_params, i, out);
      }
      out += ") => ";
      AppendArg(e, 0, out);
      return;
  }
  out += '?';
}

}  // namespace

std::string Expr::ToString() const {
  std::string out;
  AppendExpr(*this, out);
  return out;
}

std::string PropertyValue::AsString() const {
  if (value.is_null()) return "null";
  if (value.is_string()) return value.as_string();
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int()) return std::to_string(value.as_int());
  if (value.is_double()) return FormatDouble(value.as_double());
  if (value.is_decimal()) return value.as_decimal().ToString();
  if (type) return ValueToDisplayString(value, *type);
  return "";
}

}  // namespace riffle
