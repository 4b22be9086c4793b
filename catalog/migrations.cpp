#include "catalog/migrations.h"

#include <string>

#include "core/common/error.h"

namespace riffle::catalog {

namespace {

// Version 1: what a catalog needs to describe streams, tables and persistent queries.
constexpr const char* kV1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
  name             TEXT PRIMARY KEY,
  is_table         INTEGER NOT NULL,
  is_source        INTEGER NOT NULL,
  topic            TEXT NOT NULL,
  key_format       TEXT NOT NULL,
  value_format     TEXT NOT NULL,
  timestamp_column TEXT NOT NULL DEFAULT '',
  timestamp_format TEXT NOT NULL DEFAULT '',
  sql              TEXT NOT NULL,
  created_by_job   TEXT NOT NULL DEFAULT '',
  created_at_ms    INTEGER NOT NULL
);

CREATE TABLE source_columns (
  source_name TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('key', 'value', 'header')),
  header_key  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (source_name, position)
) WITHOUT ROWID;

CREATE TABLE source_properties (
  source_name TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (source_name, key)
) WITHOUT ROWID;

CREATE TABLE jobs (
  id            TEXT PRIMARY KEY,
  sql           TEXT NOT NULL,
  sink          TEXT NOT NULL,
  state         TEXT NOT NULL,
  error         TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
)sql";

// Version 2: checkpoints, so a restarted job resumes where it stopped. Offsets get their own
// rows (one per topic partition) so a checkpoint can update some partitions and keep the rest.
constexpr const char* kV2 = R"sql(
CREATE TABLE checkpoints (
  job_id      TEXT PRIMARY KEY,
  state       BLOB NOT NULL,
  saved_at_ms INTEGER NOT NULL,
  sequence    INTEGER NOT NULL
);

CREATE TABLE offsets (
  job_id       TEXT NOT NULL,
  topic        TEXT NOT NULL,
  partition    INTEGER NOT NULL,
  kafka_offset INTEGER NOT NULL,
  PRIMARY KEY (job_id, topic, partition)
) WITHOUT ROWID;
)sql";

// Version 3: the session properties a job was created with (auto.offset.reset, fail.on.*), so
// that it behaves the same after a restart whatever the new session sets.
constexpr const char* kV3 = R"sql(
CREATE TABLE job_properties (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (job_id, key)
) WITHOUT ROWID;
)sql";

// Version 4: the schema registry (AVRO / PROTOBUF schemas by id, and subjects' versions), so
// records keep decoding with the schema they were written with after a restart.
constexpr const char* kV4 = R"sql(
CREATE TABLE schemas (
  id     INTEGER PRIMARY KEY,
  format TEXT NOT NULL,
  text   TEXT NOT NULL
);

CREATE TABLE schema_references (
  schema_id INTEGER NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  text      TEXT NOT NULL,
  PRIMARY KEY (schema_id, position)
) WITHOUT ROWID;

CREATE TABLE subjects (
  subject   TEXT NOT NULL,
  version   INTEGER NOT NULL,
  schema_id INTEGER NOT NULL REFERENCES schemas(id),
  PRIMARY KEY (subject, version)
) WITHOUT ROWID;
)sql";

// Version 5: incremental checkpoints. Operator state is kept as one row per key, so a
// checkpoint writes only what changed since the last one; checkpoints.keyed says which format a
// job's state is in (0: the version-2 blob in checkpoints.state, which jobs keep restoring from).
constexpr const char* kV5 = R"sql(
CREATE TABLE state_entries (
  job_id   TEXT NOT NULL,
  operator INTEGER NOT NULL,
  key      BLOB NOT NULL,
  value    BLOB NOT NULL,
  PRIMARY KEY (job_id, operator, key)
) WITHOUT ROWID;

ALTER TABLE checkpoints ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 6: offsets per input of a job, not per topic only: two inputs over one topic (two
// streams declared over it, joined) read it at positions of their own. SQLite cannot change a
// primary key in place, so the table is rebuilt; the offsets it held were the position of every
// input over their topic, and keep that meaning as input -1 (kAnyInput).
constexpr const char* kV6 = R"sql(
CREATE TABLE offsets_by_input (
  job_id       TEXT NOT NULL,
  input        INTEGER NOT NULL,
  topic        TEXT NOT NULL,
  partition    INTEGER NOT NULL,
  kafka_offset INTEGER NOT NULL,
  PRIMARY KEY (job_id, input, topic, partition)
) WITHOUT ROWID;

INSERT INTO offsets_by_input(job_id, input, topic, partition, kafka_offset)
  SELECT job_id, -1, topic, partition, kafka_offset FROM offsets;
DROP TABLE offsets;
ALTER TABLE offsets_by_input RENAME TO offsets;
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "sources, columns, properties, jobs and meta", kV1},
      {2, "checkpoints and per-partition offsets", kV2},
      {3, "job properties", kV3},
      {4, "schema registry", kV4},
      {5, "keyed operator state for incremental checkpoints", kV5},
      {6, "offsets per input of a job", kV6},
  };
  return kMigrations;
}

int64_t LatestSchemaVersion() { return Migrations().back().version; }

void Migrate(sqlite::Database& db) {
  int64_t current = db.UserVersion();
  if (current > LatestSchemaVersion()) {
    throw RiffleError(ErrorKind::kCatalog,
                      "catalog " + db.path() + " has schema version " + std::to_string(current) +
                          ", newer than this riffle understands (" +
                          std::to_string(LatestSchemaVersion()) + "); use a newer riffle");
  }
  if (current < 0) {
    throw RiffleError(
        ErrorKind::kCatalog,
        "catalog " + db.path() + " has an invalid schema version " + std::to_string(current));
  }
  for (const Migration& migration : Migrations()) {
    if (migration.version <= current) continue;
    sqlite::Transaction tx(db, sqlite::Transaction::Mode::kImmediate);
    // Another process may have migrated while we waited for the write lock.
    current = db.UserVersion();
    if (migration.version <= current) continue;
    try {
      db.Exec(migration.sql);
    } catch (const RiffleError& error) {
      throw RiffleError(ErrorKind::kCatalog, "migrating to schema version " +
                                                 std::to_string(migration.version) +
                                                 " failed: " + error.message());
    }
    db.SetUserVersion(migration.version);
    tx.Commit();
    current = migration.version;
  }
}

}  // namespace riffle::catalog
