#include "tests/sql/runner/diff.h"

namespace riffle::sqltest {

std::string LineDiff(const std::vector<std::string>& expected,
                     const std::vector<std::string>& actual) {
  size_t n = expected.size(), m = actual.size();
  // lcs[i][j]: length of the LCS of expected[i..] and actual[j..].
  std::vector<std::vector<size_t>> lcs(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1
                                           : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == actual[j]) {
      out += "    " + expected[i++] + "\n";
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "  + " + actual[j++] + "\n";
    } else {
      out += "  - " + expected[i++] + "\n";
    }
  }
  return out;
}

}  // namespace riffle::sqltest
