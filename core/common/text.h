#pragma once
// ASCII case helpers for SQL identifiers and keywords (SQL folds case byte-wise, not by locale),
// AppendUtf8, StrCat and ParseInt64.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riffle {

// Byte-wise, independent of the locale: only 'a'-'z' and 'A'-'Z' change.
constexpr char AsciiUpperChar(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}
constexpr char AsciiLowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

inline void AsciiUpperInPlace(std::string& text) {
  for (char& c : text) c = AsciiUpperChar(c);
}
inline void AsciiLowerInPlace(std::string& text) {
  for (char& c : text) c = AsciiLowerChar(c);
}

inline std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  AsciiUpperInPlace(out);
  return out;
}
inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  AsciiLowerInPlace(out);
  return out;
}

inline bool AsciiIEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiUpperChar(x) == AsciiUpperChar(y);
         });
}

inline bool AsciiIStartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && AsciiIEquals(text.substr(0, prefix.size()), prefix);
}

// Appends code point `cp` (REQUIRES: <= 0x10FFFF) to `out` as UTF-8. Surrogates are encoded as
// they are (as Java's String holds them); callers that must not emit them check first.
inline void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Concatenates strings (anything a std::string_view can be made from) with one allocation.
// Prefer it to `"literal" + TemporaryString()`: besides the copies, that form makes GCC 12 report
// false -Wrestrict errors at -O3 (GCC bug 105329), which break the Release build.
template <typename... Parts>
std::string StrCat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ... + 0));
  (out.append(std::string_view(parts)), ...);
  return out;
}

// The whole of `text` as an integer in `base` (an optional sign, then digits; no spaces, nothing
// after them), or nullopt when it is not one or does not fit in 64 bits. Never throws.
inline std::optional<int64_t> ParseInt64(std::string_view text, int base = 10) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace riffle
