#pragma once
// ASCII case helpers for SQL identifiers and keywords (SQL folds case byte-wise, not by locale).

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

}  // namespace riffle
