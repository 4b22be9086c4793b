// Catalog: checkpoints (source offsets plus serialized operator state) of jobs.

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"

namespace riffle {

void Catalog::SaveCheckpoint(const std::string& job_id, const std::vector<PartitionOffset>& offsets,
                             const std::string& state_blob) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  sqlite::Statement checkpoint = db_.Prepare(
      "INSERT INTO checkpoints(job_id, state, saved_at_ms, sequence) VALUES (?1, ?2, ?3, 1) "
      "ON CONFLICT(job_id) DO UPDATE SET state = excluded.state, "
      "saved_at_ms = excluded.saved_at_ms, sequence = sequence + 1");
  checkpoint.Bind(1, job_id).BindBlob(2, state_blob).Bind(3, catalog_internal::NowMs()).Run();

  sqlite::Statement offset = db_.Prepare(
      "INSERT INTO offsets(job_id, topic, partition, kafka_offset) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(job_id, topic, partition) DO UPDATE SET kafka_offset = excluded.kafka_offset");
  for (const PartitionOffset& po : offsets) {
    offset.Reset();
    offset.Bind(1, job_id).Bind(2, po.topic).Bind(3, int64_t{po.partition}).Bind(4, po.offset);
    offset.Run();
  }
  tx.Commit();
}

std::optional<Checkpoint> Catalog::LoadCheckpoint(const std::string& job_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  // Offsets and blob must come from the same checkpoint: read both in one snapshot.
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  sqlite::Statement row =
      db_.Prepare("SELECT state, saved_at_ms, sequence FROM checkpoints WHERE job_id = ?1");
  row.Bind(1, job_id);
  if (!row.Step()) return std::nullopt;
  Checkpoint result;
  result.state_blob = row.ColumnBlob(0);
  result.saved_at_ms = row.ColumnInt64(1);
  result.sequence = row.ColumnInt64(2);

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
  tx.Commit();
}

}  // namespace riffle
