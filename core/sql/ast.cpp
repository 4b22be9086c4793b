// Expr::Clone, Expr::ToString (ksqlDB's ExpressionFormatter style), OpSymbol,
// PropertyValue::AsString.

#include "core/sql/ast.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/common/text.h"
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

std::string JoinArgs(const std::vector<ExprPtr>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += args[i]->ToString();
  }
  return out;
}

std::string CaseToString(const Expr& e) {
  std::string out = "(CASE";
  size_t i = 0;
  if (e.has_operand) out += StrCat(" ", e.args[i++]->ToString());
  size_t pairs_end = e.args.size() - (e.has_else ? 1 : 0);
  for (; i + 1 < pairs_end; i += 2) {
    out += StrCat(" WHEN ", e.args[i]->ToString(), " THEN ", e.args[i + 1]->ToString());
  }
  if (e.has_else) out += StrCat(" ELSE ", e.args.back()->ToString());
  return out + " END)";
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
  copy->name = name;
  copy->qualifier = qualifier;
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

std::string Expr::ToString() const {
  auto arg = [this](size_t i) { return i < args.size() ? args[i]->ToString() : "?"; };
  switch (kind) {
    case ExprKind::kLiteral:
      return LiteralToString(*this);
    case ExprKind::kColumnRef:
      return qualifier.empty() ? FormatIdentifier(name)
                               : FormatIdentifier(qualifier) + "." + FormatIdentifier(name);
    case ExprKind::kStar:
      if (!args.empty()) return arg(0) + "->*";
      return qualifier.empty() ? "*" : FormatIdentifier(qualifier) + ".*";
    case ExprKind::kDereference:
      return arg(0) + "->" + FormatIdentifier(name);
    case ExprKind::kSubscript:
      return arg(0) + "[" + arg(1) + "]";
    case ExprKind::kUnary: {
      std::string operand = arg(0);
      if (op == Op::kNot) return "(NOT " + operand + ")";
      std::string sign = op == Op::kNeg ? "-" : "+";
      // "- -1" rather than "--1", which would read back as a comment.
      return sign + (!operand.empty() && operand[0] == sign[0] ? " " : "") + operand;
    }
    case ExprKind::kBinary:
      if (op == Op::kConcat) return StrCat("CONCAT(", arg(0), ", ", arg(1), ")");
      return StrCat("(", arg(0), " ", OpSymbol(op), " ", arg(1), ")");
    case ExprKind::kIsNull:
      return StrCat("(", arg(0), negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::kLike:
      return StrCat("(", arg(0), negated ? " NOT LIKE " : " LIKE ", arg(1),
                    args.size() > 2 ? StrCat(" ESCAPE ", arg(2)) : "", ")");
    case ExprKind::kIn:
      return StrCat("(", arg(0), negated ? " NOT IN (" : " IN (", JoinArgs(args, 1), "))");
    case ExprKind::kBetween:
      return StrCat("(", arg(0), negated ? " NOT BETWEEN " : " BETWEEN ", arg(1), " AND ", arg(2),
                    ")");
    case ExprKind::kCase:
      return CaseToString(*this);
    case ExprKind::kCast:
      return "CAST(" + arg(0) + " AS " + (cast_type ? cast_type->ToString() : "?") + ")";
    case ExprKind::kFunction:
      return name + "(" + (distinct ? "DISTINCT " : "") + JoinArgs(args) + ")";
    case ExprKind::kArray:
      return "ARRAY[" + JoinArgs(args) + "]";
    case ExprKind::kMap: {
      std::string out = "MAP(";
      for (size_t i = 0; i + 1 < args.size(); i += 2) {
        if (i > 0) out += ", ";
        out += args[i]->ToString() + ":=" + args[i + 1]->ToString();
      }
      return out + ")";
    }
    case ExprKind::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ", ";
        std::string field = i < field_names.size() ? FormatIdentifier(field_names[i]) : "?";
        out += field + ":=" + args[i]->ToString();
      }
      return out + ")";
    }
    case ExprKind::kLambda: {
      std::string out = "(";
      for (size_t i = 0; i < lambda_params.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatIdentifier(lambda_params[i]);
      }
      return out + ") => " + arg(0);
    }
  }
  return "?";
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
