// ksqlDB's implicit coercion rules (see coercion.h).

#include "core/expr/coercion.h"

#include <algorithm>
#include <cctype>

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/expr/cast.h"
#include "core/expr/decimal_math.h"

namespace riffle {
namespace {

bool IsNumber(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kBigint || k == TypeKind::kDecimal ||
         k == TypeKind::kDouble;
}
bool IsTemporal(TypeKind k) {
  return k == TypeKind::kDate || k == TypeKind::kTime || k == TypeKind::kTimestamp;
}
std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// ksqlDB's literal boolean spellings: a non-empty prefix of true, yes, false or no, any case.
std::optional<bool> ParseBooleanPrefix(const std::string& text) {
  std::string t = Trim(text);
  if (t.empty()) return std::nullopt;
  AsciiLowerInPlace(t);
  auto prefix_of = [&](const char* word) { return std::string(word).rfind(t, 0) == 0; };
  if (prefix_of("true") || prefix_of("yes")) return true;
  if (prefix_of("false") || prefix_of("no")) return false;
  return std::nullopt;
}

TypePtr CoercedStruct(const Type& from, const Type& to, CoercionMode mode) {
  std::vector<StructField> fields;
  auto find = [](const Type& s, const std::string& name) -> const StructField* {
    for (const auto& f : s.fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  // The fields of `from` first, then those only `to` has.
  for (const auto& f : from.fields) {
    const StructField* t = find(to, f.name);
    if (t == nullptr) {
      fields.push_back(f);
      continue;
    }
    TypePtr common = CoercedType(*f.type, *t->type, mode);
    if (!common) return nullptr;
    fields.push_back({f.name, common});
  }
  for (const auto& t : to.fields) {
    if (find(from, t.name) == nullptr) fields.push_back(t);
  }
  return Type::Struct(std::move(fields));
}

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n && i < 38; ++i) p *= 10;
  return p;
}

}  // namespace

int NumberRank(TypeKind k) {
  switch (k) {
    case TypeKind::kInt:
      return 0;
    case TypeKind::kBigint:
      return 1;
    case TypeKind::kDecimal:
      return 2;
    case TypeKind::kDouble:
      return 3;
    default:
      return -1;
  }
}

TypePtr WidenDecimal(const Type& a, const Type& b) {
  TypePtr l = AsDecimalType(a);
  TypePtr r = AsDecimalType(b);
  int whole = std::max(l->precision - l->scale, r->precision - r->scale);
  int scale = std::max(l->scale, r->scale);
  return Type::Decimal(std::min(38, whole + scale), scale);
}

TypePtr CoercedType(const Type& from, const Type& to, CoercionMode mode) {
  const TypeKind f = from.kind, t = to.kind;
  if (IsNumber(f) && IsNumber(t)) {
    if (NumberRank(f) > NumberRank(t)) return nullptr;
    if (t == TypeKind::kDecimal) return WidenDecimal(from, to);
    return std::make_shared<Type>(to);
  }
  if (f == t) {
    switch (f) {
      case TypeKind::kArray: {
        TypePtr e = CoercedType(*from.element, *to.element, mode);
        return e ? Type::Array(e) : nullptr;
      }
      case TypeKind::kMap: {
        TypePtr k = CoercedType(*from.key, *to.key, mode);
        TypePtr v = CoercedType(*from.element, *to.element, mode);
        return k && v ? Type::Map(k, v) : nullptr;
      }
      case TypeKind::kStruct:
        return CoercedStruct(from, to, mode);
      default:
        return std::make_shared<Type>(to);
    }
  }
  if (f == TypeKind::kString && (IsTemporal(t) || t == TypeKind::kBytes)) {
    return std::make_shared<Type>(to);
  }
  if (mode == CoercionMode::kLax) {
    if (t == TypeKind::kString && (IsNumber(f) || IsTemporal(f) || f == TypeKind::kBoolean)) {
      return Type::String();
    }
    if (f == TypeKind::kString && (IsNumber(t) || t == TypeKind::kBoolean)) {
      return std::make_shared<Type>(to);
    }
  }
  return nullptr;
}

bool ArgumentCastAllowed(TypeKind from, TypeKind to) {
  if (from == to) return true;
  if (IsNumber(from) && IsNumber(to)) return NumberRank(from) <= NumberRank(to);
  return from == TypeKind::kString && (IsTemporal(to) || to == TypeKind::kBytes);
}

TypePtr StringNumberType(const std::string& text) {
  const std::string t = Trim(text);
  const size_t e = t.find_first_of("eE");
  const bool point_or_exponent = e != std::string::npos || t.find('.') != std::string::npos;
  Decimal d;
  try {
    d = Decimal::Parse(e == std::string::npos ? t : t.substr(0, e));
    if (e != std::string::npos) {
      const std::string exp_text = t.substr(e + 1);
      size_t used = 0;
      const int exp = std::stoi(exp_text, &used);
      if (used != exp_text.size() || exp > 38 || exp < -38) return nullptr;
      d.scale -= exp;
      for (; d.scale < 0; ++d.scale) d.unscaled *= 10;  // no negative scales
      if (DecimalDigitCount(d.unscaled) > 38) return nullptr;
    }
  } catch (const std::exception&) {
    return nullptr;
  }
  if (!point_or_exponent && d.scale == 0) {
    // Strictly inside each range, as ksqlDB tests it.
    if (d.unscaled > INT32_MIN && d.unscaled < INT32_MAX) return Type::Int();
    if (d.unscaled > INT64_MIN && d.unscaled < INT64_MAX) return Type::Bigint();
  }
  // Numbers in (-1, 1) take one digit more than their scale ("0.05" is DECIMAL(3, 2)).
  const __int128 one = Pow10(d.scale);
  if (d.unscaled < one && d.unscaled > -one) return Type::Decimal(d.scale + 1, d.scale);
  return Type::Decimal(std::min(38, DecimalDigitCount(d.unscaled)), d.scale);
}

bool ComparisonAllowed(const Type& l, Op op, const Type& r) {
  const bool equality =
      op == Op::kEq || op == Op::kNe || op == Op::kIsDistinct || op == Op::kIsNotDistinct;
  const TypeKind a = l.kind, b = r.kind;
  if (IsNumber(a)) return IsNumber(b);
  switch (a) {
    case TypeKind::kString:
      return b == TypeKind::kString || IsTemporal(b);
    case TypeKind::kBoolean:
    case TypeKind::kArray:
    case TypeKind::kMap:
    case TypeKind::kStruct:
      return b == a && equality;
    case TypeKind::kTime:
      return b == TypeKind::kTime || b == TypeKind::kString;
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
      return b == TypeKind::kDate || b == TypeKind::kTimestamp || b == TypeKind::kString;
    case TypeKind::kBytes:
      return b == TypeKind::kBytes;
    default:
      return false;
  }
}

std::optional<Value> CoerceLiteral(const Value& v, const Type& from, const Type& to) {
  if (v.is_null()) return Value();
  if (!CoercedType(from, to, CoercionMode::kLax)) return std::nullopt;
  if (from.kind == TypeKind::kString && to.kind == TypeKind::kBoolean) {
    std::optional<bool> b = ParseBooleanPrefix(v.as_string());
    if (!b) return std::nullopt;
    return Value::Bool(*b);
  }
  if (from.kind == TypeKind::kString && to.kind != TypeKind::kString) {
    // Numbers parse from the text without its surrounding blanks.
    Value trimmed = Value::String(Trim(v.as_string()));
    bool ok = false;
    Value out = CastValue(trimmed, from, to, &ok);
    if (!ok || out.is_null()) return std::nullopt;
    return out;
  }
  bool ok = false;
  Value out = CastValue(v, from, to, &ok);
  if (!ok) return std::nullopt;
  return out;
}

TypePtr ListCommonType(const std::vector<ListItem>& items, SourcePos pos) {
  TypePtr common;
  for (const ListItem& item : items) {
    if (!common) {
      if (item.type->kind != TypeKind::kNull) common = item.type;
      continue;
    }
    if (item.type->kind == TypeKind::kNull) continue;
    const Type& target = *common;
    if (item.literal != nullptr && item.type->kind == TypeKind::kString &&
        (IsNumber(target.kind) || target.kind == TypeKind::kBoolean)) {
      const std::string& text = item.literal->as_string();
      auto bad = [&]() {
        ThrowType(pos, std::string("invalid input syntax for type ") + BaseTypeName(target.kind) +
                           ": \"" + text + "\".");
      };
      if (target.kind == TypeKind::kBoolean) {
        if (!ParseBooleanPrefix(text)) bad();
        continue;
      }
      TypePtr number = StringNumberType(text);
      if (!number) bad();
      if (number->kind == TypeKind::kDouble || target.kind == TypeKind::kDouble) {
        common = Type::Double();
      } else if (number->kind == TypeKind::kDecimal || target.kind == TypeKind::kDecimal) {
        common = WidenDecimal(*number, target);
      } else if (NumberRank(number->kind) > NumberRank(target.kind)) {
        common = number;
      }
      continue;
    }
    const CoercionMode mode = item.literal != nullptr ? CoercionMode::kLax : CoercionMode::kStrict;
    TypePtr joined = CoercedType(*item.type, target, mode);
    if (!joined) joined = CoercedType(target, *item.type, mode);
    if (!joined) {
      ThrowType(pos, "operator does not exist: " + target.ToString() + " = " +
                         item.type->ToString() + " (" + item.text + ")\n" +
                         "Hint: You might need to add explicit type casts.");
    }
    common = joined;
  }
  return common ? common : Type::Null();
}

}  // namespace riffle
