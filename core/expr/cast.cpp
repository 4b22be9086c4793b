// CAST conversions.

#include "core/expr/cast.h"

#include <strings.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/common/error.h"
#include "core/expr/coercion.h"
#include "core/types/datetime.h"

namespace riffle {
namespace {

bool IsTemporal(TypeKind k) {
  return k == TypeKind::kDate || k == TypeKind::kTime || k == TypeKind::kTimestamp;
}

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Java's (long) cast of a double: NaN -> 0, saturating at the range ends.
int64_t JavaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

int64_t JavaDoubleToInt(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return 2147483647;
  if (d <= -2147483648.0) return -2147483648LL;
  return static_cast<int32_t>(d);
}

int64_t WrapInt32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }

// Fits decimal `d` into DECIMAL(p, s): rescale HALF_UP, then check the digits.
bool FitDecimal(const Decimal& d, const Type& to, Decimal* out) {
  Decimal r = d.Rescale(to.scale);
  if (r.unscaled != 0 && DecimalDigitCount(r.unscaled) > to.precision) return false;
  r.precision = to.precision;
  r.scale = to.scale;
  *out = r;
  return true;
}

bool ParseInt64(const std::string& text, int64_t* out) {
  std::string s = Trim(text);
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool ParseDouble(const std::string& text, double* out) {
  std::string s = Trim(text);
  if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F')) {
    s.pop_back();
  }
  if (s.empty()) return false;
  // Java accepts "NaN" and "Infinity" but not "inf"/"nan" spellings; strtod accepts hex too.
  if (s == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == "Infinity" || s == "+Infinity" || s == "-Infinity") {
    *out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-')) {
      return false;
    }
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  *out = d;
  return true;
}

std::string JavaRender(const Value& v, const Type& t) {
  if (v.is_null()) return "null";
  switch (t.kind) {
    case TypeKind::kArray: {
      std::string s = "[";
      const auto& items = v.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) s += ", ";
        s += JavaRender(items[i], *t.element);
      }
      return s + "]";
    }
    case TypeKind::kMap: {
      std::string s = "{";
      const auto& entries = v.as_map();
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i) s += ", ";
        s += JavaRender(entries[i].first, *t.key) + "=" + JavaRender(entries[i].second, *t.element);
      }
      return s + "}";
    }
    case TypeKind::kStruct: {
      // Kafka Connect's Struct.toString: "Struct{A=1,B=x}", null fields omitted.
      std::string s = "Struct{";
      const auto& items = v.as_list();
      bool first = true;
      for (size_t i = 0; i < t.fields.size() && i < items.size(); ++i) {
        if (items[i].is_null()) continue;
        if (!first) s += ",";
        first = false;
        s += t.fields[i].name + "=" + JavaRender(items[i], *t.fields[i].type);
      }
      return s + "}";
    }
    default:
      return ValueToDisplayString(v, t);
  }
}

Value Fail(bool* ok, std::string* error, std::string message) {
  if (ok) *ok = false;
  if (error) *error = std::move(message);
  return Value();
}

}  // namespace

std::string JavaToString(const Value& v, const Type& type) { return JavaRender(v, type); }

bool ParseSqlBoolean(const std::string& text, bool* out) {
  std::string s = Trim(text);
  for (const char* t : {"true", "t", "yes", "y"}) {
    if (strcasecmp(s.c_str(), t) == 0) {
      *out = true;
      return true;
    }
  }
  for (const char* f : {"false", "f", "no", "n"}) {
    if (strcasecmp(s.c_str(), f) == 0) {
      *out = false;
      return true;
    }
  }
  return false;
}

bool CanImplicitlyCast(const Type& from, const Type& to) {
  if (TypeEquals(from, to)) return true;
  if (from.kind == TypeKind::kDecimal && to.kind == TypeKind::kDecimal) {
    return from.scale <= to.scale && from.precision - from.scale <= to.precision - to.scale;
  }
  int a = NumberRank(from.kind);
  int b = NumberRank(to.kind);
  return a >= 0 && b >= 0 && a <= b;
}

