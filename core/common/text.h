#pragma once
// ASCII case helpers for SQL identifiers and keywords (SQL folds case byte-wise, not by locale),
// and StrCat.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace riffle {

inline std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

inline bool AsciiIEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
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

}  // namespace riffle
