#include "core/sql/splitter.h"

#include <cctype>

namespace riffle {
namespace {

enum class State { kNormal, kQuoted, kLineComment, kBlockComment };

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string TrimRight(std::string s) {
  while (!s.empty() && IsSpace(s.back())) s.pop_back();
  return s;
}

}  // namespace

SplitResult SplitStatements(const std::string& input) {
  SplitResult result;
  State state = State::kNormal;
  char quote = 0;
  int line = 1;
  int column = 1;
  // The current statement's first character that is neither whitespace nor comment.
  size_t start = std::string::npos;
  SourcePos start_pos;
  size_t segment_begin = 0;  // just after the previous statement's ';'

  for (size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    char next = i + 1 < input.size() ? input[i + 1] : '\0';
    switch (state) {
      case State::kNormal:
        if (c == '-' && next == '-') {
          state = State::kLineComment;
        } else if (c == '/' && next == '*') {
          state = State::kBlockComment;
          // Skip the '*' so "/*/" does not close the comment; keep the column count right.
          ++i;
          ++column;
        } else if (c == ';') {
          if (start != std::string::npos) {
            result.statements.push_back({TrimRight(input.substr(start, i - start)), start_pos});
          }
          start = std::string::npos;
          segment_begin = i + 1;
        } else if (!IsSpace(c)) {
          if (start == std::string::npos) {
            start = i;
            start_pos = {line, column};
          }
          if (c == '\'' || c == '`' || c == '"') {
            state = State::kQuoted;
            quote = c;
          }
        }
        break;
      case State::kQuoted:
        // A doubled quote ('it''s') closes and immediately reopens, which needs no special case.
        if (c == quote) state = State::kNormal;
        break;
      case State::kLineComment:
        if (c == '\n') state = State::kNormal;
        break;
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state = State::kNormal;
          ++i;
          ++column;
        }
        break;
    }
    if (input[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(input[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  bool unfinished =
      start != std::string::npos || state == State::kQuoted || state == State::kBlockComment;
  if (unfinished) result.remainder = input.substr(segment_begin);
  return result;
}

}  // namespace riffle