bool CanCast(const Type& from, const Type& to) {
  TypeKind f = from.kind, t = to.kind;
  if (f == TypeKind::kNull) return true;
  if (TypeEquals(from, to)) return true;
  if (t == TypeKind::kString) return true;  // everything renders as text
  switch (f) {
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kDouble:
    case TypeKind::kDecimal:
      return to.IsNumeric();
    case TypeKind::kString:
      return to.IsNumeric() || t == TypeKind::kBoolean || IsTemporal(t);
    case TypeKind::kBoolean:
      return t == TypeKind::kBoolean;
    case TypeKind::kTimestamp:
      return IsTemporal(t);
    case TypeKind::kDate:
      return t == TypeKind::kDate || t == TypeKind::kTimestamp;
    case TypeKind::kTime:
      return t == TypeKind::kTime;
    case TypeKind::kBytes:
      return t == TypeKind::kBytes;
    case TypeKind::kArray:
      return t == TypeKind::kArray && CanCast(*from.element, *to.element);
    case TypeKind::kMap:
      return t == TypeKind::kMap && CanCast(*from.key, *to.key) &&
             CanCast(*from.element, *to.element);
    case TypeKind::kStruct:
      if (t != TypeKind::kStruct) return false;
      for (const auto& tf : to.fields) {
        int i = from.FieldIndex(tf.name);
        if (i >= 0 && !CanCast(*from.fields[i].type, *tf.type)) return false;
      }
      return true;
    default:
      return false;
  }
}

