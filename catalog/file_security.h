#pragma once
// Keeps catalog files private: the catalog holds WITH properties, which may include passwords.

#include <string>

namespace riffle::catalog {

// Creates every missing directory on the way to `db_path` with mode 0700, and the database file
// itself with mode 0600 when absent. An existing file owned by this user is tightened to 0600.
// Does nothing for ":memory:". Throws RiffleError(kCatalog) naming the path when a directory or
// the file cannot be created or opened for writing.
void PrepareDatabaseFile(const std::string& db_path);

// Sets mode 0600 on the "-wal", "-shm" and "-journal" companions of `db_path` that exist and are
// owned by this user. SQLite already creates them with the database file's mode; this is a
// best-effort guard for files left behind by older tools. Never throws.
void TightenCompanionFiles(const std::string& db_path);

}  // namespace riffle::catalog
