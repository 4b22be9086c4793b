#pragma once
// The names an expression can refer to: the columns of the input batch (each with the alias of
// the source it came from), optionally the pseudo-columns ROWTIME/ROWPARTITION/ROWOFFSET, and
// optionally whole expressions already computed into columns (the planner uses those for
// aggregate results and GROUP BY expressions).

#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/types/schema.h"
#include "core/types/type.h"

namespace riffle {

struct ScopeColumn {
  std::string qualifier;  // source alias (upper-cased as the parser stores it), may be empty
  std::string name;
  TypePtr type;
  int index = -1;  // column index in the input batch
};

enum class PseudoColumn : uint8_t { kNone, kRowtime, kRowpartition, kRowoffset };

// The pseudo-column named `name` (case-insensitive), or kNone.
PseudoColumn PseudoColumnFromName(const std::string& name);
// "ROWTIME", "ROWPARTITION", "ROWOFFSET" ("" for kNone).
const char* PseudoColumnName(PseudoColumn p);
// Whether `name` (as stored: unquoted identifiers upper-cased) is one of ksqlDB's system
// columns, which no source or result column may be called: the pseudo-columns, WINDOWSTART and
// WINDOWEND.
bool IsSystemColumnName(const std::string& name);
TypePtr PseudoColumnType(PseudoColumn p);

// The suggestion for a column name written in double quotes that does not resolve. ksqlDB
// reads "PAID" as an identifier (like `PAID`), while users coming from other tools usually mean
// the string 'PAID': the hint says so and spells the literal. `other_hint` (such as "did you
// mean STATUS?"), when not empty, comes first.
std::string DoubleQuotedNameHint(const std::string& name, const std::string& other_hint);

class Scope {
 public:
  Scope() = default;

  // Adds one column readable at batch column `index`.
  void AddColumn(std::string qualifier, std::string name, TypePtr type, int index);
  // Adds every column of `schema`, at batch indexes first_index, first_index + 1, ...
  void AddSchema(const std::string& qualifier, const Schema& schema, int first_index = 0);
  // Lets `synonym` qualify the columns added under `qualifier` (ksqlDB accepts both a source's
  // alias and its name: FROM ORDERS O ... ORDERS.ID and O.ID). Case-insensitive.
  void AddQualifierSynonym(std::string qualifier, std::string synonym);
  // Makes `qualifier.name`, a pseudo-column, read batch column `index` instead of the row's
  // metadata (a join input's own ROWTIME). The unqualified name still means the metadata.
  void AddQualifiedPseudoColumn(std::string qualifier, std::string name, int index);
  // Makes `expr_text` (an Expr::ToString() rendering) resolve to batch column `index`. When
  // binding, any sub-expression whose text matches is read from that column.
  void AddExpressionColumn(std::string expr_text, TypePtr type, int index);

  // Adds a lambda parameter readable at batch column `index`. Lambda parameters are
  // unqualified and shadow columns of the same name; later ones shadow earlier ones (nested
  // lambdas).
  void AddLambdaVariable(std::string name, TypePtr type, int index);
  // One past the highest batch column index any name of this scope reads (0 when none).
  int EndIndex() const;

  // Whether ROWTIME, ROWPARTITION and ROWOFFSET resolve to the batch's row metadata (when no
  // real column of that name exists). Default true.
  void set_allow_pseudo_columns(bool allow) { allow_pseudo_ = allow; }
  bool allow_pseudo_columns() const { return allow_pseudo_; }

  const std::vector<ScopeColumn>& columns() const { return columns_; }

  // The clause being bound ("SELECT", "WHERE"), named in errors as ksqlDB names it: "SELECT
  // column 'X' cannot be resolved." Empty: "Column 'X' cannot be resolved".
  void set_clause(std::string clause) { clause_ = std::move(clause); }
  const std::string& clause() const { return clause_; }

  // Finds the column `qualifier.name` (qualifier may be empty): exact name match first, then
  // case-insensitive. Returns nullptr when a pseudo-column should be used instead (see
  // ResolvePseudo). Throws RiffleError(kBind) at `pos` when the source or column is unknown
  // (with a "did you mean" hint) or an unqualified name is ambiguous. An unknown name that
  // was `double_quoted` gets DoubleQuotedNameHint.
  const ScopeColumn* Resolve(const std::string& qualifier, const std::string& name,
                             SourcePos pos, bool double_quoted = false) const;
  // The pseudo-column `name` refers to, when allowed and not shadowed by a real column.
  PseudoColumn ResolvePseudo(const std::string& qualifier, const std::string& name) const;
  // The column holding a precomputed expression with this text, or nullptr.
  const ScopeColumn* FindExpression(const std::string& expr_text) const;
  bool has_expression_columns() const { return !expressions_.empty(); }

 private:
  bool HasQualifier(const std::string& q) const;
  // The qualifier `q` stands for (itself unless it is a synonym).
  const std::string& Canonical(const std::string& q) const;

  std::vector<ScopeColumn> columns_;
  std::vector<ScopeColumn> expressions_;
  std::vector<ScopeColumn> lambda_vars_;
  std::vector<ScopeColumn> qualified_pseudo_;
  std::vector<std::pair<std::string, std::string>> synonyms_;  // (synonym, qualifier)  // name holds the expression text
  bool allow_pseudo_ = true;
  std::string clause_;
};

}  // namespace riffle
