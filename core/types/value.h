#pragma once
// A single SQL value. Values own their data (strings, nested collections) so they can move
// freely between batches, operator state and the catalog. The SQL type is not stored in the
// value: the column or expression that produced it knows it. Integral types (INT, BIGINT, DATE,
// TIME, TIMESTAMP) share the int64 representation; STRING and BYTES share std::string.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/types/type.h"

namespace riffle {

// Exact decimal: unscaled * 10^-scale, up to 38 digits.
struct Decimal {
  __int128 unscaled = 0;
  int32_t precision = 0;
  int32_t scale = 0;

  // "12.30" for unscaled=1230, scale=2. Never uses exponent notation.
  std::string ToString() const;
  // Parses "12.3", "-0.5", "7"; throws RiffleError(kType) if malformed. precision/scale come
  // from the text unless given (then the value is rescaled with HALF_UP rounding).
  static Decimal Parse(const std::string& text);
  // Rescales to `scale` with HALF_UP rounding (ksqlDB's rounding).
  Decimal Rescale(int32_t new_scale) const;
  double ToDouble() const;
};

class Value;
using ValueList = std::vector<Value>;                       // ARRAY elements, STRUCT fields
using ValueMap = std::vector<std::pair<Value, Value>>;      // MAP entries, insertion order

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Bool(bool b) { Value v; v.v_ = b; return v; }
  static Value Int(int64_t i) { Value v; v.v_ = i; return v; }
  static Value Double(double d) { Value v; v.v_ = d; return v; }
  static Value String(std::string s) { Value v; v.v_ = std::move(s); return v; }
  static Value Dec(Decimal d) { Value v; v.v_ = d; return v; }
  static Value List(ValueList items) {
    Value v; v.v_ = std::make_shared<const ValueList>(std::move(items)); return v;
  }
  static Value Map(ValueMap entries) {
    Value v; v.v_ = std::make_shared<const ValueMap>(std::move(entries)); return v;
  }

  // In-place setters for decoders that refill the same row per record: they skip the
  // temporary Value, and SetString reuses this value's string buffer when it holds one.
  void SetInt(int64_t i) { v_ = i; }
  void SetDouble(double d) { v_ = d; }
  void SetBool(bool b) { v_ = b; }
  void SetString(std::string_view s) {
    if (auto* str = std::get_if<std::string>(&v_)) {
      str->assign(s.data(), s.size());
    } else {
      v_.template emplace<std::string>(s);
    }
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_decimal() const { return std::holds_alternative<Decimal>(v_); }
  bool is_list() const { return std::holds_alternative<std::shared_ptr<const ValueList>>(v_); }
  bool is_map() const { return std::holds_alternative<std::shared_ptr<const ValueMap>>(v_); }

  // REQUIRES: the matching is_*() is true.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Decimal& as_decimal() const { return std::get<Decimal>(v_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<const ValueList>>(v_); }
  const ValueMap& as_map() const { return *std::get<std::shared_ptr<const ValueMap>>(v_); }

  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Decimal,
               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>>
      v_;
};

// Renders a value of `type` for display, as ksqlDB's CLI does: strings bare, NULL as "null",
// arrays "[1, 2]", maps "{a=1}", structs "{A=1, B=x}", timestamps ISO-8601 UTC
// ("2020-01-01T00:00:00.000"), dates "2020-01-01", times "12:00:00", bytes base64.
std::string ValueToDisplayString(const Value& value, const Type& type);

// Total order used by ORDER-free comparisons, grouping and tests: NULL first, then by value.
// Values must be of the same type.
int CompareValues(const Value& a, const Value& b);
size_t HashValue(const Value& v);

// Renders a double as Java's Double.toString does (ksqlDB's text form): "1.0", "0.001",
// "1.0E7", "1.5E-4", "NaN", "Infinity", "-Infinity".
std::string DoubleToString(double d);
// Standard base64 (with padding) of raw bytes, as ksqlDB renders BYTES.
std::string Base64Encode(const std::string& bytes);
// Decodes standard base64; returns false on malformed input.
bool Base64Decode(const std::string& text, std::string* out);
// The decimal digits of a signed 128-bit integer ("-123").
std::string Int128ToString(__int128 v);
// How many decimal digits |v| has (1 for 0): a DECIMAL's precision, as Java's
// BigDecimal.precision() counts it.
int DecimalDigitCount(unsigned __int128 magnitude);
inline int DecimalDigitCount(__int128 v) {
  return DecimalDigitCount(v < 0 ? -static_cast<unsigned __int128>(v)
                                 : static_cast<unsigned __int128>(v));
}

}  // namespace riffle
