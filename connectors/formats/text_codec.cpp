#include "connectors/formats/text_codec.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace riffle::formats {

namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Splits std::to_chars scientific output "[-]d[.ddd]e[+-]xx" into significant digits (no
// trailing zeros, at least one) and the decimal exponent of the first digit.
void SplitScientific(std::string_view s, std::string_view& digits_out, char* digit_buf,
                     int& exponent) {
  size_t e = s.find('e');
  size_t n = 0;
  for (size_t i = 0; i < e; ++i) {
    if (IsDigit(s[i])) digit_buf[n++] = s[i];
  }
  while (n > 1 && digit_buf[n - 1] == '0') --n;
  digits_out = std::string_view(digit_buf, n);
  exponent = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exponent);
}

unsigned __int128 Pow10(int n) {
  unsigned __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Parses [+-]?digits with the given magnitude limit for the positive side (the negative side
// allows one more, as two's complement does).
bool ParseJavaIntegral(std::string_view text, uint64_t max_positive, int64_t& out) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return false;
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? max_positive + 1 : max_positive;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return false;
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

}  // namespace

void AppendJavaDouble(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (d == 0) {
    out += std::signbit(d) ? "-0.0" : "0.0";
    return;
  }
  if (d < 0) out.push_back('-');
  double magnitude = std::fabs(d);
  char buf[64];
  char digit_buf[40];
  auto res = std::to_chars(buf, buf + sizeof(buf), magnitude, std::chars_format::scientific);
  std::string_view digits;
  int exponent = 0;
  SplitScientific(std::string_view(buf, res.ptr - buf), digits, digit_buf, exponent);
  if (digits.size() == 1) {
    // Java (JDK 19+ and, for these cases, earlier) renders at least two significant digits,
    // choosing the two-digit decimal closest to the value: Double.MIN_VALUE is "4.9E-324".
    res = std::to_chars(buf, buf + sizeof(buf), magnitude, std::chars_format::scientific, 1);
    SplitScientific(std::string_view(buf, res.ptr - buf), digits, digit_buf, exponent);
  }
  if (exponent >= -3 && exponent < 7) {
    if (exponent >= 0) {
      size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out.append(digits);
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out.append(digits.substr(0, int_len));
        out.push_back('.');
        out.append(digits.substr(int_len));
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out.append(digits);
    }
  } else {
    out.push_back(digits[0]);
    out.push_back('.');
    if (digits.size() > 1) {
      out.append(digits.substr(1));
    } else {
      out.push_back('0');
    }
    out.push_back('E');
    AppendInt(exponent, out);
  }
}

void AppendInt(int64_t v, std::string& out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

void AppendDecimal(const Decimal& d, std::string& out) {
  unsigned __int128 magnitude =
      d.unscaled < 0 ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(d.unscaled)
                     : static_cast<unsigned __int128>(d.unscaled);
  char buf[48];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (d.unscaled < 0) out.push_back('-');
  int scale = d.scale;
  if (scale <= 0) {
    for (int i = n - 1; i >= 0; --i) out.push_back(buf[i]);
    out.append(static_cast<size_t>(-scale), '0');
    return;
  }
  // Digits are in buf in reverse; pad with zeros so there is at least one integer digit.
  while (n < scale + 1) buf[n++] = '0';
  for (int i = n - 1; i >= 0; --i) {
    out.push_back(buf[i]);
    if (i == scale) out.push_back('.');
  }
}

void AppendBase64(std::string_view bytes, std::string& out) {
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t triple = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out.push_back(kBase64Alphabet[(triple >> 18) & 63]);
    out.push_back(kBase64Alphabet[(triple >> 12) & 63]);
    out.push_back(kBase64Alphabet[(triple >> 6) & 63]);
    out.push_back(kBase64Alphabet[triple & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t triple = uint32_t{p[i]} << 16;
    out.push_back(kBase64Alphabet[(triple >> 18) & 63]);
    out.push_back(kBase64Alphabet[(triple >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    uint32_t triple = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
    out.push_back(kBase64Alphabet[(triple >> 18) & 63]);
    out.push_back(kBase64Alphabet[(triple >> 12) & 63]);
    out.push_back(kBase64Alphabet[(triple >> 6) & 63]);
    out.push_back('=');
  }
}

bool DecodeBase64(std::string_view text, std::string& out) {
  size_t len = text.size();
  size_t pad = 0;
  while (len > 0 && text[len - 1] == '=' && pad < 2) {
    --len;
    ++pad;
  }
  if (pad > 0 && (len + pad) % 4 != 0) return false;
  if (len % 4 == 1) return false;
  out.clear();
  out.reserve(len * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    int v = Base64Value(text[i]);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

bool ParseJavaInt32(std::string_view text, int64_t& out) {
  return ParseJavaIntegral(text, 2147483647ULL, out);
}

bool ParseJavaInt64(std::string_view text, int64_t& out) {
  return ParseJavaIntegral(text, 9223372036854775807ULL, out);
}

bool ParseJavaDouble(std::string_view text, double& out) {
  // Java trims every character <= ' ' on both sides.
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "NaN") {
    out = std::nan("");
    return true;
  }
  if (text == "Infinity") {
    out = negative ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (!text.empty()) {
    char last = text.back();
    if (last == 'f' || last == 'F' || last == 'd' || last == 'D') text.remove_suffix(1);
  }
  // Validate the grammar ourselves: from_chars would also accept "inf", "nan" and hex.
  size_t i = 0;
  size_t int_digits = 0;
  size_t frac_digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++int_digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < text.size() && IsDigit(text[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != text.size()) return false;
  double value = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec == std::errc::result_out_of_range) {
    // Java rounds overflow to infinity and underflow to zero rather than failing.
    bool has_big_exponent = text.find_first_of("eE") != std::string_view::npos;
    size_t e = text.find_first_of("eE");
    bool exp_negative = has_big_exponent && e + 1 < text.size() && text[e + 1] == '-';
    value = exp_negative ? 0.0 : HUGE_VAL;
  } else if (res.ec != std::errc() || res.ptr != text.data() + text.size()) {
    return false;
  }
  out = negative ? -value : value;
  return true;
}

bool ParseDecimalFit(std::string_view text, int precision, int scale, Decimal& out,
                     std::string& error) {
  auto fail = [&](const char* why) {
    error = "Cannot parse '";
    error.append(text);
    error += "' as DECIMAL(" + std::to_string(precision) + ", " + std::to_string(scale) +
             "): " + why;
    return false;
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  // Significant digits (leading zeros dropped), and the power of ten of the last one.
  char digits[96];
  int n = 0;
  int64_t exp10 = 0;
  int64_t dropped = 0;  // significant digits beyond the buffer, before the point
  bool any_digit = false;
  auto take = [&](char c, bool fractional) {
    any_digit = true;
    if (n == 0 && c == '0') {
      if (fractional) --exp10;
      return;
    }
    if (n < static_cast<int>(sizeof(digits))) {
      digits[n++] = c;
      if (fractional) --exp10;
    } else if (!fractional) {
      // Integer digits past the buffer only add magnitude (the value will overflow anyway);
      // fraction digits past it are below the first rounding digit and cannot matter.
      ++dropped;
    }
  };
  while (i < text.size() && IsDigit(text[i])) take(text[i++], false);
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) take(text[i++], true);
  }
  if (!any_digit) return fail("not a number");
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return fail("not a number");
    int64_t e = 0;
    while (i < text.size() && IsDigit(text[i])) {
      if (e < 1000000) e = e * 10 + (text[i] - '0');
      ++i;
    }
    exp10 += exp_negative ? -e : e;
  }
  if (i != text.size()) return fail("not a number");
  exp10 += dropped;
  // value = digits[0..n) * 10^exp10; unscaled = value * 10^scale. digits[0] is non-zero, so
  // the unscaled value has n + shift digits (one more if rounding carries).
  auto overflow = [&] {
    error = "Numeric field overflow: A field with precision " + std::to_string(precision) +
            " and scale " + std::to_string(scale) +
            " must round to an absolute value less than 10^" +
            std::to_string(precision - scale) + ". Got ";
    error.append(text);
    return false;
  };
  int64_t shift = exp10 + scale;
  unsigned __int128 magnitude = 0;
  if (n == 0) {
    magnitude = 0;
  } else if (shift >= 0) {
    if (n + shift > precision) return overflow();
    for (int k = 0; k < n; ++k) magnitude = magnitude * 10 + static_cast<unsigned>(digits[k] - '0');
    magnitude *= Pow10(static_cast<int>(shift));
  } else {
    int64_t keep = n + shift;  // digits that stay left of the rounding point
    if (keep > 0) {
      if (keep > precision) return overflow();
      for (int64_t k = 0; k < keep; ++k) {
        magnitude = magnitude * 10 + static_cast<unsigned>(digits[k] - '0');
      }
      if (digits[keep] >= '5') ++magnitude;  // HALF_UP, as ksqlDB rounds
    } else if (keep == 0 && digits[0] >= '5') {
      magnitude = 1;
    }
  }
  if (magnitude != 0 && DecimalDigitCount(magnitude) > precision) return overflow();
  out.unscaled = negative ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
  out.precision = precision;
  out.scale = scale;
  return true;
}


}  // namespace riffle::formats
