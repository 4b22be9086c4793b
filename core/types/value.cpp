// Value equality, ordering, hashing and display; Decimal arithmetic helpers.

#include "core/types/value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>

#include "core/common/error.h"
#include "core/types/datetime.h"

namespace riffle {
namespace {

__int128 Pow10(int n) {
  __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// Brings two decimals to a common scale for comparison. Returns false on overflow risk
// (scale difference beyond 38 digits), in which case the caller falls back to doubles.
bool Align(const Decimal& a, const Decimal& b, __int128* x, __int128* y) {
  int s = std::max(a.scale, b.scale);
  if (s - a.scale > 38 || s - b.scale > 38) return false;
  *x = a.unscaled * Pow10(s - a.scale);
  *y = b.unscaled * Pow10(s - b.scale);
  return true;
}

int CompareDecimals(const Decimal& a, const Decimal& b) {
  __int128 x, y;
  if (!Align(a, b, &x, &y)) {
    double da = a.ToDouble(), db = b.ToDouble();
    return da < db ? -1 : (da > db ? 1 : 0);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

int CompareDoubles(double a, double b) {
  // NaN sorts last, as in Java's Double.compare.
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) ? (std::isnan(b) ? 0 : 1) : -1;
  }
  return a < b ? -1 : (a > b ? 1 : 0);
}

double AsDouble(const Value& v) {
  if (v.is_int()) return static_cast<double>(v.as_int());
  if (v.is_double()) return v.as_double();
  if (v.is_decimal()) return v.as_decimal().ToDouble();
  return 0;
}

int Rank(const Value& v) {
  if (v.is_null()) return 0;
  if (v.is_bool()) return 1;
  if (v.is_int() || v.is_double() || v.is_decimal()) return 2;
  if (v.is_string()) return 3;
  if (v.is_list()) return 4;
  return 5;
}

size_t Mix(size_t seed, size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::string DisplayNested(const Value& v, const Type& t);

}  // namespace

std::string Int128ToString(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u =
      neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  char buf[48];
  int i = 47;
  buf[i] = 0;
  while (u > 0) {
    buf[--i] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (neg) buf[--i] = '-';
  return std::string(buf + i);
}

std::string Decimal::ToString() const {
  bool neg = unscaled < 0;
  std::string digits = Int128ToString(neg ? -unscaled : unscaled);
  if (scale <= 0) {
    if (unscaled != 0) digits.append(static_cast<size_t>(-scale), '0');
    return (neg ? "-" : "") + digits;
  }
  size_t sc = static_cast<size_t>(scale);
  if (digits.size() <= sc) digits.insert(0, sc - digits.size() + 1, '0');
  digits.insert(digits.size() - sc, 1, '.');
  return (neg ? "-" : "") + digits;
}

Decimal Decimal::Parse(const std::string& text) {
  size_t i = 0, n = text.size();
  while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  while (n > i && std::isspace(static_cast<unsigned char>(text[n - 1]))) --n;
  bool neg = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
  __int128 unscaled = 0;
  int scale = 0, digits = 0, sig = 0;
  bool seen_point = false, any = false;
  for (; i < n; ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') {
      throw RiffleError(ErrorKind::kType, "Invalid DECIMAL value '" + text + "'");
    }
    any = true;
    if (sig > 0 || c != '0') ++sig;
    if (sig > 38) throw RiffleError(ErrorKind::kType, "DECIMAL value out of range: " + text);
    unscaled = unscaled * 10 + (c - '0');
    ++digits;
    if (seen_point) ++scale;
  }
  if (!any) throw RiffleError(ErrorKind::kType, "Invalid DECIMAL value '" + text + "'");
  if (i < n) {  // exponent
    ++i;
    int exp = 0;
    bool eneg = false;
    if (i < n && (text[i] == '-' || text[i] == '+')) eneg = text[i++] == '-';
    if (i >= n) throw RiffleError(ErrorKind::kType, "Invalid DECIMAL value '" + text + "'");
    for (; i < n; ++i) {
      if (text[i] < '0' || text[i] > '9' || exp > 1000) {
        throw RiffleError(ErrorKind::kType, "Invalid DECIMAL value '" + text + "'");
      }
      exp = exp * 10 + (text[i] - '0');
    }
    scale -= eneg ? -exp : exp;
    if (scale < 0) {
      if (sig - scale > 38) throw RiffleError(ErrorKind::kType, "DECIMAL value out of range");
      unscaled *= Pow10(-scale);
      scale = 0;
    }
  }
  (void)digits;
  Decimal d;
  d.unscaled = neg ? -unscaled : unscaled;
  d.scale = scale;
  d.precision = std::max(DecimalDigitCount(unscaled), scale);
  if (d.precision == 0) d.precision = 1;
  return d;
}

Decimal Decimal::Rescale(int32_t new_scale) const {
  Decimal d = *this;
  if (new_scale == scale) return d;
  if (new_scale > scale) {
    d.unscaled = unscaled * Pow10(new_scale - scale);
  } else {
    int drop = scale - new_scale;
    if (drop > 38) {
      d.unscaled = 0;
    } else {
      __int128 div = Pow10(drop);
      __int128 q = unscaled / div, r = unscaled % div;
      if (r < 0) r = -r;
      if (r * 2 >= div) q += unscaled < 0 ? -1 : 1;
      d.unscaled = q;
    }
  }
  d.precision = std::max(1, precision + (new_scale - scale));
  d.scale = new_scale;
  return d;
}

double Decimal::ToDouble() const {
  // Going through the text keeps the conversion correctly rounded.
  std::string s = ToString();
  return std::strtod(s.c_str(), nullptr);
}

bool Value::operator==(const Value& other) const {
  if (is_decimal() && other.is_decimal()) {
    return CompareDecimals(as_decimal(), other.as_decimal()) == 0;
  }
  if (v_.index() != other.v_.index()) return false;
  if (is_null()) return true;
  if (is_bool()) return as_bool() == other.as_bool();
  if (is_int()) return as_int() == other.as_int();
  if (is_double()) return as_double() == other.as_double();
  if (is_string()) return as_string() == other.as_string();
  if (is_list()) return as_list() == other.as_list();
  if (is_map()) return as_map() == other.as_map();
  return false;
}

int CompareValues(const Value& a, const Value& b) {
  int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case 2:
      if (a.is_int() && b.is_int()) {
        return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
      }
      if (a.is_decimal() && b.is_decimal()) return CompareDecimals(a.as_decimal(), b.as_decimal());
      return CompareDoubles(AsDouble(a), AsDouble(b));
    case 3: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case 4: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = CompareValues(x[i], y[i]);
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    default: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = CompareValues(x[i].first, y[i].first);
        if (c == 0) c = CompareValues(x[i].second, y[i].second);
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
  }
}

size_t HashValue(const Value& v) {
  if (v.is_null()) return 0x5bd1e995;
  if (v.is_bool()) return v.as_bool() ? 0x1234567 : 0x7654321;
  if (v.is_int()) return std::hash<int64_t>()(v.as_int());
  if (v.is_double()) {
    double d = v.as_double();
    if (d == 0) d = 0;  // -0.0 and 0.0 are equal
    if (std::isnan(d)) return 0x7ff8;
    return std::hash<double>()(d);
  }
  if (v.is_string()) return std::hash<std::string>()(v.as_string());
  if (v.is_decimal()) {
    // Equal decimals at different scales must hash alike: strip trailing zeros.
    Decimal d = v.as_decimal();
    while (d.scale > 0 && d.unscaled % 10 == 0) {
      d.unscaled /= 10;
      --d.scale;
    }
    uint64_t lo = static_cast<uint64_t>(d.unscaled);
    uint64_t hi = static_cast<uint64_t>(d.unscaled >> 64);
    return Mix(Mix(std::hash<uint64_t>()(lo), std::hash<uint64_t>()(hi)),
               static_cast<size_t>(d.scale));
  }
  size_t h = v.is_list() ? 0x11 : 0x22;
  if (v.is_list()) {
    for (const auto& e : v.as_list()) h = Mix(h, HashValue(e));
  } else {
    for (const auto& e : v.as_map()) h = Mix(Mix(h, HashValue(e.first)), HashValue(e.second));
  }
  return h;
}

std::string DoubleToString(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // e.g. "-1.2345e+02"
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t epos = sci.find('e');
  int exp = std::atoi(sci.c_str() + epos + 1);
  std::string digits;
  for (size_t i = 0; i < epos; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  std::string out;
  double ad = std::fabs(d);
  if (ad >= 1e-3 && ad < 1e7) {
    if (exp >= 0) {
      std::string ip = digits.substr(0, std::min(digits.size(), static_cast<size_t>(exp) + 1));
      while (ip.size() < static_cast<size_t>(exp) + 1) ip += '0';
      std::string fp = digits.size() > static_cast<size_t>(exp) + 1 ? digits.substr(exp + 1) : "";
      if (fp.empty()) fp = "0";
      out = ip + "." + fp;
    } else {
      out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    }
  } else {
    std::string mant = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
    out = mant + "E" + std::to_string(exp);
  }
  return neg ? "-" + out : out;
}

static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += kB64[(n >> 6) & 63];
    out += kB64[n & 63];
  }
  if (i < in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool Base64Decode(const std::string& text, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : text) {
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad) return false;
    const char* p = std::strchr(kB64, c);
    if (c == 0 || p == nullptr) return false;
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return pad <= 2;
}

namespace {

std::string DisplayNested(const Value& v, const Type& t) { return ValueToDisplayString(v, t); }

}  // namespace

std::string ValueToDisplayString(const Value& v, const Type& t) {
  if (v.is_null()) return "null";
  switch (t.kind) {
    case TypeKind::kBoolean:
      return v.is_bool() ? (v.as_bool() ? "true" : "false") : "?";
    case TypeKind::kInt:
    case TypeKind::kBigint:
      return v.is_int() ? std::to_string(v.as_int()) : "?";
    case TypeKind::kDouble:
      return v.is_double() ? DoubleToString(v.as_double()) : "?";
    case TypeKind::kDecimal:
      return v.is_decimal() ? v.as_decimal().ToString() : "?";
    case TypeKind::kString:
      return v.is_string() ? v.as_string() : "?";
    case TypeKind::kBytes:
      return v.is_string() ? Base64Encode(v.as_string()) : "?";
    case TypeKind::kDate:
      return v.is_int() ? FormatDateIso(v.as_int()) : "?";
    case TypeKind::kTime:
      return v.is_int() ? FormatTimeIso(v.as_int()) : "?";
    case TypeKind::kTimestamp:
      return v.is_int() ? FormatTimestampIso(v.as_int()) : "?";
    case TypeKind::kArray: {
      if (!v.is_list()) return "?";
      std::string s = "[";
      const auto& items = v.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) s += ", ";
        s += t.element ? DisplayNested(items[i], *t.element) : "?";
      }
      return s + "]";
    }
    case TypeKind::kMap: {
      if (!v.is_map()) return "?";
      std::string s = "{";
      const auto& entries = v.as_map();
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i) s += ", ";
        s += t.key ? DisplayNested(entries[i].first, *t.key) : "?";
        s += "=";
        s += t.element ? DisplayNested(entries[i].second, *t.element) : "?";
      }
      return s + "}";
    }
    case TypeKind::kStruct: {
      if (!v.is_list()) return "?";
      std::string s = "{";
      const auto& items = v.as_list();
      for (size_t i = 0; i < t.fields.size(); ++i) {
        if (i) s += ", ";
        s += t.fields[i].name + "=";
        s += i < items.size() ? DisplayNested(items[i], *t.fields[i].type) : "null";
      }
      return s + "}";
    }
    case TypeKind::kNull:
      return "null";
  }
  return "?";
}

int DecimalDigitCount(unsigned __int128 magnitude) {
  int n = 1;
  while (magnitude >= 10) {
    magnitude /= 10;
    ++n;
  }
  return n;
}

}  // namespace riffle
