#pragma once
// ksqlDB's names for what a query creates without a name: a select item without an alias, a
// PARTITION BY expression that is not a column. A struct field `s->town` is named after the
// field, any other expression KSQL_COL_<n>; a name is never one a source already has. A name
// `X_<digits>` counts as number <digits> of `X` (a bare `X` as number 0), so with a source
// column KSQL_COL_0 the first generated name is KSQL_COL_1, and with a column TOWN the field
// `s->town` is named TOWN_1.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/sql/ast.h"

namespace riffle {

class ColumnAliasGenerator {
 public:
  // `taken`: the columns of every source of the query (keys and values, not pseudo-columns).
  explicit ColumnAliasGenerator(const std::vector<std::string>& taken);

  // The next KSQL_COL_<n> whose number no source column and no earlier call took.
  std::string NextKsqlCol() { return Next("KSQL_COL", /*drop_zero=*/false); }
  // The field's name (made unique the same way) for a dereference, else NextKsqlCol().
  std::string UniqueAliasFor(const Expr& e);

 private:
  std::string Next(const std::string& prefix, bool drop_zero);

  std::map<std::string, std::set<int>> used_;  // prefix -> numbers taken
  std::map<std::string, int64_t> next_;       // prefix -> next number to try
};

// Splits `name` into the prefix and number ksqlDB's generators see: `A_12` -> (A, 12),
// `A` -> (A, 0). The number is -1 when the digits do not fit an int.
std::pair<std::string, int> SplitNumberedName(const std::string& name);

}  // namespace riffle
