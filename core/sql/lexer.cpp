#include "core/sql/lexer.h"

#include <cctype>
#include <cstring>

#include "core/common/text.h"

namespace riffle {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '@' || c >= 0x80; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Walks the input keeping the line:column of the current byte.
class Scanner {
 public:
  explicit Scanner(const std::string& text) : text_(text) {}

  bool AtEnd() const { return i_ >= text_.size(); }
  char Peek(size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }
  size_t offset() const { return i_; }
  SourcePos pos() const { return {line_, column_}; }

  void Advance() {
    if (AtEnd()) return;
    unsigned char c = static_cast<unsigned char>(text_[i_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      // A UTF-8 sequence counts as one column: only its lead byte advances the column.
      ++column_;
    }
  }
  void Advance(size_t n) {
    for (size_t k = 0; k < n; ++k) Advance();
  }

 private:
  const std::string& text_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

const char* const kTwoCharSymbols[] = {"->", ":=", "=>", "||", "<>", "!=", "<=", ">="};
const char kOneCharSymbols[] = "()[],.;:+-*/%=<>";

void SkipWhitespaceAndComments(Scanner& s) {
  while (!s.AtEnd()) {
    char c = s.Peek();
    if (std::isspace(static_cast<unsigned char>(c))) {
      s.Advance();
    } else if (c == '-' && s.Peek(1) == '-') {
      while (!s.AtEnd() && s.Peek() != '\n') s.Advance();
    } else if (c == '/' && s.Peek(1) == '*') {
      SourcePos start = s.pos();
      s.Advance(2);
      while (!s.AtEnd() && !(s.Peek() == '*' && s.Peek(1) == '/')) s.Advance();
      if (s.AtEnd()) ThrowParse(start, "unterminated comment: '/*' without '*/'");
      s.Advance(2);
    } else {
      return;
    }
  }
}

// Reads a quoted run starting at the opening `quote`; a doubled quote stands for one.
std::string ReadQuoted(Scanner& s, char quote, const char* what) {
  SourcePos start = s.pos();
  s.Advance();
  std::string out;
  while (true) {
    if (s.AtEnd()) {
      ThrowParse(start, std::string("unterminated ") + what + ": missing closing " + quote);
    }
    char c = s.Peek();
    if (c == quote) {
      if (s.Peek(1) == quote) {
        out.push_back(quote);
        s.Advance(2);
        continue;
      }
      s.Advance();
      return out;
    }
    out.push_back(c);
    s.Advance();
  }
}

// Reads a number: digits [. digits] [E [+-] digits], or . digits [E ...].
void ReadNumber(Scanner& s, const std::string& text, Token& token) {
  size_t start = s.offset();
  bool has_point = false;
  bool has_exponent = false;
  while (IsDigit(s.Peek())) s.Advance();
  if (s.Peek() == '.') {
    has_point = true;
    s.Advance();
    while (IsDigit(s.Peek())) s.Advance();
  }
  char e = s.Peek();
  if ((e == 'e' || e == 'E') &&
      (IsDigit(s.Peek(1)) || ((s.Peek(1) == '+' || s.Peek(1) == '-') && IsDigit(s.Peek(2))))) {
    has_exponent = true;
    s.Advance(2);
    while (IsDigit(s.Peek())) s.Advance();
  }
  if (IsIdentStart(static_cast<unsigned char>(s.Peek()))) {
    // ksqlDB accepts identifiers that start with digits ("AS 1R"); a number with a point or
    // an exponent cannot continue as one.
    if (has_point || has_exponent) {
      ThrowParse(s.pos(),
                 "invalid number: '" + text.substr(start, s.offset() - start) + s.Peek() + "...'");
    }
    while (IsIdentChar(static_cast<unsigned char>(s.Peek()))) s.Advance();
    token.kind = TokenKind::kIdentifier;
    token.text = text.substr(start, s.offset() - start);
    AsciiUpperInPlace(token.text);
    return;
  }
  token.kind = has_exponent ? TokenKind::kDouble
               : has_point  ? TokenKind::kDecimal
                            : TokenKind::kInteger;
  token.text = text.substr(start, s.offset() - start);
}

bool EndsValue(const std::vector<Token>& tokens) {
  if (tokens.empty()) return false;
  const Token& t = tokens.back();
  return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier ||
         t.IsSymbol(")") || t.IsSymbol("]");
}

}  // namespace

std::vector<Token> Tokenize(const std::string& text) {
  std::vector<Token> tokens;
  Scanner s(text);
  while (true) {
    SkipWhitespaceAndComments(s);
    Token token;
    token.pos = s.pos();
    token.offset = s.offset();
    if (s.AtEnd()) {
      token.kind = TokenKind::kEnd;
      tokens.push_back(std::move(token));
      return tokens;
    }
    unsigned char c = static_cast<unsigned char>(s.Peek());
    if (IsIdentStart(c)) {
      token.kind = TokenKind::kIdentifier;
      while (!s.AtEnd() && IsIdentChar(static_cast<unsigned char>(s.Peek()))) {
        char ch = s.Peek();
        token.text.push_back(AsciiUpperChar(ch));
        s.Advance();
      }
    } else if (c == '`' || c == '"') {
      token.kind = TokenKind::kQuotedIdentifier;
      token.text = ReadQuoted(s, static_cast<char>(c), "quoted identifier");
      if (token.text.empty()) ThrowParse(token.pos, "empty quoted identifier");
    } else if (c == '\'') {
      token.kind = TokenKind::kString;
      token.text = ReadQuoted(s, '\'', "string literal");
    } else if (IsDigit(static_cast<char>(c)) ||
               (c == '.' && IsDigit(s.Peek(1)) && !EndsValue(tokens))) {
      ReadNumber(s, text, token);
    } else {
      token.kind = TokenKind::kSymbol;
      for (const char* sym : kTwoCharSymbols) {
        if (s.Peek() == sym[0] && s.Peek(1) == sym[1]) {
          token.text = std::string(sym, 2);
          break;
        }
      }
      if (token.text.empty() && c != '\0' && std::strchr(kOneCharSymbols, c) != nullptr) {
        token.text = std::string(1, static_cast<char>(c));
      }
      if (token.text.empty()) {
        std::string shown = c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c))
                                                  : "\\x" + std::to_string(c);
        ThrowParse(token.pos, "unexpected character '" + shown + "'");
      }
      s.Advance(token.text.size());
    }
    token.length = s.offset() - token.offset;
    tokens.push_back(std::move(token));
  }
}

std::string DescribeToken(const Token& token, const std::string& text) {
  if (token.kind == TokenKind::kEnd) return "'<EOF>'";
  return StrCat("'", std::string_view(text).substr(token.offset, token.length), "'");
}

}  // namespace riffle
