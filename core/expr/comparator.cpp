// SQL comparison rules.

#include "core/expr/comparator.h"

#include "core/expr/coercion.h"
#include "core/types/datetime.h"

namespace riffle {
namespace {

bool IsTemporal(TypeKind k) {
  return k == TypeKind::kDate || k == TypeKind::kTime || k == TypeKind::kTimestamp;
}
bool IsComplex(TypeKind k) {
  return k == TypeKind::kArray || k == TypeKind::kMap || k == TypeKind::kStruct;
}

// Deep structural compatibility for equality of collections.
bool DeepComparable(const Type& a, const Type& b) {
  if (a.kind == TypeKind::kNull || b.kind == TypeKind::kNull) return true;
  if (a.IsNumeric() && b.IsNumeric()) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::kArray:
      return DeepComparable(*a.element, *b.element);
    case TypeKind::kMap:
      return DeepComparable(*a.key, *b.key) && DeepComparable(*a.element, *b.element);
    case TypeKind::kStruct:
      if (a.fields.size() != b.fields.size()) return false;
      for (size_t i = 0; i < a.fields.size(); ++i) {
        if (!DeepComparable(*a.fields[i].type, *b.fields[i].type)) return false;
      }
      return true;
    default:
      return true;
  }
}

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

Decimal ToDecimal(const Value& v) {
  if (v.is_decimal()) return v.as_decimal();
  Decimal d;
  d.unscaled = v.as_int();
  d.precision = 19;
  return d;
}

std::optional<int64_t> ParseTemporal(TypeKind kind, const std::string& s) {
  switch (kind) {
    case TypeKind::kDate:
      return ParseDateIso(s);
    case TypeKind::kTime:
      return ParseTimeIso(s);
    default:
      return ParseTimestampIso(s);
  }
}

}  // namespace

const char* ComparisonName(Op op) {
  switch (op) {
    case Op::kEq:
      return "EQUAL";
    case Op::kNe:
      return "NOT_EQUAL";
    case Op::kLt:
      return "LESS_THAN";
    case Op::kLe:
      return "LESS_THAN_OR_EQUAL";
    case Op::kGt:
      return "GREATER_THAN";
    case Op::kGe:
      return "GREATER_THAN_OR_EQUAL";
    default:
      return "EQUAL";
  }
}

bool Comparator::Comparable(const Type& l, const Type& r) {
  if (l.kind == TypeKind::kNull || r.kind == TypeKind::kNull) return true;
  if (l.IsNumeric() && r.IsNumeric()) return true;
  if (l.kind == r.kind && !IsComplex(l.kind)) return true;
  if (IsTemporal(l.kind) && r.kind == TypeKind::kString) return true;
  if (IsTemporal(r.kind) && l.kind == TypeKind::kString) return true;
  if ((l.kind == TypeKind::kDate && r.kind == TypeKind::kTimestamp) ||
      (l.kind == TypeKind::kTimestamp && r.kind == TypeKind::kDate)) {
    return true;
  }
  return IsComplex(l.kind) && DeepComparable(l, r);
}

