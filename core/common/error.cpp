#include "core/common/error.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace riffle {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kParse: return "parse";
    case ErrorKind::kBind: return "bind";
    case ErrorKind::kType: return "type";
    case ErrorKind::kRuntime: return "runtime";
    case ErrorKind::kCatalog: return "catalog";
    case ErrorKind::kConnector: return "connector";
  }
  return "error";
}

std::string FormatError(const RiffleError& error, const std::string& statement_text) {
  std::ostringstream out;
  out << "ERROR " << ErrorKindName(error.kind());
  SourcePos pos = error.pos();
  if (pos.Known()) out << " at " << pos.line << ":" << pos.column;
  out << ": " << error.message();
  if (pos.Known()) {
    std::istringstream lines(statement_text);
    std::string line;
    for (int i = 1; std::getline(lines, line); ++i) {
      if (i == pos.line) {
        out << "\n  " << line << "\n  " << std::string(std::max(0, pos.column - 1), ' ') << "^";
        break;
      }
    }
  }
  if (!error.suggestion().empty()) out << "\n  " << error.suggestion();
  return out.str();
}

namespace {
// Optimal string alignment distance: like Levenshtein, plus a swap of two adjacent letters
// counts as one edit ("FORM" is one edit from "FROM").
size_t EditDistance(const std::string& a, const std::string& b) {
  auto same = [](char x, char y) {
    return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}
}  // namespace

std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  // Nobody misspells a name this long; the edit distance would cost its length squared.
  constexpr size_t kLongest = 256;
  if (word.size() > kLongest) return best;
  size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: skip what cannot be closer.
    size_t length_gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (length_gap >= best_distance) continue;
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace riffle
