#pragma once
// Splits accumulated shell input into complete ';'-terminated statements, so the shell knows
// when to run what was typed and when to prompt for more.

#include <string>
#include <string_view>
#include <vector>

#include "core/common/error.h"

namespace riffle {

struct SplitStatement {
  // The statement from its first token (leading whitespace and comments dropped) to just before
  // its ';', trailing whitespace dropped.
  std::string text;
  SourcePos pos;  // where `text` starts in the input
};

struct SplitResult {
  std::vector<SplitStatement> statements;  // complete statements, in input order
  // The input after the last statement-ending ';', verbatim; empty when it holds nothing but
  // whitespace and complete comments. A non-empty remainder is an unfinished statement (or an
  // unterminated string, quoted identifier or block comment).
  std::string remainder;
};

// A ';' ends a statement only outside '..' strings, `..` and ".." identifiers, -- line comments
// and /* */ block comments. Statements holding only whitespace and comments (";;") are dropped.
// Never throws.
SplitResult SplitStatements(const std::string& input);

// The same split for input that arrives in pieces (the shell's lines): each character is
// scanned once, however many pieces a statement spans, so a statement of N lines costs O(N),
// not O(N^2). Positions count from the first piece fed since construction or Clear().
class StatementSplitter {
 public:
  // Adds `text` and returns the statements it completed.
  std::vector<SplitStatement> Feed(std::string_view text);
  // Ends the input: a character held back because it might start a two-character token
  // ("-" of "--", "/" of "/*") is scanned as the last one.
  void Finish();
  // As SplitResult::remainder, for the input fed so far, except that whitespace and complete
  // comments in pieces that left nothing unfinished are not kept.
  const std::string& remainder() const { return unfinished_ ? buffer_ : kEmpty; }
  void Clear();

 private:
  enum class State { kNormal, kQuoted, kLineComment, kBlockComment };
  static const std::string kEmpty;

  // Scans buffer_ from scanned_; stops before a character whose meaning depends on one not yet
  // fed, unless `at_end`.
  void Scan(bool at_end, std::vector<SplitStatement>& out);

  std::string buffer_;  // the input since just after the last statement-ending ';'
  size_t scanned_ = 0;  // buffer_[0, scanned_) is scanned
  State state_ = State::kNormal;
  char quote_ = 0;
  int line_ = 1;  // position of buffer_[scanned_]
  int column_ = 1;
  // The current statement's first character that is neither whitespace nor comment.
  size_t start_ = std::string::npos;
  SourcePos start_pos_;
  bool unfinished_ = false;
};

}  // namespace riffle
