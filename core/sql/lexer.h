#pragma once
// The SQL lexer: turns statement text into tokens with 1-based line:column positions.

#include <cstddef>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace riffle {

enum class TokenKind : uint8_t {
  kEnd,               // end of input (always the last token)
  kIdentifier,        // unquoted word; text upper-cased (keywords are identifiers too)
  kQuotedIdentifier,  // `name` or "name"; text verbatim, escapes (`` / "") resolved
  kString,            // 'text'; text unescaped ('' -> ')
  kInteger,           // 42
  kDecimal,           // 1.5, .5, 2.
  kDouble,            // 1.5E3, 1e-2
  kSymbol,            // operators and punctuation: ( ) [ ] , . ; : + - * / % || = <> != < <= > >=
                      // -> := =>
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;   // see TokenKind
  SourcePos pos;      // of the first character
  size_t offset = 0;  // byte range of the token in the input, quotes included
  size_t length = 0;

  bool IsSymbol(const char* symbol) const { return kind == TokenKind::kSymbol && text == symbol; }
  // True for an unquoted identifier spelled `keyword` (which must be upper case).
  bool IsKeyword(const char* keyword) const {
    return kind == TokenKind::kIdentifier && text == keyword;
  }
};

// Splits `text` into tokens, skipping whitespace and comments (`-- ...` to end of line and
// `/* ... */`). The result always ends with one kEnd token positioned just past the input.
// Columns count characters (UTF-8 continuation bytes do not advance the column).
// Throws RiffleError(kParse) at the offending position for an unterminated string, quoted
// identifier or block comment, and for a character that starts no token.
std::vector<Token> Tokenize(const std::string& text);

// A short description of a token for error messages: 'FORM' (as written), or '<EOF>'.
std::string DescribeToken(const Token& token, const std::string& text);

}  // namespace riffle
