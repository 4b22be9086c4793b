#pragma once
// Helpers shared by the catalog_*.cpp files; not part of the public API.

#include <cstdint>
#include <optional>
#include <string>

#include "catalog/sqlite_db.h"

namespace riffle::catalog_internal {

// Milliseconds since the Unix epoch, wall clock.
int64_t NowMs();

// Resolves a user-supplied name against `column` of `table`: the value equal to `name` exactly,
// else the only value equal ignoring ASCII case. nullopt when none; throws RiffleError(kCatalog)
// naming the candidates when several match only ignoring case. `what` ("source", "job") is used
// in that message. `table` and `column` must be trusted identifiers.
std::optional<std::string> ResolveName(const sqlite::Database& db, const char* table,
                                       const char* column, const std::string& name,
                                       const char* what);

}  // namespace riffle::catalog_internal
