#include "catalog/catalog_internal.h"

#include <chrono>
#include <vector>

#include "core/common/error.h"

namespace riffle::catalog_internal {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> ResolveName(const sqlite::Database& db, const char* table,
                                       const char* column, const std::string& name,
                                       const char* what) {
  std::string col(column);
  sqlite::Statement exact =
      db.Prepare("SELECT " + col + " FROM " + table + " WHERE " + col + " = ?1");
  exact.Bind(1, name);
  if (exact.Step()) return exact.ColumnText(0);

  sqlite::Statement folded = db.Prepare("SELECT " + col + " FROM " + table + " WHERE " + col +
                                        " = ?1 COLLATE NOCASE ORDER BY " + col);
  folded.Bind(1, name);
  std::vector<std::string> matches;
  while (folded.Step()) matches.push_back(folded.ColumnText(0));
  if (matches.empty()) return std::nullopt;
  if (matches.size() == 1) return matches[0];
  std::string list;
  for (const std::string& m : matches) {
    if (!list.empty()) list += ", ";
    list += m;
  }
  throw RiffleError(ErrorKind::kCatalog, std::string(what) + " name " + name +
                                             " is ambiguous: it matches " + list +
                                             " ignoring case; write the exact name in backquotes");
}

}  // namespace riffle::catalog_internal
