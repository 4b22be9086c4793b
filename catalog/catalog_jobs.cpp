// Catalog: jobs (persistent queries).

#include <algorithm>
#include <array>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "core/common/error.h"

namespace riffle {

namespace {

using catalog_internal::NowMs;
using catalog_internal::ResolveName;

// RESTARTING: RESTART ... FROM BEGINNING asked by a process that does not run the jobs; the
// one that does resets the job (ResetJob), which makes it RUNNING again.
constexpr std::array<std::string_view, 6> kStates = {"CREATED", "RUNNING",    "PAUSED",
                                                     "FAILED",  "TERMINATED", "RESTARTING"};
constexpr std::array<std::string_view, 4> kKinds = {"CSAS", "CTAS", "INSERT", "PUSH"};

template <size_t N>
void CheckOneOf(const std::array<std::string_view, N>& allowed, const std::string& value,
                const char* what, const std::string& job_id) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (std::string_view a : allowed) {
    if (!list.empty()) list += ", ";
    list += a;
  }
  throw RiffleError(ErrorKind::kCatalog, "job " + job_id + ": unknown " + what + " '" + value +
                                             "' (expected one of " + list + ")");
}

constexpr const char* kJobColumns =
    "id, sql, sink, state, error, kind, created_at_ms, updated_at_ms";

JobInfo ReadJob(const sqlite::Statement& row) {
  JobInfo job;
  job.id = row.ColumnText(0);
  job.sql = row.ColumnText(1);
  job.sink = row.ColumnText(2);
  job.state = row.ColumnText(3);
  job.error = row.ColumnText(4);
  job.kind = row.ColumnText(5);
  job.created_at_ms = row.ColumnInt64(6);
  job.updated_at_ms = row.ColumnInt64(7);
  return job;
}

void LoadJobProperties(sqlite::Database& db, JobInfo& job) {
  sqlite::Statement props = db.Prepare("SELECT key, value FROM job_properties WHERE job_id = ?1");
  props.Bind(1, job.id);
  while (props.Step()) job.properties[props.ColumnText(0)] = props.ColumnText(1);
}

}  // namespace

void Catalog::CreateJob(const JobInfo& job) {
  if (job.id.empty()) {
    throw RiffleError(ErrorKind::kCatalog, "catalog " + path() + ": a job needs an id");
  }
  CheckOneOf(kStates, job.state, "state", job.id);
  CheckOneOf(kKinds, job.kind, "kind", job.id);
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  sqlite::Statement existing = db_.Prepare("SELECT 1 FROM jobs WHERE id = ?1");
  existing.Bind(1, job.id);
  if (existing.Step()) {
    throw RiffleError(ErrorKind::kCatalog, "cannot create job " + job.id + ": it already exists");
  }
  int64_t created = job.created_at_ms != 0 ? job.created_at_ms : NowMs();
  sqlite::Statement insert = db_.Prepare(std::string("INSERT INTO jobs(") + kJobColumns +
                                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.Bind(1, job.id)
      .Bind(2, job.sql)
      .Bind(3, job.sink)
      .Bind(4, job.state)
      .Bind(5, job.error)
      .Bind(6, job.kind)
      .Bind(7, created)
      .Bind(8, created)
      .Run();
  sqlite::Statement prop =
      db_.Prepare("INSERT INTO job_properties(job_id, key, value) VALUES (?1, ?2, ?3)");
  for (const auto& [key, value] : job.properties) {
    prop.Bind(1, job.id).Bind(2, key).Bind(3, value).Run();
    prop.Reset();
  }
  tx.Commit();
}

std::optional<JobInfo> Catalog::GetJob(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kDeferred);
  std::optional<std::string> stored = ResolveName(db_, "jobs", "id", id, "job");
  if (!stored) return std::nullopt;
  sqlite::Statement row =
      db_.Prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?1");
  row.Bind(1, *stored);
  if (!row.Step()) return std::nullopt;
  JobInfo job = ReadJob(row);
  LoadJobProperties(db_, job);
  tx.Commit();
  return job;
}

std::vector<JobInfo> Catalog::ListJobs() const {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Statement rows =
      db_.Prepare(std::string("SELECT ") + kJobColumns + " FROM jobs ORDER BY created_at_ms, id");
  std::vector<JobInfo> jobs;
  while (rows.Step()) jobs.push_back(ReadJob(rows));
  for (JobInfo& job : jobs) LoadJobProperties(db_, job);
  return jobs;
}

bool Catalog::UpdateJobState(const std::string& id, const std::string& state,
                             const std::string& error) {
  CheckOneOf(kStates, state, "state", id);
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Statement update =
      db_.Prepare("UPDATE jobs SET state = ?2, error = ?3, updated_at_ms = ?4 WHERE id = ?1");
  update.Bind(1, id).Bind(2, state).Bind(3, error).Bind(4, NowMs()).Run();
  return db_.Changes() > 0;
}

bool Catalog::ResetJob(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  sqlite::Statement state = db_.Prepare(
      "UPDATE jobs SET state = 'RUNNING', error = '', updated_at_ms = ?2 WHERE id = ?1");
  state.Bind(1, id).Bind(2, NowMs()).Run();
  if (db_.Changes() == 0) return false;
  for (const char* table : {"offsets", "checkpoints", "state_entries"}) {
    sqlite::Statement erase =
        db_.Prepare(std::string("DELETE FROM ") + table + " WHERE job_id = ?1");
    erase.Bind(1, id).Run();
  }
  // Without offsets a job starts where auto.offset.reset says: from the beginning, now and at
  // every restart until its first checkpoint.
  sqlite::Statement reset = db_.Prepare(
      "INSERT INTO job_properties(job_id, key, value) VALUES (?1, 'auto.offset.reset', "
      "'earliest') ON CONFLICT(job_id, key) DO UPDATE SET value = excluded.value");
  reset.Bind(1, id).Run();
  tx.Commit();
  return true;
}

bool Catalog::DeleteJob(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite::Transaction tx(db_, sqlite::Transaction::Mode::kImmediate);
  sqlite::Statement drop = db_.Prepare("DELETE FROM jobs WHERE id = ?1");
  drop.Bind(1, id).Run();
  if (db_.Changes() == 0) return false;
  sqlite::Statement offsets = db_.Prepare("DELETE FROM offsets WHERE job_id = ?1");
  offsets.Bind(1, id).Run();
  sqlite::Statement checkpoint = db_.Prepare("DELETE FROM checkpoints WHERE job_id = ?1");
  checkpoint.Bind(1, id).Run();
  sqlite::Statement entries = db_.Prepare("DELETE FROM state_entries WHERE job_id = ?1");
  entries.Bind(1, id).Run();
  tx.Commit();
  return true;
}

}  // namespace riffle
