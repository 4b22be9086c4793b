#include "core/sql/splitter.h"

#include <cctype>

namespace riffle {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string TrimRight(std::string s) {
  while (!s.empty() && IsSpace(s.back())) s.pop_back();
  return s;
}

}  // namespace

const std::string StatementSplitter::kEmpty;

SplitResult SplitStatements(const std::string& input) {
  StatementSplitter splitter;
  SplitResult result;
  result.statements = splitter.Feed(input);
  splitter.Finish();
  result.remainder = splitter.remainder();
  return result;
}

std::vector<SplitStatement> StatementSplitter::Feed(std::string_view text) {
  std::vector<SplitStatement> out;
  buffer_.append(text);
  Scan(false, out);
  return out;
}

void StatementSplitter::Finish() {
  std::vector<SplitStatement> ignored;  // a held-back '-' or '/' cannot complete a statement
  Scan(true, ignored);
}

void StatementSplitter::Clear() { *this = StatementSplitter(); }

void StatementSplitter::Scan(bool at_end, std::vector<SplitStatement>& out) {
  size_t segment_end = 0;  // just after the last ';' that ended a statement in this scan
  size_t i = scanned_;
  for (; i < buffer_.size(); ++i) {
    char c = buffer_[i];
    const bool has_next = i + 1 < buffer_.size();
    char next = has_next ? buffer_[i + 1] : '\0';
    // "-", "/" and "*" may pair with a character not fed yet: wait for it.
    if (!has_next && !at_end &&
        ((state_ == State::kNormal && (c == '-' || c == '/')) ||
         (state_ == State::kBlockComment && c == '*'))) {
      break;
    }
    switch (state_) {
      case State::kNormal:
        if (c == '-' && next == '-') {
          state_ = State::kLineComment;
        } else if (c == '/' && next == '*') {
          state_ = State::kBlockComment;
          // Skip the '*' so "/*/" does not close the comment; keep the column count right.
          ++i;
          ++column_;
        } else if (c == ';') {
          if (start_ != std::string::npos) {
            out.push_back({TrimRight(buffer_.substr(start_, i - start_)), start_pos_});
          }
          start_ = std::string::npos;
          segment_end = i + 1;
        } else if (!IsSpace(c)) {
          if (start_ == std::string::npos) {
            start_ = i;
            start_pos_ = {line_, column_};
          }
          if (c == '\'' || c == '`' || c == '"') {
            state_ = State::kQuoted;
            quote_ = c;
          }
        }
        break;
      case State::kQuoted:
        // A doubled quote ('it''s') closes and immediately reopens, which needs no special case.
        if (c == quote_) state_ = State::kNormal;
        break;
      case State::kLineComment:
        if (c == '\n') state_ = State::kNormal;
        break;
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state_ = State::kNormal;
          ++i;
          ++column_;
        }
        break;
    }
    if (buffer_[i] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(buffer_[i]) & 0xC0) != 0x80) {
      ++column_;
    }
  }
  scanned_ = i;
  // Keep only the input after the last complete statement.
  if (segment_end > 0) {
    buffer_.erase(0, segment_end);
    scanned_ -= segment_end;
    if (start_ != std::string::npos) start_ -= segment_end;
  }
  unfinished_ = start_ != std::string::npos || state_ == State::kQuoted ||
                state_ == State::kBlockComment || scanned_ < buffer_.size();
  // Whitespace and complete comments are not worth keeping.
  if (!unfinished_) {
    buffer_.clear();
    scanned_ = 0;
  }
}

}  // namespace riffle
