#pragma once
// The SQL parser: ksqlDB's statement grammar (plus riffle's SHOW JOBS, EXPLAIN <job>,
// PAUSE/RESUME) into the AST of core/sql/ast.h.
//
// Positions. Parse errors are positioned in the text given to the function. Positions stored
// in the AST (Expr::pos, Relation::pos, ...) are relative to the statement's own text
// (Statement::text, line 1 column 1 = its first character), so a later error can be shown with
// FormatError(error, statement.text). Statement::pos is where that text starts in the input.

#include <string>
#include <vector>

#include "core/sql/ast.h"

namespace riffle {

// Parses every ';'-separated statement in `text`. Empty statements (";;") and a missing final
// ';' are fine. Each Statement's `text` runs from its first token to its last (';' excluded).
// Throws RiffleError(kParse) on the first syntax error, e.g.
// "mismatched input 'FORM' expecting FROM" with suggestion "did you mean FROM?".
std::vector<Statement> ParseStatements(const std::string& text);

// Parses exactly one statement (a trailing ';' is optional). Throws RiffleError(kParse) when the
// text holds no statement or more than one.
Statement ParseStatement(const std::string& text);

// Parses one expression, e.g. "a + 1 > b". Positions are relative to `text`.
// Throws RiffleError(kParse) on a syntax error or trailing input.
ExprPtr ParseExpression(const std::string& text);

// Parses a type as the parser's grammar spells it ("ARRAY<STRUCT<A INT>>"). Throws
// RiffleError(kParse). (core/types has ParseType for catalog round-trips; this one shares the
// statement parser's grammar and messages.)
TypePtr ParseSqlType(const std::string& text);

}  // namespace riffle
