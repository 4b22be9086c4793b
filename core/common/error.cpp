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
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::toupper(static_cast<unsigned char>(a[i - 1])) ==
                  std::toupper(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace riffle
