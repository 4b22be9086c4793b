#pragma once
// Internal to core/sql: the recursive-descent parser shared by parse_*.cpp. Not a public API.

#include <set>
#include <string>
#include <vector>

#include "core/sql/ast.h"
#include "core/sql/lexer.h"

namespace riffle::sql_internal {

class Parser {
 public:
  // `text` must outlive the parser.
  explicit Parser(const std::string& text);

  // --- Grammar entry points (parse_statement.cpp, parse_query.cpp, parse_expr.cpp,
  // parse_type.cpp). Each consumes exactly its construct.
  std::vector<Statement> ParseStatementList();
  ExprPtr ParseStandaloneExpression();
  TypePtr ParseStandaloneType();

  Statement ParseStatementBody();
  std::unique_ptr<Query> ParseQuery();
  ExprPtr ParseExpr();
  TypePtr ParseType();

 private:
  // --- Token access and expectations (parser.cpp).
  const Token& Cur() const { return tokens_[index_]; }
  const Token& Peek(size_t ahead) const;
  bool AtEnd() const { return Cur().kind == TokenKind::kEnd; }
  void Advance();
  // Records that `keyword` would be accepted here, then tests (Check) or consumes (Try) it.
  bool CheckKeyword(const char* keyword);
  bool TryKeyword(const char* keyword);
  bool CheckSymbol(const char* symbol);
  bool TrySymbol(const char* symbol);
  // Tests for an operator symbol, recording the expectation only as "an operator".
  bool CheckOperator(const char* symbol);
  void ExpectKeyword(const char* keyword);
  void ExpectSymbol(const char* symbol);
  // A name: an unquoted non-reserved word (upper-cased) or a quoted identifier (verbatim).
  bool CheckIdentifier() const;
  std::string ExpectIdentifier(const char* what, SourcePos* pos = nullptr);
  std::string ExpectString(const char* what);
  int64_t ExpectInteger(const char* what);
  // Records a non-keyword expectation ("an expression") for the error message.
  void Note(const std::string& what, bool is_keyword = false);
  // Throws "mismatched input X expecting ..." for the current token.
  [[noreturn]] void Fail();
  [[noreturn]] void FailAt(const Token& token, const std::string& message,
                           const std::string& hint = "");
  // Position of `token` relative to the current statement's first token, and back.
  SourcePos Rel(const Token& token) const;
  SourcePos Abs(SourcePos relative) const;
  SourcePos RelCur() const { return Rel(Cur()); }
  void MarkImplicitAlias() { implicit_aliases_.insert(index_); }

  // --- Statements (parse_statement.cpp).
  Statement ParseCreate();
  Statement ParseDrop();
  Statement ParseAlter();
  Statement ParseInsert();
  Statement ParseShow();
  Statement ParseDescribe();
  Statement ParsePrint();
  Statement ParseExplain();
  Statement ParseJobControl(JobControl action);
  void ParseColumnSpecs(CreateSourceStmt& stmt);
  Properties ParseProperties();
  PropertyValue ParsePropertyValue();
  std::string ParseJobId();

  // --- Queries (parse_query.cpp).
  SelectItem ParseSelectItem();
  Relation ParseRelation();
  // ORDER BY, which streaming SQL has no place for, explained instead of "mismatched input".
  void RejectOrderBy();
  bool TryParseJoin(Join& join);
  WithinClause ParseWithin();
  WindowSpec ParseWindow();
  int64_t ParseDuration();
  std::vector<ExprPtr> ParseGroupingList();
  bool AtClauseEnd() const;

  // --- Expressions (parse_expr.cpp).
  ExprPtr ParseOr();
  ExprPtr ParseAnd();
  ExprPtr ParseNot();
  ExprPtr ParsePredicate();
  ExprPtr ParsePredicateAfter(ExprPtr left);
  ExprPtr ParseConcat();
  ExprPtr ParseAdditive();
  ExprPtr ParseMultiplicative();
  ExprPtr ParseUnary();
  ExprPtr ParsePostfix();
  ExprPtr ParsePostfixAfter(ExprPtr base);
  ExprPtr ParsePrimary();
  [[noreturn]] void FailExpectingExpression();
  ExprPtr ParseParenthesized();
  ExprPtr ParseCast();
  ExprPtr ParseArrayConstructor();
  ExprPtr ParseMapOrStructConstructor();
  ExprPtr ParseColumnRef();
  ExprPtr ParseLiteral();
  // After a unary minus before a number: BIGINT's minimum as a literal, an out-of-range
  // literal as an error naming it with its sign, else nullptr (negate as usual).
  ExprPtr ParseNegativeLiteralEdge(SourcePos pos);
  ExprPtr ParseCase();
  ExprPtr ParseFunctionCall();
  ExprPtr ParseFunctionArg();
  bool AtLambda() const;
  ExprPtr ParseLambda();
  ExprPtr MakeExpr(ExprKind kind, const Token& at) const;
  // Whether `t` is an identifier written in double quotes ("name", not `name`).
  bool IsDoubleQuoted(const Token& t) const;
  ExprPtr Binary(Op op, ExprPtr left, ExprPtr right, SourcePos pos);
  ExprPtr Unary(Op op, ExprPtr operand, SourcePos pos);
  // Sets the height of a node whose children are complete and refuses it, at its position, when
  // it passes kMaxNestingDepth. Every node with children goes through here: chains such as
  // a + b + c are built by loops, so the recursion guards alone do not bound a tree's height.
  ExprPtr Bounded(ExprPtr expr);

  struct Expected {
    std::string text;
    bool is_keyword = false;
  };

  const std::string& text_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  // What the parser tried at token `expected_at_`, for error messages.
  size_t expected_at_ = 0;
  std::vector<Expected> expected_;
  // Tokens consumed as an alias without AS: a misspelt keyword often lands here
  // ("SELECT a FORM s"), so errors just after one are reported at it instead.
  std::set<size_t> implicit_aliases_;
  SourcePos base_{1, 1};  // first token of the current statement
  // Tokens of `->*` stars not yet accepted as a whole select item; any left over at the end of
  // a statement are misplaced.
  std::vector<size_t> struct_stars_;
  void RejectMisplacedStructStars();
};

// The keyword `word` was probably meant as (ClosestMatch, also accepting one swap of adjacent
// letters such as FORM for FROM), or "" when none is close.
std::string SuggestKeyword(const std::string& word, const std::vector<std::string>& keywords);

// Wraps a literal value and its type into an expression.
ExprPtr MakeLiteral(Value value, TypePtr type, SourcePos pos);

}  // namespace riffle::sql_internal
