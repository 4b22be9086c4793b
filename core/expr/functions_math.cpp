// Mathematical functions: ABS, CEIL, FLOOR, ROUND, TRUNC, SQRT, CBRT, EXP, LN, LOG, POWER, SIGN,
// RANDOM, GREATEST, LEAST, PI and trigonometry.

#include <cmath>

#include "core/expr/coercion.h"
#include "core/expr/comparator.h"
#include "core/expr/decimal_math.h"
#include "core/expr/functions_util.h"

namespace riffle {
namespace {

using fn::Arity;

__int128 Pow10(int n) {
  __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// ---- resolvers ----

// One numeric argument, result of the same type.
TypePtr ResolveSameNumeric(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIsNumeric(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::Int());
  return a[0];
}

// Numeric arguments converted to DOUBLE, DOUBLE result.
TypePtr ResolveDoubleN(const std::string& name, std::vector<TypePtr>& a, SourcePos pos, size_t n) {
  Arity(name, a, n, n, pos);
  for (auto& t : a) {
    if (!ArgIsNumeric(t)) ThrowNoSignature(name, a, pos);
    t = Type::Double();
  }
  return Type::Double();
}
TypePtr ResolveDouble1(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveDoubleN(name, a, pos, 1);
}
TypePtr ResolveDouble2(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveDoubleN(name, a, pos, 2);
}
TypePtr ResolveLog(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 2, pos);
  return ResolveDoubleN(name, a, pos, a.size());
}
TypePtr ResolveNoArgsDouble(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 0, 0, pos);
  return Type::Double();
}

TypePtr ResolveSign(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIsNumeric(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::Double());
  return Type::Int();
}

// ROUND(x): INT/BIGINT unchanged, DOUBLE -> BIGINT, DECIMAL(p, s) -> DECIMAL(p - s + 1, 0).
// ROUND(x, n): same type as x (INT/BIGINT/DOUBLE/DECIMAL).
TypePtr ResolveRound(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 2, pos);
  if (!ArgIsNumeric(a[0]) || (a.size() == 2 && !ArgIsIntegral(a[1]))) {
    ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, a[0]->kind == TypeKind::kNull ? Type::Double() : Type::Int());
  if (a.size() == 2) return a[0];
  switch (a[0]->kind) {
    case TypeKind::kDouble:
      return Type::Bigint();
    case TypeKind::kDecimal:
      return Type::Decimal(std::max(1, a[0]->precision - a[0]->scale), 0);  // as ksqlDB declares it
    default:
      return a[0];
  }
}

// CEIL/FLOOR/TRUNC keep the argument's type.
TypePtr ResolveCeilFloor(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveSameNumeric(name, a, pos);
}

// GREATEST / LEAST: one overload per comparable type, every argument of that type; different
// numeric types are ambiguous in ksqlDB (CAST them), a STRING converts to a temporal or BYTES.
TypePtr ResolveGreatest(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.empty()) ThrowNoSignature(name, a, pos);
  const TypeKind k = PickUniformOverload(
      name, a,
      {TypeKind::kInt, TypeKind::kBigint, TypeKind::kDouble, TypeKind::kString, TypeKind::kBytes,
       TypeKind::kDate, TypeKind::kTime, TypeKind::kTimestamp, TypeKind::kDecimal},
      pos);
  TypePtr t = k == TypeKind::kDecimal ? nullptr : Type::Of(k);
  if (!t) {
    for (const TypePtr& x : a) {
      if (x->kind == TypeKind::kNull) continue;
      t = t ? WidenDecimal(*t, *x) : x;
    }
  }
  for (auto& x : a) x = t;
  return t;
}

// ---- implementations ----

Value Abs(const Value* const* a, size_t, const FnCall& call, EvalContext&) {
  const Value& v = *a[0];
  if (v.is_double()) return Value::Double(std::fabs(v.as_double()));
  if (v.is_decimal()) {
    Decimal d = v.as_decimal();
    if (d.unscaled < 0) d.unscaled = -d.unscaled;
    return Value::Dec(d);
  }
  int64_t x = v.as_int();
  uint64_t u = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
  int64_t r = static_cast<int64_t>(u);
  if (call.return_type->kind == TypeKind::kInt) r = static_cast<int32_t>(static_cast<uint32_t>(r));
  return Value::Int(r);
}