Comparator Comparator::Make(const Type& l, const Type& r, Op op, const std::string& left_text,
                            const std::string& right_text, SourcePos pos) {
  bool ordering = op != Op::kEq && op != Op::kNe;
  auto fail = [&]() {
    ThrowType(pos, "Cannot compare " + left_text + " (" + l.ToString() + ") to " + right_text +
                       " (" + r.ToString() + ") with " + ComparisonName(op) + ".");
  };
  const bool untyped = l.kind == TypeKind::kNull || r.kind == TypeKind::kNull;
  if (!untyped && !ComparisonAllowed(l, op, r)) fail();
  Comparator c;
  if (l.IsNumeric() && r.IsNumeric()) {
    if (l.kind == TypeKind::kDouble || r.kind == TypeKind::kDouble) {
      c.mode_ = Mode::kDouble;
    } else if (l.kind == TypeKind::kDecimal || r.kind == TypeKind::kDecimal) {
      c.mode_ = Mode::kDecimal;
    } else {
      c.mode_ = Mode::kInt;
    }
    return c;
  }
  if (IsComplex(l.kind) || IsComplex(r.kind)) {
    if (ordering) fail();
    c.mode_ = Mode::kDeep;
    return c;
  }
  if (l.kind == r.kind) {
    switch (l.kind) {
      case TypeKind::kString:
      case TypeKind::kBytes:
        c.mode_ = Mode::kString;
        break;
      case TypeKind::kBoolean:
        c.mode_ = Mode::kBool;
        break;
      default:
        c.mode_ = IsTemporal(l.kind) ? Mode::kTemporal : Mode::kDeep;
    }
    return c;
  }
  if (l.kind == TypeKind::kDate && r.kind == TypeKind::kTimestamp) {
    c.mode_ = Mode::kLeftDateRightTs;
  } else if (l.kind == TypeKind::kTimestamp && r.kind == TypeKind::kDate) {
    c.mode_ = Mode::kLeftTsRightDate;
  } else if (IsTemporal(l.kind)) {
    c.mode_ = Mode::kLeftTemporalRightString;
    c.temporal_ = l.kind;
  } else if (IsTemporal(r.kind)) {
    c.mode_ = Mode::kLeftStringRightTemporal;
    c.temporal_ = r.kind;
  } else {
    c.mode_ = Mode::kDeep;  // NULL-typed side; never reached with a non-NULL value
  }
  return c;
}

bool Comparator::Compare(const Value& a, const Value& b, int* out) const {
  switch (mode_) {
    case Mode::kInt:
    case Mode::kTemporal: {
      int64_t x = a.as_int(), y = b.as_int();
      *out = x < y ? -1 : (x > y ? 1 : 0);
      return true;
    }
    case Mode::kDouble:
    case Mode::kDecimal:
      if (mode_ == Mode::kDecimal) {
        *out = Sign(CompareValues(Value::Dec(ToDecimal(a)), Value::Dec(ToDecimal(b))));
      } else {
        *out = Sign(CompareValues(a, b));
      }
      return true;
    case Mode::kString:
      *out = Sign(a.as_string().compare(b.as_string()));
      return true;
    case Mode::kBool:
      *out = static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
      return true;
    case Mode::kDeep:
      *out = SqlValuesEqual(a, b) ? 0 : 1;
      return true;
    case Mode::kLeftDateRightTs: {
      int64_t x = a.as_int() * 86400000, y = b.as_int();
      *out = x < y ? -1 : (x > y ? 1 : 0);
      return true;
    }
    case Mode::kLeftTsRightDate: {
      int64_t x = a.as_int(), y = b.as_int() * 86400000;
      *out = x < y ? -1 : (x > y ? 1 : 0);
      return true;
    }
    case Mode::kLeftTemporalRightString: {
      auto y = ParseTemporal(temporal_, b.as_string());
      if (!y) return false;
      *out = a.as_int() < *y ? -1 : (a.as_int() > *y ? 1 : 0);
      return true;
    }
    case Mode::kLeftStringRightTemporal: {
      auto x = ParseTemporal(temporal_, a.as_string());
      if (!x) return false;
      *out = *x < b.as_int() ? -1 : (*x > b.as_int() ? 1 : 0);
      return true;
    }
  }
  return false;
}

bool SqlValuesEqual(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  bool an = a.is_int() || a.is_double() || a.is_decimal();
  bool bn = b.is_int() || b.is_double() || b.is_decimal();
  if (an && bn) return CompareValues(a, b) == 0;
  if (a.is_list() && b.is_list()) {
    const auto& x = a.as_list();
    const auto& y = b.as_list();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!SqlValuesEqual(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_map() && b.is_map()) {
    const auto& x = a.as_map();
    const auto& y = b.as_map();
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x) {
      bool found = false;
      for (const auto& [k2, v2] : y) {
        if (SqlValuesEqual(k, k2)) {
          found = SqlValuesEqual(v, v2);
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace riffle
