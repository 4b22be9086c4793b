#include "core/runtime/operator_state.h"

#include <functional>
#include <map>

#include "connectors/broker/local_broker.h"
#include "core/common/error.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {
constexpr uint8_t kStateBlobVersion = 1;
// Entry keys of keyed operators get this prefix, so that no entry key can be the header's "".
constexpr char kEntryPrefix = '\x01';

[[noreturn]] void ThrowMismatch() {
  throw RiffleError(ErrorKind::kRuntime, "the checkpointed state does not match the query's plan");
}
}  // namespace

std::vector<Operator*> PlanOperators(const QueryPlan& plan) {
  std::vector<Operator*> ops;
  for (const auto& in : plan.join_inputs) {
    for (const auto& op : in.pre_ops) ops.push_back(op.get());
  }
  for (const auto& j : plan.joins) ops.push_back(j.get());
  for (const auto& op : plan.operators) ops.push_back(op.get());
  return ops;
}

namespace {
void RestoreBlob(const std::vector<Operator*>& ops, std::string_view blob) {
  if (blob.empty()) return;
  StateReader r(blob);
  if (r.GetU8() != kStateBlobVersion || r.GetI64() != static_cast<int64_t>(ops.size())) {
    ThrowMismatch();
  }
  for (Operator* op : ops) {
    std::string state = r.GetString();
    if (!state.empty()) op->RestoreState(state);
  }
}
}  // namespace

void RestoreOperatorStates(QueryPlan& plan, std::string_view blob) {
  RestoreBlob(PlanOperators(plan), blob);
}

StateCheckpointer::StateCheckpointer(const QueryPlan& plan)
    : ops_(PlanOperators(plan)),
      headers_(ops_.size()),
      blob_hashes_(ops_.size()),
      blob_sizes_(ops_.size()) {}

void StateCheckpointer::Restore(const Checkpoint& cp) {
  if (!cp.keyed) {
    // An old-style blob: restore it; the next checkpoint rewrites the state as entries.
    RestoreBlob(ops_, cp.state_blob);
    replace_next_ = true;
    return;
  }
  // Entries come ordered by operator, then key (the header "" first).
  size_t i = 0;
  while (i < cp.entries.size()) {
    int32_t op = cp.entries[i].op;
    if (op < 0 || static_cast<size_t>(op) >= ops_.size()) ThrowMismatch();
    size_t end = i;
    while (end < cp.entries.size() && cp.entries[end].op == op) ++end;
    const StateEntry& first = cp.entries[i];
    if (!first.key.empty()) ThrowMismatch();  // entries without the header
    Operator* target = ops_[static_cast<size_t>(op)];
    if (target->KeyedState()) {
      StateEntries entries;
      entries.reserve(end - i - 1);
      for (size_t j = i + 1; j < end; ++j) {
        const StateEntry& e = cp.entries[j];
        if (e.key[0] != kEntryPrefix) ThrowMismatch();
        entries.emplace_back(std::string_view(e.key).substr(1), e.value);
      }
      target->RestoreEntries(first.value, entries);
      headers_[static_cast<size_t>(op)] = first.value;
    } else {
      if (end != i + 1) ThrowMismatch();
      target->RestoreState(first.value);
      blob_hashes_[static_cast<size_t>(op)] = std::hash<std::string_view>()(first.value);
      blob_sizes_[static_cast<size_t>(op)] = first.value.size();
    }
    i = end;
  }
  replace_next_ = false;
}

StateDelta StateCheckpointer::Delta() {
  StateDelta delta;
  delta.replace = replace_next_;
  for (size_t i = 0; i < ops_.size(); ++i) {
    int32_t index = static_cast<int32_t>(i);
    Operator* op = ops_[i];
    if (op->KeyedState()) {
      StateChanges changes;
      op->SaveChanges(changes, replace_next_);
      // The header is stored from the first checkpoint on: restoring finds it before entries.
      if (replace_next_ || changes.header != headers_[i]) {
        delta.upserts.push_back({index, "", changes.header});
        headers_[i] = changes.header;
      }
      for (auto& [key, value] : changes.upserts) {
        delta.upserts.push_back({index, kEntryPrefix + key, std::move(value)});
      }
      for (auto& key : changes.deletes) delta.deletes.push_back({index, kEntryPrefix + key, ""});
      continue;
    }
    std::string blob = op->SaveState();
    if (blob.empty()) {
      if (blob_sizes_[i] != 0 && !replace_next_) delta.deletes.push_back({index, "", ""});
      blob_sizes_[i] = 0;
      continue;
    }
    size_t hash = std::hash<std::string_view>()(blob);
    if (replace_next_ || hash != blob_hashes_[i] || blob.size() != blob_sizes_[i]) {
      blob_hashes_[i] = hash;
      blob_sizes_[i] = blob.size();
      delta.upserts.push_back({index, "", std::move(blob)});
    }
  }
  replace_next_ = false;
  return delta;
}

int64_t PlanStateBytes(const QueryPlan& plan) {
  int64_t total = 0;
  for (const Operator* op : PlanOperators(plan)) total += op->StateBytes();
  return total;
}

void CheckStateCap(const QueryPlan& plan, int64_t max_bytes) {
  if (max_bytes <= 0) return;
  int64_t total = 0;
  const Operator* largest = nullptr;
  for (const Operator* op : PlanOperators(plan)) {
    int64_t bytes = op->StateBytes();
    total += bytes;
    if (largest == nullptr || bytes > largest->StateBytes()) largest = op;
  }
  if (total <= max_bytes) return;
  throw RiffleError(ErrorKind::kRuntime,
                    "the query's state grew to " + broker::HumanBytes(total) + " (" +
                        std::to_string(total) + " bytes), over riffle.state.max.bytes = " +
                        std::to_string(max_bytes) + "; the largest is operator '" +
                        largest->Describe() + "' with " + broker::HumanBytes(largest->StateBytes()) +
                        ". Raise the cap (SET 'riffle.state.max.bytes'='...') or bound the "
                        "state (a window, fewer keys)");
}

}  // namespace riffle
