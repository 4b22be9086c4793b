// Exact decimal arithmetic.

#include "core/expr/decimal_math.h"

#include <algorithm>

namespace riffle {
namespace {

constexpr int kMaxPrecision = 38;

bool Pow10(int n, __int128* out) {
  if (n < 0 || n > kMaxPrecision) return false;
  __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  *out = r;
  return true;
}

bool ScaleUp(__int128 v, int by, __int128* out) {
  __int128 p;
  if (!Pow10(by, &p)) return v == 0 ? (*out = 0, true) : false;
  return !__builtin_mul_overflow(v, p, out);
}

// num / den rounded HALF_UP (away from zero at ties). REQUIRES den != 0.
__int128 DivHalfUp(__int128 num, __int128 den) {
  __int128 q = num / den, r = num % den;
  if (r != 0) {
    __int128 ar = r < 0 ? -r : r, ad = den < 0 ? -den : den;
    if (ar >= ad - ar) q += ((num < 0) != (den < 0)) ? -1 : 1;
  }
  return q;
}

// Rescales an exact value with `from` scale to `to` scale (HALF_UP).
bool Rescale(__int128 v, int from, int to, __int128* out) {
  if (to >= from) return ScaleUp(v, to - from, out);
  __int128 p;
  if (!Pow10(from - to, &p)) {
    *out = 0;
    return true;
  }
  *out = DivHalfUp(v, p);
  return true;
}

}  // namespace

TypePtr AsDecimalType(const Type& t) {
  if (t.kind == TypeKind::kInt) return Type::Decimal(10, 0);
  if (t.kind == TypeKind::kBigint) return Type::Decimal(19, 0);
  return Type::Decimal(t.precision, t.scale);
}

TypePtr DecimalResultType(Op op, const Type& lt, const Type& rt) {
  TypePtr l = AsDecimalType(lt), r = AsDecimalType(rt);
  int p1 = l->precision, s1 = l->scale, p2 = r->precision, s2 = r->scale;
  int p, s;
  switch (op) {
    case Op::kAdd:
    case Op::kSub:
      s = std::max(s1, s2);
      p = s + std::max(p1 - s1, p2 - s2) + 1;
      break;
    case Op::kMul:
      p = p1 + p2 + 1;
      s = s1 + s2;
      break;
    case Op::kDiv:
      s = std::max(6, s1 + p2 + 1);
      p = p1 - s1 + s2 + s;
      break;
    default:  // kMod
      s = std::max(s1, s2);
      p = std::min(p1 - s1, p2 - s2) + s;
      break;
  }
  if (p > kMaxPrecision) {
    int excess = p - kMaxPrecision;
    int min_scale = std::min(s, 6);
    s = std::max(min_scale, s - excess);
    p = kMaxPrecision;
  }
  if (p < 1) p = 1;
  if (s > p) s = p;
  return Type::Decimal(p, s);
}

Decimal ToDecimal(const Value& v) {
  if (v.is_decimal()) return v.as_decimal();
  Decimal d;
  d.unscaled = v.is_int() ? v.as_int() : 0;
  d.precision = DecimalDigitCount(d.unscaled);
  return d;
}

bool DecimalArith(Op op, const Decimal& a, const Decimal& b, int scale, Decimal* out) {
  __int128 r = 0;
  switch (op) {
    case Op::kAdd:
    case Op::kSub: {
      int s = std::max(a.scale, b.scale);
      __int128 x, y;
      if (!ScaleUp(a.unscaled, s - a.scale, &x) || !ScaleUp(b.unscaled, s - b.scale, &y)) {
        return false;
      }
      bool of =
          op == Op::kAdd ? __builtin_add_overflow(x, y, &r) : __builtin_sub_overflow(x, y, &r);
      if (of || !Rescale(r, s, scale, &r)) return false;
      break;
    }
    case Op::kMul: {
      if (__builtin_mul_overflow(a.unscaled, b.unscaled, &r)) return false;
      if (!Rescale(r, a.scale + b.scale, scale, &r)) return false;
      break;
    }
    case Op::kDiv: {
      if (b.unscaled == 0) return false;
      // a/b at scale S: a.unscaled * 10^(S - a.scale + b.scale) / b.unscaled.
      int e = scale - a.scale + b.scale;
      __int128 num = a.unscaled, den = b.unscaled;
      if (e >= 0) {
        if (!ScaleUp(num, e, &num)) return false;
      } else {
        if (!ScaleUp(den, -e, &den)) return false;
      }
      r = DivHalfUp(num, den);
      break;
    }
    case Op::kMod: {
      if (b.unscaled == 0) return false;
      int s = std::max(a.scale, b.scale);
      __int128 x, y;
      if (!ScaleUp(a.unscaled, s - a.scale, &x) || !ScaleUp(b.unscaled, s - b.scale, &y)) {
        return false;
      }
      r = x % y;  // sign follows the dividend, as BigDecimal.remainder
      if (!Rescale(r, s, scale, &r)) return false;
      break;
    }
    default:
      return false;
  }
  if (DecimalDigitCount(r) > kMaxPrecision) return false;
  out->unscaled = r;
  out->scale = scale;
  out->precision = std::max(DecimalDigitCount(r), scale);
  return true;
}

}  // namespace riffle
