#include "core/sql/parser.h"

#include <charconv>

#include "core/sql/identifier.h"
#include "core/sql/parser_impl.h"

namespace riffle {
namespace sql_internal {

Parser::Parser(const std::string& text) : text_(text), tokens_(Tokenize(text)) {}

const Token& Parser::Peek(size_t ahead) const {
  size_t i = index_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

void Parser::Advance() {
  if (!AtEnd()) ++index_;
}

void Parser::Note(const std::string& what, bool is_keyword) {
  if (expected_at_ != index_) {
    expected_.clear();
    expected_at_ = index_;
  }
  for (const auto& e : expected_) {
    if (e.text == what) return;
  }
  expected_.push_back({what, is_keyword});
}

bool Parser::CheckKeyword(const char* keyword) {
  Note(keyword, true);
  return Cur().IsKeyword(keyword);
}

bool Parser::TryKeyword(const char* keyword) {
  if (!CheckKeyword(keyword)) return false;
  Advance();
  return true;
}

bool Parser::CheckSymbol(const char* symbol) {
  Note(std::string("'") + symbol + "'");
  return Cur().IsSymbol(symbol);
}

bool Parser::CheckOperator(const char* symbol) {
  Note("an operator");
  return Cur().IsSymbol(symbol);
}

bool Parser::TrySymbol(const char* symbol) {
  if (!CheckSymbol(symbol)) return false;
  Advance();
  return true;
}

void Parser::ExpectKeyword(const char* keyword) {
  if (!TryKeyword(keyword)) Fail();
}

void Parser::ExpectSymbol(const char* symbol) {
  if (!TrySymbol(symbol)) Fail();
}

bool Parser::CheckIdentifier() const {
  const Token& t = Cur();
  return t.kind == TokenKind::kQuotedIdentifier ||
         (t.kind == TokenKind::kIdentifier && !IsReservedWord(t.text));
}

std::string Parser::ExpectIdentifier(const char* what, SourcePos* pos) {
  Note(what);
  if (!CheckIdentifier()) {
    if (Cur().kind == TokenKind::kIdentifier) {
      FailAt(
          Cur(), "mismatched input " + DescribeToken(Cur(), text_) + " expecting " + what,
          Cur().text + " is a reserved word: quote it as `" + Cur().text + "` to use it as a name");
    }
    Fail();
  }
  if (pos != nullptr) *pos = RelCur();
  std::string name = Cur().text;
  Advance();
  return name;
}

std::string Parser::ExpectString(const char* what) {
  Note(what);
  if (Cur().kind != TokenKind::kString) Fail();
  std::string value = Cur().text;
  Advance();
  return value;
}

int64_t Parser::ExpectInteger(const char* what) {
  Note(what);
  if (Cur().kind != TokenKind::kInteger) Fail();
  int64_t value = 0;
  const std::string& digits = Cur().text;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    FailAt(Cur(), "number out of range: " + digits);
  }
  Advance();
  return value;
}

void Parser::RejectMisplacedStructStars() {
  if (struct_stars_.empty()) return;
  FailAt(tokens_[struct_stars_.front()],
         "'->*' (all fields of a struct) is only allowed as a whole item of a SELECT list");
}

SourcePos Parser::Rel(const Token& token) const {
  SourcePos p = token.pos;
  if (p.line == base_.line) return {1, p.column - base_.column + 1};
  return {p.line - base_.line + 1, p.column};
}

SourcePos Parser::Abs(SourcePos relative) const {
  if (relative.line == 1) return {base_.line, relative.column + base_.column - 1};
  return {relative.line + base_.line - 1, relative.column};
}

void Parser::FailAt(const Token& token, const std::string& message, const std::string& hint) {
  ThrowParse(token.pos, message, hint);
}

// ClosestMatch, plus one swap of adjacent letters ("FORM" for FROM), the commonest typo, which
// plain edit distance counts as two edits and so rejects for short words.
std::string SuggestKeyword(const std::string& word, const std::vector<std::string>& keywords) {
  std::string match = ClosestMatch(word, keywords);
  if (!match.empty()) return match;
  for (const auto& keyword : keywords) {
    if (keyword.size() != word.size()) continue;
    std::vector<size_t> diffs;
    for (size_t i = 0; i < word.size() && diffs.size() <= 2; ++i) {
      if (word[i] != keyword[i]) diffs.push_back(i);
    }
    if (diffs.size() == 2 && diffs[1] == diffs[0] + 1 && word[diffs[0]] == keyword[diffs[1]] &&
        word[diffs[1]] == keyword[diffs[0]]) {
      return keyword;
    }
  }
  return "";
}

void Parser::Fail() {
  std::vector<std::string> keywords;
  std::vector<std::string> all;
  if (expected_at_ == index_) {
    for (const auto& e : expected_) {
      all.push_back(e.text);
      if (e.is_keyword) keywords.push_back(e.text);
    }
  }
  // A misspelt keyword just consumed as an alias ("FROM s WHER x > 1") is the real culprit.
  if (index_ > 0 && implicit_aliases_.count(index_ - 1) > 0) {
    const Token& alias = tokens_[index_ - 1];
    std::string match = SuggestKeyword(alias.text, keywords);
    if (!match.empty()) {
      FailAt(alias, "mismatched input " + DescribeToken(alias, text_) + " expecting " + match,
             "did you mean " + match + "?");
    }
  }
  const Token& t = Cur();
  std::string match;
  if (t.kind == TokenKind::kIdentifier) match = SuggestKeyword(t.text, keywords);
  std::string message = "mismatched input " + DescribeToken(t, text_) + " expecting ";
  if (!match.empty()) {
    FailAt(t, message + match, "did you mean " + match + "?");
  }
  if (all.empty()) {
    message += "end of statement";
  } else if (all.size() == 1) {
    message += all[0];
  } else {
    const size_t kShown = 10;
    message += "one of ";
    for (size_t i = 0; i < all.size() && i < kShown; ++i) {
      if (i > 0) message += ", ";
      message += all[i];
    }
    if (all.size() > kShown) message += ", ...";
  }
  FailAt(t, message);
}

std::vector<Statement> Parser::ParseStatementList() {
  std::vector<Statement> statements;
  while (true) {
    while (Cur().IsSymbol(";")) Advance();
    if (AtEnd()) break;
    const Token& first = Cur();
    base_ = first.pos;
    implicit_aliases_.clear();
    size_t first_index = index_;
    struct_stars_.clear();
    Statement statement = ParseStatementBody();
    RejectMisplacedStructStars();
    const Token& last = tokens_[index_ > first_index ? index_ - 1 : first_index];
    statement.pos = first.pos;
    statement.text = text_.substr(first.offset, last.offset + last.length - first.offset);
    Note("';'");
    if (!Cur().IsSymbol(";") && !AtEnd()) Fail();
    statements.push_back(std::move(statement));
  }
  return statements;
}

ExprPtr Parser::ParseStandaloneExpression() {
  if (AtEnd()) {
    Note("an expression");
    Fail();
  }
  base_ = {1, 1};
  ExprPtr expr = ParseExpr();
  RejectMisplacedStructStars();
  Note("end of expression");
  if (!AtEnd()) Fail();
  return expr;
}

TypePtr Parser::ParseStandaloneType() {
  TypePtr type = ParseType();
  Note("end of type");
  if (!AtEnd()) Fail();
  return type;
}

ExprPtr MakeLiteral(Value value, TypePtr type, SourcePos pos) {
  auto expr = std::make_unique<Expr>();
  expr->kind = ExprKind::kLiteral;
  expr->literal = std::move(value);
  expr->literal_type = std::move(type);
  expr->pos = pos;
  return expr;
}

}  // namespace sql_internal

std::vector<Statement> ParseStatements(const std::string& text) {
  sql_internal::Parser parser(text);
  return parser.ParseStatementList();
}

Statement ParseStatement(const std::string& text) {
  std::vector<Statement> statements = ParseStatements(text);
  if (statements.empty()) ThrowParse({1, 1}, "empty statement: nothing to run");
  if (statements.size() > 1) {
    ThrowParse(statements[1].pos,
               "expected a single statement, found " + std::to_string(statements.size()));
  }
  return std::move(statements[0]);
}

ExprPtr ParseExpression(const std::string& text) {
  sql_internal::Parser parser(text);
  return parser.ParseStandaloneExpression();
}

TypePtr ParseSqlType(const std::string& text) {
  sql_internal::Parser parser(text);
  return parser.ParseStandaloneType();
}

}  // namespace riffle
