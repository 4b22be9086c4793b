#include "core/runtime/persistent_query.h"

#include <algorithm>

#include "core/common/text.h"
#include "core/exec/state_codec.h"
#include "core/runtime/operator_state.h"
#include "core/runtime/push_query.h"
#include "core/runtime/run_operators.h"

namespace riffle {

namespace {
constexpr auto kCheckpointInterval = std::chrono::seconds(1);
}  // namespace

PersistentQueryBody::PersistentQueryBody(std::string job_id, QueryPlan plan,
                                         std::unique_ptr<SourceScan> scan,
                                         std::unique_ptr<SinkWriter> sink, Catalog* catalog)
    : job_id_(std::move(job_id)),
      plan_(std::move(plan)),
      scan_(std::move(scan)),
      sink_(std::move(sink)),
      catalog_(catalog),
      source_topic_(scan_->topic()),
      positions_(scan_->Positions()),
      last_checkpoint_(std::chrono::steady_clock::now()) {}

PersistentQueryBody::PersistentQueryBody(std::string job_id, QueryPlan plan,
                                         std::vector<std::unique_ptr<SourceScan>> scans,
                                         std::unique_ptr<SinkWriter> sink, Catalog* catalog)
    : job_id_(std::move(job_id)),
      plan_(std::move(plan)),
      sink_(std::move(sink)),
      catalog_(catalog),
      last_checkpoint_(std::chrono::steady_clock::now()) {
  join_ = MakeJoinDriver(plan_, std::move(scans));
  source_topic_ = join_->topic(0);
  join_positions_ = JoinPositions();
  positions_ = join_positions_[0].second;
}

void PersistentQueryBody::RestoreState(const riffle::Checkpoint& cp) {
  checkpointer_.Restore(cp);
  // Windows and join buffers come back with the stream time that closes them; the job's
  // watermark must start there too, or EXPLAIN would show an earlier one than the one that
  // drops late records.
  for (const Operator* op : PlanOperators(plan_)) {
    restored_stream_time_ = std::max(restored_stream_time_, op->StreamTimeMs());
  }
}

void PersistentQueryBody::PublishEarlyRows(JobMetrics& metrics) {
  const JoinDriver::EarlyRows& early = join_->early_rows();
  int64_t before = metrics.rows_before_table.load(std::memory_order_relaxed);
  if (early.count == before) return;
  metrics.rows_before_table.store(early.count, std::memory_order_relaxed);
  // Logged once, for EXPLAIN: the count keeps growing in the metrics.
  if (before == 0 && failure_.log != nullptr) {
    failure_.log->Add(ProcessingErrorType::kRowBeforeTable, job_id_, join_->topic(early.input),
                      -1, -1, EarlyRowsMessage(plan_, early));
  }
}

bool PersistentQueryBody::Step(JobMetrics& metrics) {
  int64_t bad_before = metrics.bad_records.load(std::memory_order_relaxed);
  size_t consumed = join_ ? join_->Next(batch_, 100, metrics, ctx_)
                          : scan_->Next(batch_, 2000, 100, metrics);
  if (join_) PublishEarlyRows(metrics);
  if (failure_.fail_on_deserialization_error &&
      metrics.bad_records.load(std::memory_order_relaxed) > bad_before) {
    ThrowJobFailure("fail.on.deserialization.error is true and a record could not be read");
  }
  if (!batch_.empty()) {
    TrackStreamTime(batch_, metrics, [this](size_t r, const std::string& message) {
      if (failure_.log == nullptr) return;
      failure_.log->Add(ProcessingErrorType::kStreamTimeJump, job_id_, source_topic_,
                        batch_.partition[r], batch_.offset[r], message);
    });
    RunOperators(plan_.operators, batch_, ctx_);
  }
  CheckStateCap(plan_, checkpoint_policy_.state_max_bytes);
  if (ctx_.errors > 0) HandleEvalErrors(metrics);
  if (!batch_.empty()) sink_->Write(batch_, metrics);
  if (join_) {
    // Buffered records count as read only once joined: positions move when buffers drain.
    auto now = JoinPositions();
    if (now != join_positions_) {
      sink_->Flush();
      std::lock_guard lock(mutex_);
      join_positions_ = std::move(now);
      positions_ = join_positions_[0].second;
      dirty_ = true;
    }
  } else if (consumed > 0) {
    sink_->Flush();
    std::lock_guard lock(mutex_);
    positions_ = scan_->Positions();
    dirty_ = true;
  }
  if (consumed == 0) sink_->Poll();  // an idle producer hears of outages and recoveries
  if (dirty_ && std::chrono::steady_clock::now() - last_checkpoint_ >= checkpoint_wait_) {
    Checkpoint();
  }
  return true;
}

void PersistentQueryBody::HandleEvalErrors(JobMetrics& metrics) {
  metrics.bad_records.fetch_add(ctx_.errors, std::memory_order_relaxed);
  std::string message = std::to_string(ctx_.errors) + " row(s) could not be evaluated: " +
                        ctx_.first_error;
  ctx_.ClearErrors();
  if (failure_.log != nullptr) failure_.log->Add(ProcessingErrorType::kEvaluation, job_id_, source_topic_, -1, -1, message);
  if (failure_.fail_on_processing_error) {
    throw RiffleError(ErrorKind::kRuntime,
                      "fail.on.processing.error is true and " + message);
  }
}

void PersistentQueryBody::ThrowJobFailure(const std::string& what) const {
  std::string last;
  if (failure_.log != nullptr) {
    auto recent = failure_.log->Recent(job_id_);
    if (!recent.empty()) {
      // Name the record, so that it can be found (PRINT ... FROM BEGINNING) and dealt with.
      const ProcessingLogEntry& e = recent.back();
      last = ": ";
      if (e.partition >= 0) {
        last += StrCat("topic ", e.topic, ", partition ", std::to_string(e.partition),
                       ", offset ", std::to_string(e.offset), ": ");
      }
      last += e.message;
    }
  }
  throw RiffleError(ErrorKind::kRuntime, what + last);
}

void PersistentQueryBody::Checkpoint() {
  std::vector<PartitionOffset> offsets;
  {
    std::lock_guard lock(mutex_);
    // Each input under its own number: two inputs may read one topic at different positions.
    const auto all = AllPositionsLocked();
    for (size_t input = 0; input < all.size(); ++input) {
      for (const auto& [partition, offset] : all[input].second) {
        offsets.push_back({static_cast<int32_t>(input), all[input].first, partition, offset});
      }
    }
  }
  // On the job thread, between batches: the operators' state matches the offsets.
  StateDelta delta = checkpointer_.Delta();
  try {
    catalog_->SaveCheckpointDelta(job_id_, offsets, delta);
  } catch (...) {
    checkpointer_.ForgetStored();  // what Delta took is not stored: write everything next time
    throw;
  }
  int64_t bytes = delta.Bytes();
  {
    std::lock_guard lock(mutex_);
    stats_.count += 1;
    stats_.last_bytes = bytes;
    stats_.last_entries = static_cast<int64_t>(delta.upserts.size() + delta.deletes.size());
    stats_.total_bytes += bytes;
  }
  last_checkpoint_ = std::chrono::steady_clock::now();
  checkpoint_wait_ = kCheckpointInterval;
  if (int64_t rate = checkpoint_policy_.max_bytes_per_second; rate > 0) {
    // Writing `bytes` at `rate` takes this long: wait that long before the next checkpoint.
    auto needed = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(static_cast<double>(bytes) / static_cast<double>(rate)));
    checkpoint_wait_ = std::max(checkpoint_wait_, needed);
  }
  dirty_ = false;
}

