#pragma once
// riffle's catalog: streams, tables, jobs, offsets, checkpoints and persistent properties, kept
// in SQLite so that quitting and restarting loses nothing.
//
// Storage: WAL mode with a busy timeout, so several processes may share a file; the schema is
// versioned with PRAGMA user_version and migrated forward on Open (catalog/migrations.h); every
// change is one transaction, and each read-then-write takes the write lock up front (BEGIN
// IMMEDIATE). The file is created 0600 in a directory created 0700 (secrets live in WITH
// properties); error messages name the path and never echo stored values.
//
// Thread safety: every public method may be called from any thread; one SQLite connection is
// shared, guarded by a mutex. Running jobs save checkpoints concurrently with the shell's DDL.
//
// Errors: every failure throws RiffleError(ErrorKind::kCatalog).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_types.h"
#include "catalog/schema_registry.h"
#include "catalog/sqlite_db.h"

namespace riffle {

class Catalog : public SchemaRegistry {
  struct PrivateTag {
    explicit PrivateTag() = default;
  };

 public:
  // Opens the catalog at `path`, creating it (and missing parent directories) when absent, and
  // migrates it to the latest schema. ":memory:" gives a private, empty, in-memory catalog.
  // Throws RiffleError(kCatalog) naming the path if the file cannot be created, is not a SQLite
  // database, is corrupt, or was written by a newer riffle.
  static std::unique_ptr<Catalog> Open(const std::string& path);

  // Only Open() can make a PrivateTag, so only it can construct a Catalog (via make_unique).
  Catalog(PrivateTag, sqlite::Database db) : db_(std::move(db)) {}
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  ~Catalog() override;

  const std::string& path() const { return db_.path(); }
  // PRAGMA user_version: equals catalog::LatestSchemaVersion() after Open.
  int64_t SchemaVersion() const;

  // ---- Sources (streams and tables) ----

  // Stores `info` (its schema, properties with upper-cased names, ...). `created_at_ms` 0 means
  // now. A source whose name equals info.name exactly is replaced when `or_replace`, otherwise it
  // is an error. REQUIRES: info.name non-empty; every column has a type.
  void CreateSource(const SourceInfo& info, bool or_replace);
  // The source named exactly `name`; failing that, the only one whose name matches ignoring
  // ASCII case. nullopt when none matches; throws when several match only ignoring case.
  std::optional<SourceInfo> GetSource(const std::string& name) const;
  // All sources, ordered by name.
  std::vector<SourceInfo> ListSources() const;
  // Removes the source (resolved as GetSource does) with its columns and properties. Returns
  // false when no source matched. Does not check whether jobs read it: that is the engine's job.
  bool DropSource(const std::string& name);

  // ---- Jobs (persistent queries) ----

  // Stores a new job. created_at_ms 0 means now; updated_at_ms is set to created_at_ms.
  // Throws if the id exists or state/kind are not among the documented values.
  void CreateJob(const JobInfo& job);
  // Exact id, then ignoring ASCII case (ids are upper-case; TERMINATE csas_s_1 should work).
  std::optional<JobInfo> GetJob(const std::string& id) const;
  // All jobs, ordered by creation time then id.
  std::vector<JobInfo> ListJobs() const;
  // Sets state and error (pass "" unless FAILED) and updated_at_ms = now. Returns false when no
  // job has this exact id. Throws on an unknown state.
  bool UpdateJobState(const std::string& id, const std::string& state, const std::string& error);
  // Removes the job and its checkpoint, state entries and offsets. Returns false when no job had this exact id.
  bool DeleteJob(const std::string& id);
  // In one transaction: forgets the job's checkpoint, state entries and offsets, records
  // auto.offset.reset = earliest among its properties and makes it RUNNING with no error, so
  // that its next start reads its inputs from the beginning with empty state. The caller must
  // have stopped the job. Returns false when no job had this exact id.
  bool ResetJob(const std::string& id);
  // Returns "<PREFIX>_<n>" where PREFIX is `prefix` upper-cased and n comes from a counter kept
  // in the catalog, so ids stay unique across restarts: NextJobId("CSAS_S1") -> "CSAS_S1_1",
  // NextJobId("INSERTQUERY") -> "INSERTQUERY_2", ... The counter is shared by all prefixes, as in
  // ksqlDB. REQUIRES: prefix non-empty.
  std::string NextJobId(const std::string& prefix);

  // ---- Checkpoints ----

  // In one transaction: upserts `offsets` for the job, each under its input (partitions not
  // listed keep their previous offset, so a checkpoint need only list partitions that moved),
  // replaces the state blob, stamps the time and bumps the sequence. The job-wide offsets of a
  // checkpoint from before schema version 6 (kAnyInput) of every topic listed are dropped: list
  // every input's position in a topic when listing one. The job need not exist in the jobs
  // table. Throws RiffleError(kCatalog) when an offset's input is negative.
  void SaveCheckpoint(const std::string& job_id, const std::vector<PartitionOffset>& offsets,
                      const std::string& state_blob);
  // Incremental checkpoint, in one transaction: upserts `offsets` as SaveCheckpoint does and
  // applies `delta` to the job's stored state entries (after dropping them all when
  // delta.replace), stamps the time and bumps the sequence. A job's state is kept either as a
  // blob (SaveCheckpoint) or as entries (this); each call switches the job to its format.
  void SaveCheckpointDelta(const std::string& job_id, const std::vector<PartitionOffset>& offsets,
                           const StateDelta& delta);
  // The job's latest checkpoint, or nullopt if it never saved one.
  std::optional<Checkpoint> LoadCheckpoint(const std::string& job_id) const;
  // Forgets the job's checkpoint, state entries and offsets (e.g. a query restarted from scratch).
  void DeleteCheckpoint(const std::string& job_id);

  // ---- Schema registry (catalog_schemas.cpp) ----

  // Registers `schema` under `subject` and returns its id: the id of an identical schema (same
  // format, text and references) registered before under any subject, else schema.id when it is
  // positive (throws when that id holds a different schema), else the smallest unused id.
  // Adds a version to the subject unless its latest version already is this schema.
  int32_t RegisterSchema(const std::string& subject, const StoredSchema& schema) override;
  std::optional<StoredSchema> SchemaById(int32_t id) const override;
  // The subject's latest version; nullopt when the subject has none.
  std::optional<StoredSchema> LatestSchema(const std::string& subject) const override;
  std::string Describe() const override { return "the catalog's schema registry"; }
  // Every subject with the id of its latest version, ordered by subject.
  std::vector<std::pair<std::string, int32_t>> ListSubjects() const;

  // ---- Properties that persist across restarts ----

  // Keys starting with "riffle." are reserved for the catalog's own counters.
  void SetMeta(const std::string& key, const std::string& value);
  std::optional<std::string> GetMeta(const std::string& key) const;

 private:
  mutable std::mutex mu_;
  // Mutable because reads open a (read) transaction too, for a consistent snapshot.
  mutable sqlite::Database db_;  // guarded by mu_
};

}  // namespace riffle