Value CastValue(const Value& v, const Type& from, const Type& to, bool* ok, std::string* error) {
  if (ok) *ok = true;
  if (v.is_null()) return Value();
  const TypeKind f = from.kind, t = to.kind;
  if (f == t && from.IsPrimitive() && f != TypeKind::kDecimal) {
    if (t == TypeKind::kInt && v.is_int()) return Value::Int(WrapInt32(v.as_int()));
    return v;
  }
  auto unsupported = [&]() {
    return Fail(ok, error,
                "Cast of " + from.ToString() + " to " + to.ToString() + " is not supported");
  };
  switch (t) {
    case TypeKind::kString:
      if (f == TypeKind::kDecimal) return Value::String(v.as_decimal().ToString());
      return Value::String(JavaRender(v, from));
    case TypeKind::kInt:
    case TypeKind::kBigint: {
      int64_t r;
      if (f == TypeKind::kInt || f == TypeKind::kBigint) {
        r = v.as_int();
      } else if (f == TypeKind::kDouble) {
        r = t == TypeKind::kInt ? JavaDoubleToInt(v.as_double()) : JavaDoubleToLong(v.as_double());
      } else if (f == TypeKind::kDecimal) {
        Decimal d = v.as_decimal();
        __int128 q = d.unscaled;
        for (int i = 0; i < d.scale; ++i) q /= 10;  // BigDecimal.longValue truncates
        r = static_cast<int64_t>(static_cast<uint64_t>(q));
      } else if (f == TypeKind::kString) {
        if (!ParseInt64(v.as_string(), &r) ||
            (t == TypeKind::kInt && (r > 2147483647LL || r < -2147483648LL))) {
          return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to " + to.ToString());
        }
      } else {
        return unsupported();
      }
      return Value::Int(t == TypeKind::kInt ? WrapInt32(r) : r);
    }
    case TypeKind::kDouble:
      if (f == TypeKind::kInt || f == TypeKind::kBigint) {
        return Value::Double(static_cast<double>(v.as_int()));
      }
      if (f == TypeKind::kDecimal) return Value::Double(v.as_decimal().ToDouble());
      if (f == TypeKind::kString) {
        double d;
        if (!ParseDouble(v.as_string(), &d)) {
          return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to DOUBLE");
        }
        return Value::Double(d);
      }
      return unsupported();
    case TypeKind::kDecimal: {
      Decimal d;
      if (f == TypeKind::kInt || f == TypeKind::kBigint) {
        d.unscaled = v.as_int();
        d.precision = DecimalDigitCount(d.unscaled);
      } else if (f == TypeKind::kDouble) {
        double x = v.as_double();
        if (!std::isfinite(x))
          return Fail(ok, error, "Cannot cast " + DoubleToString(x) + " to DECIMAL");
        d = Decimal::Parse(DoubleToString(x));
      } else if (f == TypeKind::kDecimal) {
        d = v.as_decimal();
      } else if (f == TypeKind::kString) {
        try {
          d = Decimal::Parse(v.as_string());
        } catch (const RiffleError&) {
          return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to " + to.ToString());
        }
      } else {
        return unsupported();
      }
      Decimal out;
      if (!FitDecimal(d, to, &out)) {
        return Fail(ok, error, "Value " + d.ToString() + " does not fit " + to.ToString());
      }
      return Value::Dec(out);
    }
    case TypeKind::kBoolean:
      if (f == TypeKind::kString) {
        bool b;
        if (!ParseSqlBoolean(v.as_string(), &b)) {
          return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to BOOLEAN");
        }
        return Value::Bool(b);
      }
      return unsupported();
    case TypeKind::kTimestamp:
      if (f == TypeKind::kString) {
        auto ts = ParseTimestampIso(v.as_string());
        if (!ts) return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to TIMESTAMP");
        return Value::Int(*ts);
      }
      if (f == TypeKind::kDate) return Value::Int(v.as_int() * 86400000);
      return unsupported();
    case TypeKind::kDate:
      if (f == TypeKind::kString) {
        auto d = ParseDateIso(v.as_string());
        if (!d) {
          // ksqlDB also accepts a full timestamp and keeps its date.
          auto ts = ParseTimestampIso(v.as_string());
          if (!ts) return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to DATE");
          return Value::Int(FloorDiv(*ts, 86400000));
        }
        return Value::Int(*d);
      }
      if (f == TypeKind::kTimestamp) return Value::Int(FloorDiv(v.as_int(), 86400000));
      return unsupported();
    case TypeKind::kTime:
      if (f == TypeKind::kString) {
        auto tm = ParseTimeIso(v.as_string());
        if (!tm) return Fail(ok, error, "Cannot cast '" + v.as_string() + "' to TIME");
        return Value::Int(*tm);
      }
      if (f == TypeKind::kTimestamp) return Value::Int(FloorMod(v.as_int(), 86400000));
      return unsupported();
    case TypeKind::kArray: {
      if (f != TypeKind::kArray) return unsupported();
      ValueList out;
      out.reserve(v.as_list().size());
      for (const auto& e : v.as_list()) {
        bool e_ok = true;
        out.push_back(CastValue(e, *from.element, *to.element, &e_ok, error));
        if (!e_ok) return Fail(ok, nullptr, "");
      }
      return Value::List(std::move(out));
    }
    case TypeKind::kMap: {
      if (f != TypeKind::kMap) return unsupported();
      ValueMap out;
      out.reserve(v.as_map().size());
      for (const auto& [k, val] : v.as_map()) {
        bool k_ok = true, v_ok = true;
        Value nk = CastValue(k, *from.key, *to.key, &k_ok, error);
        Value nv = CastValue(val, *from.element, *to.element, &v_ok, error);
        if (!k_ok || !v_ok) return Fail(ok, nullptr, "");
        out.emplace_back(std::move(nk), std::move(nv));
      }
      return Value::Map(std::move(out));
    }
    case TypeKind::kStruct: {
      if (f != TypeKind::kStruct) return unsupported();
      const ValueList& in = v.as_list();
      ValueList out;
      out.reserve(to.fields.size());
      for (const auto& tf : to.fields) {
        int i = from.FieldIndex(tf.name);
        if (i < 0 || static_cast<size_t>(i) >= in.size()) {
          out.emplace_back();
          continue;
        }
        bool f_ok = true;
        out.push_back(CastValue(in[i], *from.fields[i].type, *tf.type, &f_ok, error));
        if (!f_ok) return Fail(ok, nullptr, "");
      }
      return Value::List(std::move(out));
    }
    case TypeKind::kBytes:
    case TypeKind::kNull:
      return unsupported();
  }
  return unsupported();
}

}  // namespace riffle
