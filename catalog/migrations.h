#pragma once
// The catalog's schema history. Version N of the schema is what migrations 1..N produce, and
// PRAGMA user_version records the version a database is at. Migrations only move forward and are
// never edited once released: a change to the schema is a new entry at the end of the list.

#include <cstdint>
#include <vector>

#include "catalog/sqlite_db.h"

namespace riffle::catalog {

struct Migration {
  int64_t version;          // 1, 2, ... in order, no gaps
  const char* description;  // why the migration exists, for humans
  const char* sql;          // one or more DDL statements
};

// All migrations in order.
const std::vector<Migration>& Migrations();

// The version a fully migrated catalog has.
int64_t LatestSchemaVersion();

// Brings `db` to LatestSchemaVersion(), one migration per BEGIN IMMEDIATE transaction (the
// version is re-read inside it, so two processes opening the same file never both apply one).
// Throws RiffleError(kCatalog) when the database is newer than this build understands or when a
// migration fails (that migration is rolled back; earlier ones stay applied).
void Migrate(sqlite::Database& db);

}  // namespace riffle::catalog
