#pragma once
// A line diff for failure reports: "  same", "- expected only", "+ actual only".

#include <string>
#include <vector>

namespace riffle::sqltest {

// Returns the diff of `expected` against `actual`, one output line per input line, from a
// longest-common-subsequence alignment (inputs are small: a query's rows).
std::string LineDiff(const std::vector<std::string>& expected,
                     const std::vector<std::string>& actual);

}  // namespace riffle::sqltest
