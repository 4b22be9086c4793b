// Miscellaneous functions: GEO_DISTANCE (great-circle distance), SPLIT_TO_MAP, MD5 and UUID.

#include <strings.h>

#include <algorithm>
#include <cmath>

#include "core/expr/functions_util.h"

namespace riffle {
namespace {

TypePtr ResolveGeo(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 4, 5, pos);
  for (size_t i = 0; i < 4; ++i) {
    if (!ArgIsNumeric(a[i])) ThrowNoSignature(name, a, pos);
    a[i] = Type::Double();
  }
  if (a.size() == 5) {
    if (!ArgIsString(a[4])) ThrowNoSignature(name, a, pos);
    a[4] = Type::String();
  }
  return Type::Double();
}

// Haversine distance, in km (default) or miles, as ksqlDB's GeoDistance.
Value GeoDistance(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  for (size_t i = 0; i < 4; ++i) {
    if (a[i]->is_null()) return Value();
  }
  double radius = 6371;
  if (n == 5 && !a[4]->is_null()) {
    const std::string& unit = a[4]->as_string();
    if (strcasecmp(unit.c_str(), "MI") == 0 || strcasecmp(unit.c_str(), "MILES") == 0) {
      radius = 3959;
    } else if (strcasecmp(unit.c_str(), "KM") != 0 &&
               strcasecmp(unit.c_str(), "KILOMETERS") != 0) {
      ctx.RecordError("GEO_DISTANCE: radius unit must be KM or MI, not '" + unit + "'");
      return Value();
    }
  }
  double lat1 = a[0]->as_double(), lon1 = a[1]->as_double();
  double lat2 = a[2]->as_double(), lon2 = a[3]->as_double();
  if (std::fabs(lat1) > 90 || std::fabs(lat2) > 90 || std::fabs(lon1) > 180 ||
      std::fabs(lon2) > 180) {
    ctx.RecordError("GEO_DISTANCE: latitude must be within [-90, 90], longitude [-180, 180]");
    return Value();
  }
  constexpr double kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double h = std::pow(std::sin(dlat / 2), 2) +
             std::pow(std::sin(dlon / 2), 2) * std::cos(lat1 * kRad) * std::cos(lat2 * kRad);
  return Value::Double(2 * radius * std::asin(std::sqrt(h)));
}

TypePtr ResolveSplitToMap(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 3, 3, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return Type::Map(Type::String(), Type::String());
}

std::vector<std::string> SplitOn(const std::string& s, const std::string& delim) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(delim, start);
    if (at == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + delim.size();
  }
}

// Entries without the key/value delimiter are skipped; a later key wins.
Value SplitToMap(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const std::string& entry_delim = a[1]->as_string();
  const std::string& kv_delim = a[2]->as_string();
  if (entry_delim.empty() || kv_delim.empty() || entry_delim == kv_delim) return Value();
  ValueMap out;
  for (const std::string& entry : SplitOn(a[0]->as_string(), entry_delim)) {
    // As ksqlDB (Guava's splitter): the value ends at the next key/value delimiter.
    std::vector<std::string> kv = SplitOn(entry, kv_delim);
    if (entry.empty() || kv.size() < 2) continue;
    Value key = Value::String(kv[0]);
    Value val = Value::String(kv[1]);
    bool replaced = false;
    for (auto& e : out) {
      if (e.first.as_string() == key.as_string()) {
        e.second = val;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(std::move(key), std::move(val));
  }
  return Value::Map(std::move(out));
}

// RFC 1321 MD5 of `data`, as 32 lowercase hex digits.
std::string Md5Hex(const std::string& data) {
  static const uint32_t kK[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
      0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
      0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
      0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
      0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
      0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
      0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
      0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
      0xeb86d391};
  static const int kR[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                             5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                             4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                             6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  std::string msg = data;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int i = 0; i < 8; ++i) msg += static_cast<char>((bits >> (8 * i)) & 0xff);
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  for (size_t off = 0; off < msg.size(); off += 64) {
    uint32_t w[16];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + off + 4 * i);
      w[i] = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      uint32_t t = d;
      d = c;
      c = b;
      uint32_t x = a + f + kK[i] + w[g];
      b = b + ((x << kR[i]) | (x >> (32 - kR[i])));
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint32_t v : h) {
    for (int i = 0; i < 4; ++i) {
      unsigned char byte = (v >> (8 * i)) & 0xff;
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

TypePtr ResolveMd5(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 1, 1, pos);
  if (!ArgIsString(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}
Value Md5(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return Value::String(Md5Hex(a[0]->as_string()));
}

// UUID() or UUID(bytes).
TypePtr ResolveUuid(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 0, 1, pos);
  if (a.size() == 1) {
    if (!ArgIsBytes(a[0]) && !ArgIsString(a[0])) ThrowNoSignature(name, a, pos);
    a[0] = Type::Bytes();  // a STRING converts to BYTES (a function-argument cast)
  }
  return Type::String();
}

// 16 bytes as 8-4-4-4-12 lower-case hex digits.
std::string FormatUuid(const unsigned char* b) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return out;
}

// A random (version 4, RFC 4122 variant) UUID, or the UUID a 16-byte value spells (NULL for
// any other length).
Value Uuid(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  unsigned char b[16];
  if (n == 1) {
    const std::string& bytes = a[0]->as_string();
    if (bytes.size() != 16) return Value();
    std::copy(bytes.begin(), bytes.end(), b);
    return Value::String(FormatUuid(b));
  }
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = ctx.rng();
    for (int k = 0; k < 8; ++k) b[i + k] = static_cast<unsigned char>(r >> (8 * k));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return Value::String(FormatUuid(b));
}

}  // namespace

void RegisterMiscFunctions(FunctionRegistry& r) {
  r.Register(fn::Make("UUID", "STRING",
                      "A random (version 4) UUID, or the UUID of 16 bytes (NULL for another length).",
                      {"UUID() -> STRING", "UUID(bytes BYTES) -> STRING"}, ResolveUuid, Uuid, true,
                      false));
  r.Register(fn::Make("GEO_DISTANCE", "MATHEMATICAL",
                      "Great-circle distance between two lat/lon points, in KM (default) or MI.",
                      {"GEO_DISTANCE(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE[, unit "
                       "STRING]) -> DOUBLE"},
                      ResolveGeo, GeoDistance, false));
  r.Register(fn::Make("SPLIT_TO_MAP", "STRING",
                      "Splits a string into key/value pairs with an entry and a key delimiter.",
                      {"SPLIT_TO_MAP(str STRING, entry_delim STRING, kv_delim STRING) -> "
                       "MAP<STRING, STRING>"},
                      ResolveSplitToMap, SplitToMap));
  r.Register(fn::Make("MD5", "STRING", "The MD5 digest of a string's UTF-8 bytes, in hex.",
                      {"MD5(str STRING) -> STRING"}, ResolveMd5, Md5));
}

}  // namespace riffle
