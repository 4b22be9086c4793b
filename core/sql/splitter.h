#pragma once
// Splits accumulated shell input into complete ';'-terminated statements, so the shell knows
// when to run what was typed and when to prompt for more.

#include <string>
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

}  // namespace riffle
