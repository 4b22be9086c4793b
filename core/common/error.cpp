#include "core/common/error.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/common/secrets.h"
#include "core/common/text.h"

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
  // The statement is shown with its secrets masked (core/common/secrets.h); the caret follows
  // the mask. The message and suggestion may quote the statement ("mismatched input 'p4ss'"):
  // the statement's secret values are masked in them too.
  out << ": " << MaskSecretsOf(statement_text, error.message());
  if (pos.Known()) {
    size_t line_start = 0;
    int line = 1;
    while (line < pos.line && line_start < statement_text.size()) {
      if (statement_text[line_start++] == '\n') ++line;
    }
    if (line == pos.line && line_start < statement_text.size()) {
      size_t line_end = std::min(statement_text.find('\n', line_start), statement_text.size());
      size_t caret = std::min(line_start + std::max(0, pos.column - 1), line_end);
      std::string shown = RedactSql(statement_text, &caret);
      // Masking may join or split lines (a PEM literal spans several): find the caret's line in
      // the text as shown.
      size_t shown_start = caret == 0 ? 0 : shown.rfind('\n', caret - 1);
      shown_start = shown_start == std::string::npos || caret == 0 ? 0 : shown_start + 1;
      size_t shown_end = std::min(shown.find('\n', caret), shown.size());
      std::string text = shown.substr(shown_start, shown_end - shown_start);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      out << "\n  " << text << "\n  " << std::string(caret - shown_start, ' ') << "^";
    }
  }
  if (!error.suggestion().empty()) {
    out << "\n  " << MaskSecretsOf(statement_text, error.suggestion());
  }
  return out.str();
}

namespace {
// Optimal string alignment distance: like Levenshtein, plus a swap of two adjacent letters
// counts as one edit ("FORM" is one edit from "FROM").
size_t EditDistance(const std::string& a, const std::string& b) {
  auto same = [](char x, char y) {
    return AsciiUpperChar(x) == AsciiUpperChar(y);
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
