#pragma once
// A small RAII layer over the sqlite3 C API: a connection (Database), a prepared Statement with
// Bind/Step/Column helpers, and a Transaction guard that rolls back unless committed.
//
// Every failure throws RiffleError(ErrorKind::kCatalog) whose message names the database path and
// SQLite's own error text. Values are always bound as parameters, never spliced into SQL text, so
// an error message can never echo a stored value (a password in a WITH property, say).
//
// Thread safety: none. A Database and its Statements must be used by one thread at a time; the
// Catalog serializes access with a mutex.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace riffle::sqlite {

class Database;

class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  ~Statement() = default;

  // Binders take 1-based parameter indexes, as SQLite does. Text and blobs are copied by SQLite
  // (SQLITE_TRANSIENT), so the arguments may die right after the call. Each returns *this.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Runs the statement one step. Returns true when a row is available for the Column* getters,
  // false when the statement has finished. Throws on error.
  bool Step();
  // Runs a statement that returns no rows (or whose rows are ignored) to completion.
  void Run();
  // Makes the statement runnable again and clears its bindings.
  void Reset();

  // Column getters take 0-based indexes and are valid only after Step() returned true.
  // NULL reads as 0 / "".
  int64_t ColumnInt64(int index) const;
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Database;
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  Statement(std::string path, sqlite3_stmt* stmt) : path_(std::move(path)), stmt_(stmt) {}
  [[noreturn]] void Fail(const char* what) const;

  std::string path_;  // for error messages only
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Database {
 public:
  // Opens (creating when absent) the database at `path`; ":memory:" gives a private in-memory
  // database. Opening is lazy in SQLite: a file that is not a database is only detected by the
  // first statement, so callers should run one (e.g. a PRAGMA) right away.
  static Database Open(const std::string& path);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database() = default;

  // Executes one or more SQL statements with no parameters (DDL, PRAGMAs).
  void Exec(std::string_view sql);
  // Prepares a single statement.
  Statement Prepare(std::string_view sql) const;
  // Returns the single integer a query such as "PRAGMA user_version" yields.
  int64_t QueryInt64(std::string_view sql) const;
  // Returns the single text value a query such as "PRAGMA journal_mode=WAL" yields.
  std::string QueryText(std::string_view sql) const;

  // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const;

  int64_t UserVersion() const { return QueryInt64("PRAGMA user_version"); }
  // Sets PRAGMA user_version; inside a transaction this is part of it.
  void SetUserVersion(int64_t version);

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

  // Throws RiffleError(kCatalog) "catalog <path>: <what>: <sqlite message>".
  [[noreturn]] void Fail(std::string_view what) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Database(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

  std::string path_;
  std::unique_ptr<sqlite3, Closer> db_;
};

// Begins a transaction on construction and rolls it back on destruction unless Commit() was
// called. kImmediate takes the write lock up front (waiting up to busy_timeout): use it for every
// transaction that writes, so a read-then-write never fails with SQLITE_BUSY half way through.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };

  explicit Transaction(Database& db, Mode mode = Mode::kImmediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // REQUIRES: not yet committed. Throws on failure (the destructor then rolls back).
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace riffle::sqlite
