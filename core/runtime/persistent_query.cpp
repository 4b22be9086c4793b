#include "core/runtime/persistent_query.h"

#include "core/exec/state_codec.h"

namespace riffle {

namespace {
constexpr auto kCheckpointInterval = std::chrono::seconds(1);
constexpr uint8_t kStateBlobVersion = 1;
}  // namespace

std::string SaveOperatorStates(const QueryPlan& plan) {
  bool any = false;
  std::vector<std::string> states;
  for (const auto& op : plan.operators) {
    states.push_back(op->SaveState());
    any = any || !states.back().empty();
  }
  if (!any) return "";
  StateWriter w;
  w.PutU8(kStateBlobVersion);
  w.PutI64(static_cast<int64_t>(states.size()));
  for (const auto& s : states) w.PutString(s);
  return w.Take();
}

void RestoreOperatorStates(QueryPlan& plan, std::string_view blob) {
  if (blob.empty()) return;
  StateReader r(blob);
  if (r.GetU8() != kStateBlobVersion ||
      r.GetI64() != static_cast<int64_t>(plan.operators.size())) {
    throw RiffleError(ErrorKind::kRuntime,
                      "the checkpointed state does not match the query's plan");
  }
  for (auto& op : plan.operators) {
    std::string state = r.GetString();
    if (!state.empty()) op->RestoreState(state);
  }
}

PersistentQueryBody::PersistentQueryBody(std::string job_id, QueryPlan plan,
                                         std::unique_ptr<SourceScan> scan,
                                         std::unique_ptr<TopicSink> sink, Catalog* catalog)
    : job_id_(std::move(job_id)),
      plan_(std::move(plan)),
      scan_(std::move(scan)),
      sink_(std::move(sink)),
      catalog_(catalog),
      source_topic_(scan_->topic()),
      positions_(scan_->Positions()),
      last_checkpoint_(std::chrono::steady_clock::now()) {}

bool PersistentQueryBody::Step(JobMetrics& metrics) {
  size_t consumed = scan_->Next(batch_, 2000, 100, metrics);
  if (!batch_.empty()) {
    for (auto& op : plan_.operators) {
      op->Process(batch_, ctx_);
      if (batch_.empty()) break;
    }
  }
  if (ctx_.errors > 0) {
    metrics.bad_records.fetch_add(ctx_.errors, std::memory_order_relaxed);
    ctx_.ClearErrors();
  }
  if (!batch_.empty()) sink_->Write(batch_, metrics);
  if (consumed > 0) {
    sink_->Flush();
    std::lock_guard lock(mutex_);
    positions_ = scan_->Positions();
    dirty_ = true;
  }
  if (dirty_ && std::chrono::steady_clock::now() - last_checkpoint_ >= kCheckpointInterval) {
    Checkpoint();
  }
  return true;
}

void PersistentQueryBody::Checkpoint() {
  std::vector<PartitionOffset> offsets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [partition, offset] : positions_) {
      offsets.push_back({source_topic_, partition, offset});
    }
  }
  // On the job thread, between batches: the operators' state matches the offsets.
  catalog_->SaveCheckpoint(job_id_, offsets, SaveOperatorStates(plan_));
  last_checkpoint_ = std::chrono::steady_clock::now();
  dirty_ = false;
}

void PersistentQueryBody::Close() {
  sink_->Flush();
  if (dirty_) Checkpoint();
}

std::map<int32_t, int64_t> PersistentQueryBody::Positions() const {
  std::lock_guard lock(mutex_);
  return positions_;
}

}  // namespace riffle