void PersistentQueryBody::Close() {
  sink_->Flush();
  if (dirty_) Checkpoint();
}

std::vector<std::pair<std::string, std::map<int32_t, int64_t>>>
PersistentQueryBody::JoinPositions() const {
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> all;
  for (size_t i = 0; i < join_->num_inputs(); ++i) {
    all.emplace_back(join_->topic(i), join_->Positions(i));
  }
  return all;
}

std::vector<std::pair<std::string, std::map<int32_t, int64_t>>>
PersistentQueryBody::AllPositionsLocked() const {
  if (join_) return join_positions_;
  return {{source_topic_, positions_}};
}

std::vector<std::pair<std::string, std::map<int32_t, int64_t>>>
PersistentQueryBody::AllPositions() const {
  std::lock_guard lock(mutex_);
  return AllPositionsLocked();
}

ReachabilityStatus PersistentQueryBody::Reachability() const {
  std::vector<ReachabilityStatus> parts = {sink_->Reachability()};
  if (join_) {
    for (size_t i = 0; i < join_->num_inputs(); ++i) parts.push_back(join_->Reachability(i));
  } else {
    parts.push_back(scan_->Reachability());
  }
  return CombineReachability(parts);
}

std::map<int32_t, int64_t> PersistentQueryBody::Positions() const {
  std::lock_guard lock(mutex_);
  return positions_;
}

}  // namespace riffle
