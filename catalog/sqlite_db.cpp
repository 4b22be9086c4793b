#include "catalog/sqlite_db.h"

#include <sqlite3.h>

#include "core/common/error.h"

namespace riffle::sqlite {

namespace {

[[noreturn]] void ThrowCatalog(std::string_view path, std::string_view what, const char* detail) {
  std::string message = "catalog ";
  message += path;
  message += ": ";
  message += what;
  if (detail != nullptr && *detail != '\0') {
    message += ": ";
    message += detail;
  }
  throw RiffleError(ErrorKind::kCatalog, std::move(message));
}

}  // namespace

// ---- Statement ----

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

void Statement::Fail(const char* what) const {
  ThrowCatalog(path_, what, sqlite3_errmsg(sqlite3_db_handle(stmt_.get())));
}

Statement& Statement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) Fail("bind failed");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    Fail("bind failed");
  }
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_blob64 with a null pointer
  // binds NULL, so point at a static byte instead.
  static const char kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  if (sqlite3_bind_blob64(stmt_.get(), index, data, bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) {
    Fail("bind failed");
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) Fail("bind failed");
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Fail("statement failed");
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int64_t Statement::ColumnInt64(int index) const { return sqlite3_column_int64(stmt_.get(), index); }

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), index);
  int size = sqlite3_column_bytes(stmt_.get(), index);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string Statement::ColumnBlob(int index) const {
  const void* data = sqlite3_column_blob(stmt_.get(), index);
  int size = sqlite3_column_bytes(stmt_.get(), index);
  if (data == nullptr) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

// ---- Database ----

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Database Database::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the Catalog serializes access itself, so SQLite's own per-connection mutex would
  // only cost time. No URI parsing: a path is always a file name.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // Even a failed open may allocate a handle that must be closed; the Database owns it now.
  Database db(path, raw);
  if (rc != SQLITE_OK) {
    ThrowCatalog(path, "cannot open", raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  return db;
}

void Database::Fail(std::string_view what) const {
  ThrowCatalog(path_, what, db_ ? sqlite3_errmsg(db_.get()) : "not open");
}

void Database::Exec(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string detail = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    ThrowCatalog(path_, "statement failed", detail.c_str());
  }
}

Statement Database::Prepare(std::string_view sql) const {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    Fail("cannot prepare statement");
  }
  return Statement(path_, stmt);
}

int64_t Database::QueryInt64(std::string_view sql) const {
  Statement stmt = Prepare(sql);
  if (!stmt.Step()) return 0;
  return stmt.ColumnInt64(0);
}

std::string Database::QueryText(std::string_view sql) const {
  Statement stmt = Prepare(sql);
  if (!stmt.Step()) return std::string();
  return stmt.ColumnText(0);
}

int64_t Database::Changes() const { return sqlite3_changes64(db_.get()); }

void Database::SetUserVersion(int64_t version) {
  // PRAGMAs take no bound parameters; the value is an integer we produced, so formatting it into
  // the text is safe.
  Exec("PRAGMA user_version = " + std::to_string(version));
}

// ---- Transaction ----

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
  db_.Exec(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) roll the transaction back on their own; only
  // roll back when one is still open. Errors cannot be reported from a destructor.
  if (!done_ && sqlite3_get_autocommit(db_.handle()) == 0) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

}  // namespace riffle::sqlite
