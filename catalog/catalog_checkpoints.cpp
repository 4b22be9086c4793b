// Catalog: checkpoints (source offsets plus operator state) of jobs. State is kept either as one
// blob per job (SaveCheckpoint; catalogs before schema version 5 hold only this) or as one row
// per operator and key (SaveCheckpointDelta), so that a checkpoint writes only what changed.

#include "catalog/catalog.h"

#include <set>

#include "catalog/catalog_internal.h"
#include "core/common/error.h"

namespace riffle {

int64_t StateDelta::Bytes() const {
  int64_t n = 0;
  for (const StateEntry& e : upserts) n += static_cast<int64_t>(e.key.size() + e.value.size());
  for (const StateEntry& e : deletes) n += static_cast<int64_t>(e.key.size());
  return n;
}

std::map<int32_t, int64_t> Checkpoint::PositionsOf(int32_t input,
                                                   const std::string& topic) const {
  std::map<int32_t, int64_t> positions;
  // The input's own offsets win over the job-wide ones of an older checkpoint.
  for (int32_t from : {kAnyInput, input}) {
    for (const PartitionOffset& o : offsets) {
      if (o.input == from && o.topic == topic) positions[o.partition] = o.offset;
    }
  }
  return positions;
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
      "INSERT INTO offsets(job_id, input, topic, partition, kafka_offset) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(job_id, input, topic, partition) "
      "DO UPDATE SET kafka_offset = excluded.kafka_offset");
  // Offsets from before schema version 6 stood for every input over their topic; the inputs'
  // own offsets now replace them (the caller lists every input's, see SaveCheckpoint).
  sqlite::Statement legacy =
      db.Prepare("DELETE FROM offsets WHERE job_id = ?1 AND input = ?2 AND topic = ?3");
  std::set<std::string> topics;
  for (const PartitionOffset& po : offsets) {
    if (po.input < 0) {
      throw RiffleError(ErrorKind::kCatalog,
                        "checkpoint of job " + job_id + " names input " +
                            std::to_string(po.input) + " for topic '" + po.topic +
                            "'; inputs are numbered from 0");
    }
    offset.Reset();
    offset.Bind(1, job_id)
        .Bind(2, int64_t{po.input})
        .Bind(3, po.topic)
        .Bind(4, int64_t{po.partition})
        .Bind(5, po.offset);
    offset.Run();
    if (topics.insert(po.topic).second) {
      legacy.Reset();
      legacy.Bind(1, job_id).Bind(2, int64_t{kAnyInput}).Bind(3, po.topic).Run();
    }
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
      "SELECT input, topic, partition, kafka_offset FROM offsets WHERE job_id = ?1 "
      "ORDER BY input, topic, partition");
  offsets.Bind(1, job_id);
  while (offsets.Step()) {
    result.offsets.push_back(PartitionOffset{static_cast<int32_t>(offsets.ColumnInt64(0)),
                                             offsets.ColumnText(1),
                                             static_cast<int32_t>(offsets.ColumnInt64(2)),
                                             offsets.ColumnInt64(3)});
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
