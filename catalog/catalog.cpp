// Catalog: opening, schema version, persistent properties and the job-id counter. Sources, jobs
// and checkpoints live in catalog_sources.cpp, catalog_jobs.cpp and catalog_checkpoints.cpp.

#include "catalog/catalog.h"

#include <charconv>

#include "catalog/catalog_internal.h"
#include "catalog/file_security.h"
#include "catalog/migrations.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

namespace {

// Long enough to ride out another process's checkpoint or a WAL checkpoint; short enough that a
// wedged peer produces an error rather than a hung shell.
constexpr int kBusyTimeoutMs = 5000;

constexpr const char* kJobSeqKey = "riffle.job_id_seq";

}  // namespace

std::unique_ptr<Catalog> Catalog::Open(const std::string& path) {
  catalog::PrepareDatabaseFile(path);
  sqlite::Database db = sqlite::Database::Open(path);
  db.Exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs));
  // The first statement that reads the file: a file that is not a database (or is damaged in
  // its header) fails here.
  std::string mode;
  try {
    mode = db.QueryText("PRAGMA journal_mode = WAL");
  } catch (const RiffleError&) {
    db.Fail("cannot open");
  }
  if (path != ":memory:" && mode != "wal") {
    throw RiffleError(
        ErrorKind::kCatalog,
        "catalog " + path + ": cannot enable WAL mode (journal mode is " + mode + ")");
  }
  // NORMAL is durable against process crashes in WAL mode; a power loss may lose the last
  // checkpoint, which at-least-once replay tolerates.
  db.Exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  catalog::Migrate(db);
  catalog::TightenCompanionFiles(path);
  return std::make_unique<Catalog>(PrivateTag(), std::move(db));
}

Catalog::~Catalog() = default;

int64_t Catalog::SchemaVersion() const {
  std::lock_guard<std::mutex> lock(mu_);
  return db_.UserVersion();
}

void Catalog::SetMeta(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Statement stmt = db_.Prepare(
      "INSERT INTO meta(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  stmt.Bind(1, key).Bind(2, value).Run();
}

std::optional<std::string> Catalog::GetMeta(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Statement stmt = db_.Prepare("SELECT value FROM meta WHERE key = ?1");
  stmt.Bind(1, key);
  if (!stmt.Step()) return std::nullopt;
  return stmt.ColumnText(0);
}

std::string Catalog::NextJobId(const std::string& prefix) {
  if (prefix.empty()) {
    throw RiffleError(ErrorKind::kCatalog, "catalog " + path() + ": empty job id prefix");
  }
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  int64_t last = 0;
  sqlite::Statement read = db_.Prepare("SELECT value FROM meta WHERE key = ?1");
  read.Bind(1, kJobSeqKey);
  if (read.Step()) {
    std::string text = read.ColumnText(0);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), last);
    if (ec != std::errc() || end != text.data() + text.size() || last < 0) {
      throw RiffleError(ErrorKind::kCatalog,
                        "catalog " + path() + ": job id counter is damaged (" + text + ")");
    }
  }
  int64_t next = last + 1;
  sqlite::Statement write = db_.Prepare(
      "INSERT INTO meta(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  write.Bind(1, kJobSeqKey).Bind(2, std::to_string(next)).Run();
  tx.Commit();
  return AsciiUpper(prefix) + "_" + std::to_string(next);
}

}  // namespace riffle