// Rounds a decimal to `places` (may be negative) with `mode`: 0 ROUND's ties-toward-positive-
// infinity (ksqlDB: HALF_UP for positive values, HALF_DOWN for negative ones, like Math.round),
// 1 CEILING, 2 FLOOR, 3 DOWN (toward zero); the result keeps scale `keep_scale`.
Decimal RoundDecimal(const Decimal& d, int places, int mode, int keep_scale) {
  Decimal r = d;
  int drop = d.scale - places;
  if (drop > 0) {
    if (drop > 38) {
      r.unscaled = 0;
    } else {
      __int128 p = Pow10(drop);
      __int128 q = d.unscaled / p, rem = d.unscaled % p;
      if (rem != 0) {
        switch (mode) {
          case 0: {
            __int128 arem = rem < 0 ? -rem : rem;
            if (arem * 2 > p || (arem * 2 == p && d.unscaled > 0)) q += d.unscaled < 0 ? -1 : 1;
            break;
          }
          case 1:
            if (rem > 0) ++q;
            break;
          case 2:
            if (rem < 0) --q;
            break;
          default:
            break;
        }
      }
      r.unscaled = q;
    }
    r.scale = places;
  }
  // Back to the wanted scale (exact: only adds zeros or drops already-zero digits).
  if (keep_scale >= r.scale) {
    r.unscaled *= Pow10(std::min(38, keep_scale - r.scale));
  } else {
    r.unscaled /= Pow10(std::min(38, r.scale - keep_scale));
  }
  r.scale = keep_scale;
  return r;
}

