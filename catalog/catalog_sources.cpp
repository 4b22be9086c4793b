// Catalog: streams and tables, their columns and their WITH properties.

#include <exception>

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

namespace {

using catalog_internal::NowMs;
using catalog_internal::ResolveName;

const char* RoleName(ColumnRole role) {
  switch (role) {
    case ColumnRole::kKey: return "key";
    case ColumnRole::kHeader: return "header";
    case ColumnRole::kValue: return "value";
  }
  return "value";
}

ColumnRole RoleFromName(const std::string& name) {
  if (name == "key") return ColumnRole::kKey;
  if (name == "header") return ColumnRole::kHeader;
  return ColumnRole::kValue;  // the CHECK constraint admits only key/value/header
}

const char* KindName(bool is_table) { return is_table ? "table" : "stream"; }

// Reads the source stored under exactly `name`. REQUIRES: it exists, caller holds the lock.
SourceInfo LoadSource(const sqlite::Database& db, const std::string& name) {
  SourceInfo info;
  sqlite::Statement row = db.Prepare(
      "SELECT name, is_table, is_source, topic, key_format, value_format, timestamp_column, "
      "timestamp_format, sql, created_by_job, created_at_ms FROM sources WHERE name = ?1");
  row.Bind(1, name);
  if (!row.Step()) {
    throw RiffleError(ErrorKind::kCatalog,
                      "catalog " + db.path() + ": source " + name + " vanished while being read");
  }
  info.name = row.ColumnText(0);
  info.is_table = row.ColumnInt64(1) != 0;
  info.is_source = row.ColumnInt64(2) != 0;
  info.topic = row.ColumnText(3);
  info.key_format = row.ColumnText(4);
  info.value_format = row.ColumnText(5);
  info.timestamp_column = row.ColumnText(6);
  info.timestamp_format = row.ColumnText(7);
  info.sql = row.ColumnText(8);
  info.created_by_job = row.ColumnText(9);
  info.created_at_ms = row.ColumnInt64(10);

  sqlite::Statement columns = db.Prepare(
      "SELECT name, type, role, header_key FROM source_columns WHERE source_name = ?1 "
      "ORDER BY position");
  columns.Bind(1, name);
  while (columns.Step()) {
    ColumnDef column;
    column.name = columns.ColumnText(0);
    std::string type_text = columns.ColumnText(1);
    try {
      column.type = ParseType(type_text);
    } catch (const std::exception& error) {
      throw RiffleError(ErrorKind::kCatalog, "catalog " + db.path() + ": column " + column.name +
                                                 " of " + name + " has an unreadable type '" +
                                                 type_text + "': " + error.what());
    }
    column.role = RoleFromName(columns.ColumnText(2));
    column.header_key = columns.ColumnText(3);
    info.schema.Add(std::move(column));
  }

  sqlite::Statement props =
      db.Prepare("SELECT key, value FROM source_properties WHERE source_name = ?1");
  props.Bind(1, name);
  while (props.Step()) info.properties[props.ColumnText(0)] = props.ColumnText(1);
  return info;
}

void Validate(const std::string& path, const SourceInfo& info) {
  if (info.name.empty()) {
    throw RiffleError(ErrorKind::kCatalog, "catalog " + path + ": a source needs a name");
  }
  for (const ColumnDef& column : info.schema.columns()) {
    if (!column.type) {
      throw RiffleError(ErrorKind::kCatalog, "catalog " + path + ": column " + column.name +
                                                 " of " + info.name + " has no type");
    }
  }
}

}  // namespace

void Catalog::CreateSource(const SourceInfo& info, bool or_replace) {
  Validate(path(), info);
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);

  sqlite::Statement existing = db_.Prepare("SELECT is_table FROM sources WHERE name = ?1");
  existing.Bind(1, info.name);
  if (existing.Step()) {
    if (!or_replace) {
      throw RiffleError(ErrorKind::kCatalog, std::string("cannot create ") +
                                                 KindName(info.is_table) + " " + info.name +
                                                 ": a " + KindName(existing.ColumnInt64(0) != 0) +
                                                 " with the same name already exists");
    }
    // Columns and properties go with it (ON DELETE CASCADE).
    sqlite::Statement drop = db_.Prepare("DELETE FROM sources WHERE name = ?1");
    drop.Bind(1, info.name).Run();
  }

  sqlite::Statement insert = db_.Prepare(
      "INSERT INTO sources(name, is_table, is_source, topic, key_format, value_format, "
      "timestamp_column, timestamp_format, sql, created_by_job, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  insert.Bind(1, info.name)
      .Bind(2, int64_t{info.is_table})
      .Bind(3, int64_t{info.is_source})
      .Bind(4, info.topic)
      .Bind(5, info.key_format)
      .Bind(6, info.value_format)
      .Bind(7, info.timestamp_column)
      .Bind(8, info.timestamp_format)
      .Bind(9, info.sql)
      .Bind(10, info.created_by_job)
      .Bind(11, info.created_at_ms != 0 ? info.created_at_ms : NowMs())
      .Run();

  sqlite::Statement column = db_.Prepare(
      "INSERT INTO source_columns(source_name, position, name, type, role, header_key) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  int64_t position = 0;
  for (const ColumnDef& def : info.schema.columns()) {
    column.Reset();
    column.Bind(1, info.name)
        .Bind(2, position++)
        .Bind(3, def.name)
        .Bind(4, def.type->ToString())  // field names quoted: they may hold any character
        .Bind(5, RoleName(def.role))
        .Bind(6, def.header_key)
        .Run();
  }

  // Names are upper-cased as ksqlDB does; if two given names differ only in case, the later one
  // (in map order) wins.
  sqlite::Statement prop = db_.Prepare(
      "INSERT OR REPLACE INTO source_properties(source_name, key, value) VALUES (?1, ?2, ?3)");
  for (const auto& [key, value] : info.properties) {
    prop.Reset();
    prop.Bind(1, info.name).Bind(2, AsciiUpper(key)).Bind(3, value).Run();
  }
  tx.Commit();
}

std::optional<SourceInfo> Catalog::GetSource(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);  // one consistent snapshot
  std::optional<std::string> stored = ResolveName(db_, "sources", "name", name, "source");
  if (!stored) return std::nullopt;
  SourceInfo info = LoadSource(db_, *stored);
  tx.Commit();
  return info;
}

std::vector<SourceInfo> Catalog::ListSources() const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  std::vector<std::string> names;
  sqlite::Statement list = db_.Prepare("SELECT name FROM sources ORDER BY name");
  while (list.Step()) names.push_back(list.ColumnText(0));
  std::vector<SourceInfo> sources;
  sources.reserve(names.size());
  for (const std::string& name : names) sources.push_back(LoadSource(db_, name));
  tx.Commit();
  return sources;
}

bool Catalog::DropSource(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  std::optional<std::string> stored = ResolveName(db_, "sources", "name", name, "source");
  if (!stored) return false;
  sqlite::Statement drop = db_.Prepare("DELETE FROM sources WHERE name = ?1");
  drop.Bind(1, *stored).Run();
  tx.Commit();
  return true;
}

}  // namespace riffle
