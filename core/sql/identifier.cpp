#include "core/sql/identifier.h"

#include <set>

namespace riffle {

bool IsReservedWord(const std::string& upper_word) {
  // Words whose bare use as a name would make the grammar ambiguous (clause and operator
  // keywords). Type names, SHOW targets and the like stay usable as names, as in ksqlDB.
  static const std::set<std::string> kReserved = {
      "AND",    "AS",   "BETWEEN", "BY",     "CASE",   "CAST",   "CREATE",    "DISTINCT", "DROP",
      "ELSE",   "EMIT", "END",     "ESCAPE", "EXISTS", "FALSE",  "FROM",      "FULL",     "GROUP",
      "HAVING", "IN",   "INNER",   "INSERT", "INTO",   "IS",     "JOIN",      "LEFT",     "LIKE",
      "LIMIT",  "NOT",  "NULL",    "ON",     "OR",     "OUTER",  "PARTITION", "RIGHT",    "SELECT",
      "THEN",   "TRUE", "VALUES",  "WHEN",   "WHERE",  "WINDOW", "WITH",      "WITHIN",
  };
  return kReserved.count(upper_word) > 0;
}

std::string FormatIdentifier(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      plain = false;
      break;
    }
  }
  if (plain && !IsReservedWord(name)) return name;
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

}  // namespace riffle