// Java's Math.round: floor(x + 0.5), saturating.
int64_t JavaRound(double x) {
  if (std::isnan(x)) return 0;
  double f = std::floor(x + 0.5);
  if (f >= 9.2233720368547758e18) return INT64_MAX;
  if (f <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<int64_t>(f);
}

double RoundDouble(double x, int64_t places, int mode = 0) {
  if (!std::isfinite(x)) return x;
  // BigDecimal.valueOf(x).setScale(places, HALF_UP).doubleValue(), via the shortest decimal.
  Decimal d;
  try {
    d = Decimal::Parse(DoubleToString(x));
  } catch (const RiffleError&) {
    return x;  // beyond 38 digits: already integral at any scale we could round to
  }
  int p = static_cast<int>(std::max<int64_t>(-38, std::min<int64_t>(places, 38)));
  Decimal r = RoundDecimal(d, p, mode, std::max(p, 0));
  return r.ToDouble();
}

int64_t RoundInt(int64_t v, int64_t places) {
  if (places >= 0) return v;
  if (places < -18) return 0;
  int64_t p = 1;
  for (int64_t i = 0; i < -places; ++i) p *= 10;
  int64_t q = v / p, rem = v % p;
  int64_t arem = rem < 0 ? -rem : rem;
  if (arem * 2 > p || (arem * 2 == p && v > 0)) q += v < 0 ? -1 : 1;  // ties toward +infinity
  return q * p;
}

Value Round(const Value* const* a, size_t n, const FnCall& call, EvalContext&) {
  const Value& v = *a[0];
  const int64_t places = n > 1 ? a[1]->as_int() : 0;
  if (v.is_double()) {
    if (n == 1) return Value::Int(JavaRound(v.as_double()));
    return Value::Double(RoundDouble(v.as_double(), places));
  }
  if (v.is_decimal()) {
    const Decimal& d = v.as_decimal();
    int p = static_cast<int>(std::max<int64_t>(-38, std::min<int64_t>(places, 38)));
    Decimal r = RoundDecimal(d, p, 0, call.return_type->scale);
    r.precision = call.return_type->precision;
    return Value::Dec(r);
  }
  return Value::Int(RoundInt(v.as_int(), places));
}

Value CeilFloor(const Value& v, int mode) {
  if (v.is_double()) {
    return Value::Double(mode == 1 ? std::ceil(v.as_double()) : std::floor(v.as_double()));
  }
  if (v.is_decimal())
    return Value::Dec(RoundDecimal(v.as_decimal(), 0, mode, v.as_decimal().scale));
  return v;
}
Value Ceil(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return CeilFloor(*a[0], 1);
}
Value Floor(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return CeilFloor(*a[0], 2);
}
// TRUNC has ROUND's signatures (DOUBLE -> BIGINT, DOUBLE with places -> DOUBLE) and drops
// digits toward zero.
Value Trunc(const Value* const* a, size_t n, const FnCall& call, EvalContext&) {
  const Value& v = *a[0];
  const int64_t places = n > 1 ? a[1]->as_int() : 0;
  if (v.is_double()) {
    if (n == 1) {
      double t = std::trunc(v.as_double());
      if (std::isnan(t)) return Value::Int(0);
      if (t >= 9.2233720368547758e18) return Value::Int(INT64_MAX);
      if (t <= -9.2233720368547758e18) return Value::Int(INT64_MIN);
      return Value::Int(static_cast<int64_t>(t));
    }
    return Value::Double(RoundDouble(v.as_double(), places, 3));
  }
  if (v.is_decimal()) {
    int p = static_cast<int>(std::max<int64_t>(-38, std::min<int64_t>(places, 38)));
    Decimal r = RoundDecimal(v.as_decimal(), p, 3, call.return_type->scale);
    r.precision = call.return_type->precision;
    return Value::Dec(r);
  }
  if (places >= 0) return v;
  if (places < -18) return Value::Int(0);
  int64_t m = 1;
  for (int64_t i = 0; i < -places; ++i) m *= 10;
  return Value::Int(v.as_int() / m * m);
}

Value Sign(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  double d = fn::ToDouble(*a[0]);
  if (a[0]->is_decimal()) {
    __int128 u = a[0]->as_decimal().unscaled;
    return Value::Int(u > 0 ? 1 : (u < 0 ? -1 : 0));
  }
  return Value::Int(d > 0 ? 1 : (d < 0 ? -1 : 0));
}

#define RIFFLE_DOUBLE_FN(Name, expr)                                       \
  Value Name(const Value* const* a, size_t, const FnCall&, EvalContext&) { \
    double x = a[0]->as_double();                                          \
    return Value::Double(expr);                                            \
  }
RIFFLE_DOUBLE_FN(Sqrt, std::sqrt(x))
RIFFLE_DOUBLE_FN(Cbrt, std::cbrt(x))
RIFFLE_DOUBLE_FN(Exp, std::exp(x))
RIFFLE_DOUBLE_FN(Ln, std::log(x))
RIFFLE_DOUBLE_FN(Sin, std::sin(x))
RIFFLE_DOUBLE_FN(Cos, std::cos(x))
RIFFLE_DOUBLE_FN(Tan, std::tan(x))
RIFFLE_DOUBLE_FN(Cot, 1.0 / std::tan(x))
RIFFLE_DOUBLE_FN(Asin, std::asin(x))
RIFFLE_DOUBLE_FN(Acos, std::acos(x))
RIFFLE_DOUBLE_FN(Atan, std::atan(x))
RIFFLE_DOUBLE_FN(Sinh, std::sinh(x))
RIFFLE_DOUBLE_FN(Cosh, std::cosh(x))
RIFFLE_DOUBLE_FN(Tanh, std::tanh(x))
RIFFLE_DOUBLE_FN(Degrees, x * 180.0 / M_PI)
RIFFLE_DOUBLE_FN(Radians, x* M_PI / 180.0)
#undef RIFFLE_DOUBLE_FN

Value Log(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (n == 1) return Value::Double(std::log(a[0]->as_double()));
  // LOG(base, value): ksqlDB gives NaN for a base that is not positive or is 1.
  double base = a[0]->as_double();
  if (base <= 0 || base == 1) return Value::Double(std::nan(""));
  return Value::Double(std::log(a[1]->as_double()) / std::log(base));
}
Value Power(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return Value::Double(std::pow(a[0]->as_double(), a[1]->as_double()));
}
Value Atan2(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return Value::Double(std::atan2(a[0]->as_double(), a[1]->as_double()));
}
Value Pi(const Value* const*, size_t, const FnCall&, EvalContext&) { return Value::Double(M_PI); }
Value Random(const Value* const*, size_t, const FnCall&, EvalContext& ctx) {
  return Value::Double(std::uniform_real_distribution<double>(0.0, 1.0)(ctx.rng));
}

Value Extreme(const Value* const* a, size_t n, bool greatest) {
  const Value* best = nullptr;
  for (size_t i = 0; i < n; ++i) {
    if (a[i]->is_null()) continue;
    if (best == nullptr) {
      best = a[i];
      continue;
    }
    int c = CompareValues(*a[i], *best);
    if (greatest ? c > 0 : c < 0) best = a[i];
  }
  return best ? *best : Value();
}
Value Greatest(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  return Extreme(a, n, true);
}
Value Least(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  return Extreme(a, n, false);
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  const char* kCat = "MATHEMATICAL";
  r.Register(fn::Make("ABS", kCat, "Absolute value.", {"ABS(x NUMBER) -> same type"},
                      ResolveSameNumeric, Abs));
  r.Register(fn::Make("CEIL", kCat, "Smallest integral value not less than x.",
                      {"CEIL(x NUMBER) -> same type"}, ResolveCeilFloor, Ceil));
  r.Register(fn::Make("FLOOR", kCat, "Largest integral value not greater than x.",
                      {"FLOOR(x NUMBER) -> same type"}, ResolveCeilFloor, Floor));
  r.Register(fn::Make("TRUNC", kCat,
                      "Truncates toward zero; without places DOUBLE truncates to BIGINT, with "
                      "places (may be negative) the type is kept.",
                      {"TRUNC(x DOUBLE) -> BIGINT", "TRUNC(x DOUBLE, places INT) -> DOUBLE",
                       "TRUNC(x DECIMAL(p, s)) -> DECIMAL(p - s, 0)",
                       "TRUNC(x DECIMAL, places INT) -> DECIMAL", "TRUNC(x INT|BIGINT[, places "
                       "INT]) -> same type"},
                      ResolveRound, Trunc));
  r.Register(fn::Make("ROUND", kCat,
                      "Rounds half up; without a scale DOUBLE rounds to BIGINT, with a scale the "
                      "type is kept (negative scales round left of the point).",
                      {"ROUND(x DOUBLE) -> BIGINT", "ROUND(x DECIMAL(p, s)) -> DECIMAL(p-s+1, 0)",
                       "ROUND(x NUMBER, scale INTEGER) -> same type"},
                      ResolveRound, Round));
  r.Register(fn::Make("SIGN", kCat, "-1, 0 or 1 by the sign of x.", {"SIGN(x NUMBER) -> INTEGER"},
                      ResolveSign, Sign));
  r.Register(
      fn::Make("SQRT", kCat, "Square root.", {"SQRT(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Sqrt));
  r.Register(
      fn::Make("CBRT", kCat, "Cube root.", {"CBRT(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Cbrt));
  r.Register(
      fn::Make("EXP", kCat, "e raised to x.", {"EXP(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Exp));
  r.Register(
      fn::Make("LN", kCat, "Natural logarithm.", {"LN(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Ln));
  r.Register(fn::Make("LOG", kCat, "Natural logarithm, or the logarithm of value in base.",
                      {"LOG(x DOUBLE) -> DOUBLE", "LOG(base DOUBLE, value DOUBLE) -> DOUBLE"},
                      ResolveLog, Log));
  r.Register(fn::Make("POWER", kCat, "base raised to exponent.",
                      {"POWER(base DOUBLE, exponent DOUBLE) -> DOUBLE"}, ResolveDouble2, Power));
  r.Register(
      fn::Make("SIN", kCat, "Sine (radians).", {"SIN(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Sin));
  r.Register(
      fn::Make("COS", kCat, "Cosine (radians).", {"COS(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Cos));
  r.Register(fn::Make("TAN", kCat, "Tangent (radians).", {"TAN(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Tan));
  r.Register(fn::Make("COT", kCat, "Cotangent (radians).", {"COT(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Cot));
  r.Register(
      fn::Make("ASIN", kCat, "Arc sine.", {"ASIN(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Asin));
  r.Register(
      fn::Make("ACOS", kCat, "Arc cosine.", {"ACOS(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Acos));
  r.Register(
      fn::Make("ATAN", kCat, "Arc tangent.", {"ATAN(x DOUBLE) -> DOUBLE"}, ResolveDouble1, Atan));
  r.Register(fn::Make("ATAN2", kCat, "Angle of the point (x, y).",
                      {"ATAN2(y DOUBLE, x DOUBLE) -> DOUBLE"}, ResolveDouble2, Atan2));
  r.Register(fn::Make("SINH", kCat, "Hyperbolic sine.", {"SINH(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Sinh));
  r.Register(fn::Make("COSH", kCat, "Hyperbolic cosine.", {"COSH(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Cosh));
  r.Register(fn::Make("TANH", kCat, "Hyperbolic tangent.", {"TANH(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Tanh));
  r.Register(fn::Make("DEGREES", kCat, "Radians to degrees.", {"DEGREES(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Degrees));
  r.Register(fn::Make("RADIANS", kCat, "Degrees to radians.", {"RADIANS(x DOUBLE) -> DOUBLE"},
                      ResolveDouble1, Radians));
  r.Register(fn::Make("PI", kCat, "The constant pi.", {"PI() -> DOUBLE"}, ResolveNoArgsDouble, Pi));
  r.Register(fn::Make("RANDOM", kCat, "A random DOUBLE in [0, 1).", {"RANDOM() -> DOUBLE"},
                      ResolveNoArgsDouble, Random, true, false));
  // One overload per comparable type, as ksqlDB declares them.
  auto extreme_signatures = [](const std::string& fn) {
    std::vector<std::string> out;
    for (const char* t : {"INT", "BIGINT", "DOUBLE", "DECIMAL", "STRING", "BYTES", "DATE", "TIME",
                          "TIMESTAMP"}) {
      out.push_back(fn + "(x " + t + ", " + t + "...) -> " + t);
    }
    return out;
  };
  r.Register(fn::Make("GREATEST", kCat, "The largest non-NULL argument.",
                      extreme_signatures("GREATEST"), ResolveGreatest, Greatest, false));
  r.Register(fn::Make("LEAST", kCat, "The smallest non-NULL argument.", extreme_signatures("LEAST"),
                      ResolveGreatest, Least, false));
}

}  // namespace riffle
