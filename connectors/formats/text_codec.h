#pragma once
// Text renderings and strict parsers shared by the text formats (JSON, DELIMITED). They follow
// the Java methods ksqlDB relies on, so bytes riffle writes match the bytes ksqlDB writes. All
// appenders append to `out` without clearing it; parsers never throw.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types/json_string.h"
#include "core/types/value.h"

namespace riffle::formats {

// Java's Double.toString: "1.0", "0.001", "1.0E7", "4.9E-324", "-0.0", "NaN", "Infinity".
void AppendJavaDouble(double d, std::string& out);
// Plain decimal with exactly d.scale fractional digits ("12.30", "-0.05"), never exponents.
void AppendDecimal(const Decimal& d, std::string& out);
void AppendInt(int64_t v, std::string& out);
// RFC 4648 base64 with padding.
void AppendBase64(std::string_view bytes, std::string& out);

// Integer.parseInt / Long.parseLong: optional sign, ASCII digits, in range; nothing else.
bool ParseJavaInt32(std::string_view text, int64_t& out);
bool ParseJavaInt64(std::string_view text, int64_t& out);
// Double.parseDouble (without hex floats): surrounding whitespace, optional sign, "NaN",
// "Infinity", digits with optional fraction and exponent, an optional f/F/d/D suffix.
bool ParseJavaDouble(std::string_view text, double& out);
// Base64 (padding optional); false on a character outside the alphabet or a bad length.
bool DecodeBase64(std::string_view text, std::string& out);

// Parses a decimal number ("12.3", "-.5", "1e3", as new BigDecimal(text) accepts) and fits it
// to DECIMAL(precision, scale): extra fraction digits round HALF_UP, too many integer digits is
// an error. On failure returns false and sets `error`.
bool ParseDecimalFit(std::string_view text, int precision, int scale, Decimal& out,
                     std::string& error);

using riffle::AppendJsonString;  // core/types/json_string.h

}  // namespace riffle::formats
