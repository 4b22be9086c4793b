// Catalog: checkpoints (source offsets plus operator state) of jobs. State is kept either as one
// blob per job (SaveCheckpoint; catalogs before schema version 5 hold only this) or as one row
// per operator and key (SaveCheckpointDelta), so that a checkpoint writes only what changed.

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"

namespace riffle {

int64_t StateDelta::Bytes() const {
  int64_t n = 0;
  for (const StateEntry& e : upserts) n += static_cast<int64_t>(e.key.size() + e.value.size());
  for (const StateEntry& e : deletes) n += static_cast<int64_t>(e.key.size());
  return n;
}

namespace {

// Upserts the checkpoint row (time, sequence, format) and the offsets; caller holds the
// transaction.
void WriteCheckpointRow(sqlite::Database& db, const std::string& job_id,
                        const std::vector<PartitionOffset>& offsets, std::string_view state_blob,
                        bool keyed) {
  sqlite::Statement checkpoint = db.Prepare(
      "INSERT INTO checkpoints(job_id, state, saved_at_ms, sequence, keyed) "
      "VALUES (?1, ?2, ?3, 1, ?4) "
      "ON CONFLICT(job_id) DO UPDATE SET state = excluded.state, "
      "saved_at_ms = excluded.saved_at_ms, sequence = sequence + 1, keyed = excluded.keyed");
  checkpoint.Bind(1, job_id)
      .BindBlob(2, state_blob)
      .Bind(3, catalog_internal::NowMs())
      .Bind(4, int64_t{keyed ? 1 : 0})
      .Run();

  sqlite::Statement offset = db.Prepare(
      "INSERT INTO offsets(job_id, topic, partition, kafka_offset) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(job_id, topic, partition) DO UPDATE SET kafka_offset = excluded.kafka_offset");
  for (const PartitionOffset& po : offsets) {
    offset.Reset();
    offset.Bind(1, job_id).Bind(2, po.topic).Bind(3, int64_t{po.partition}).Bind(4, po.offset);
    offset.Run();
  }
}

void DeleteStateEntries(sqlite::Database& db, const std::string& job_id) {
  sqlite::Statement entries = db.Prepare("DELETE FROM state_entries WHERE job_id = ?1");
  entries.Bind(1, job_id).Run();
}

}  // namespace

void Catalog::SaveCheckpoint(const std::string& job_id, const std::vector<PartitionOffset>& offsets,
                             const std::string& state_blob) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  WriteCheckpointRow(db_, job_id, offsets, state_blob, false);
  DeleteStateEntries(db_, job_id);
  tx.Commit();
}

void Catalog::SaveCheckpointDelta(const std::string& job_id,
                                  const std::vector<PartitionOffset>& offsets,
                                  const StateDelta& delta) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  // Offsets and state change together: a crash before Commit leaves both as they were.
  WriteCheckpointRow(db_, job_id, offsets, "", true);
  if (delta.replace) DeleteStateEntries(db_, job_id);
  sqlite::Statement erase =
      db_.Prepare("DELETE FROM state_entries WHERE job_id = ?1 AND operator = ?2 AND key = ?3");
  for (const StateEntry& e : delta.deletes) {
    erase.Reset();
    erase.Bind(1, job_id).Bind(2, int64_t{e.op}).BindBlob(3, e.key).Run();
  }
  sqlite::Statement upsert = db_.Prepare(
      "INSERT INTO state_entries(job_id, operator, key, value) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(job_id, operator, key) DO UPDATE SET value = excluded.value");
  for (const StateEntry& e : delta.upserts) {
    upsert.Reset();
    upsert.Bind(1, job_id).Bind(2, int64_t{e.op}).BindBlob(3, e.key).BindBlob(4, e.value).Run();
  }
  tx.Commit();
}

std::optional<Checkpoint> Catalog::LoadCheckpoint(const std::string& job_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  // Offsets and state must come from the same checkpoint: read them in one snapshot.
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  sqlite::Statement row = db_.Prepare(
      "SELECT state, saved_at_ms, sequence, keyed FROM checkpoints WHERE job_id = ?1");
  row.Bind(1, job_id);
  if (!row.Step()) return std::nullopt;
  Checkpoint result;
  result.state_blob = row.ColumnBlob(0);
  result.saved_at_ms = row.ColumnInt64(1);
  result.sequence = row.ColumnInt64(2);
  result.keyed = row.ColumnInt64(3) != 0;

  if (result.keyed) {
    sqlite::Statement entries = db_.Prepare(
        "SELECT operator, key, value FROM state_entries WHERE job_id = ?1 ORDER BY operator, key");
    entries.Bind(1, job_id);
    while (entries.Step()) {
      result.entries.push_back(StateEntry{static_cast<int32_t>(entries.ColumnInt64(0)),
                                          entries.ColumnBlob(1), entries.ColumnBlob(2)});
    }
  }

  sqlite::Statement offsets = db_.Prepare(
      "SELECT topic, partition, kafka_offset FROM offsets WHERE job_id = ?1 "
      "ORDER BY topic, partition");
  offsets.Bind(1, job_id);
  while (offsets.Step()) {
    result.offsets.push_back(PartitionOffset{offsets.ColumnText(0),
                                             static_cast<int32_t>(offsets.ColumnInt64(1)),
                                             offsets.ColumnInt64(2)});
  }
  tx.Commit();
  return result;
}

void Catalog::DeleteCheckpoint(const std::string& job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  sqlite::Statement offsets = db_.Prepare("DELETE FROM offsets WHERE job_id = ?1");
  offsets.Bind(1, job_id).Run();
  sqlite::Statement checkpoint = db_.Prepare("DELETE FROM checkpoints WHERE job_id = ?1");
  checkpoint.Bind(1, job_id).Run();
  DeleteStateEntries(db_, job_id);
  tx.Commit();
}

}  // namespace riffle
