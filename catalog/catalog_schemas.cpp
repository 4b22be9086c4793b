// Catalog: riffle's schema registry. Confluent's Schema Registry semantics, reduced to what a
// single riffle needs: global ids deduplicated by content, versions per subject.

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "core/common/error.h"

namespace riffle {

namespace {

std::vector<std::pair<std::string, std::string>> LoadReferences(const sqlite::Database& db,
                                                                int64_t id) {
  std::vector<std::pair<std::string, std::string>> refs;
  sqlite::Statement st = db.Prepare(
      "SELECT name, text FROM schema_references WHERE schema_id = ?1 ORDER BY position");
  st.Bind(1, id);
  while (st.Step()) refs.emplace_back(st.ColumnText(0), st.ColumnText(1));
  return refs;
}

std::optional<StoredSchema> LoadSchema(const sqlite::Database& db, int64_t id) {
  sqlite::Statement st = db.Prepare("SELECT format, text FROM schemas WHERE id = ?1");
  st.Bind(1, id);
  if (!st.Step()) return std::nullopt;
  StoredSchema schema;
  schema.id = static_cast<int32_t>(id);
  schema.format = st.ColumnText(0);
  schema.text = st.ColumnText(1);
  schema.references = LoadReferences(db, id);
  return schema;
}

// The id of a stored schema identical to `schema`, or 0.
int64_t FindIdentical(const sqlite::Database& db, const StoredSchema& schema) {
  sqlite::Statement st = db.Prepare("SELECT id FROM schemas WHERE format = ?1 AND text = ?2");
  st.Bind(1, schema.format).Bind(2, schema.text);
  while (st.Step()) {
    int64_t id = st.ColumnInt64(0);
    if (LoadReferences(db, id) == schema.references) return id;
  }
  return 0;
}

}  // namespace

int32_t Catalog::RegisterSchema(const std::string& subject, const StoredSchema& schema) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  int64_t id = FindIdentical(db_, schema);
  if (id == 0) {
    if (schema.id > 0) {
      if (auto existing = LoadSchema(db_, schema.id)) {
        throw RiffleError(ErrorKind::kCatalog,
                          "schema id " + std::to_string(schema.id) +
                              " is already registered with a different schema");
      }
      id = schema.id;
    } else {
      // The smallest free id: ids given explicitly (imports, tests) leave gaps to fill.
      id = db_.QueryInt64(
          "SELECT MIN(c) FROM (SELECT 1 AS c WHERE NOT EXISTS (SELECT 1 FROM schemas WHERE id = 1)"
          " UNION ALL SELECT id + 1 FROM schemas s"
          " WHERE NOT EXISTS (SELECT 1 FROM schemas WHERE id = s.id + 1))");
    }
    sqlite::Statement insert =
        db_.Prepare("INSERT INTO schemas(id, format, text) VALUES (?1, ?2, ?3)");
    insert.Bind(1, id).Bind(2, schema.format).Bind(3, schema.text).Run();
    sqlite::Statement ref = db_.Prepare(
        "INSERT INTO schema_references(schema_id, position, name, text) VALUES (?1, ?2, ?3, ?4)");
    for (size_t i = 0; i < schema.references.size(); ++i) {
      ref.Reset();
      ref.Bind(1, id).Bind(2, static_cast<int64_t>(i));
      ref.Bind(3, schema.references[i].first).Bind(4, schema.references[i].second).Run();
    }
  }
  sqlite::Statement latest = db_.Prepare(
      "SELECT version, schema_id FROM subjects WHERE subject = ?1 ORDER BY version DESC LIMIT 1");
  latest.Bind(1, subject);
  int64_t version = 0;
  bool already_latest = false;
  if (latest.Step()) {
    version = latest.ColumnInt64(0);
    already_latest = latest.ColumnInt64(1) == id;
  }
  if (!already_latest) {
    sqlite::Statement add =
        db_.Prepare("INSERT INTO subjects(subject, version, schema_id) VALUES (?1, ?2, ?3)");
    add.Bind(1, subject).Bind(2, version + 1).Bind(3, id).Run();
  }
  tx.Commit();
  return static_cast<int32_t>(id);
}

std::optional<StoredSchema> Catalog::SchemaById(int32_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  auto schema = LoadSchema(db_, id);
  tx.Commit();
  return schema;
}

std::optional<StoredSchema> Catalog::LatestSchema(const std::string& subject) const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  sqlite::Statement st = db_.Prepare(
      "SELECT schema_id FROM subjects WHERE subject = ?1 ORDER BY version DESC LIMIT 1");
  st.Bind(1, subject);
  std::optional<StoredSchema> schema;
  if (st.Step()) schema = LoadSchema(db_, st.ColumnInt64(0));
  tx.Commit();
  return schema;
}

std::vector<std::pair<std::string, int32_t>> Catalog::ListSubjects() const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  sqlite::Statement st = db_.Prepare(
      "SELECT subject, schema_id FROM subjects s WHERE version = "
      "(SELECT MAX(version) FROM subjects WHERE subject = s.subject) ORDER BY subject");
  std::vector<std::pair<std::string, int32_t>> out;
  while (st.Step()) out.emplace_back(st.ColumnText(0), static_cast<int32_t>(st.ColumnInt64(1)));
  tx.Commit();
  return out;
}

}  // namespace riffle
