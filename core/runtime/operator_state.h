#pragma once
// A plan's operator state in checkpoints, and its size.
//
// Incremental checkpoints: operator i's state is stored as catalog rows (i, key, value): the
// key "" holds its header (keyed operators, see state_changes.h) or its whole SaveState blob
// (the others, rewritten only when the blob changed); every other row is one entry of its keyed
// state. StateCheckpointer remembers what was stored, so that each checkpoint writes only what
// changed since the previous one (Catalog::SaveCheckpointDelta, in one transaction with the
// offsets). Jobs checkpointed before riffle kept state per key restore from their blob, and
// their next checkpoint rewrites the state as entries.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_types.h"
#include "core/plan/query_plan.h"

namespace riffle {

// The plan's operators in a fixed order (a checkpoint's operator indexes): a join's pre-join
// operators and joins, then the rest.
std::vector<Operator*> PlanOperators(const QueryPlan& plan);

// Restores an old-style whole-state blob (Catalog::SaveCheckpoint) into a freshly planned `plan`
// of the same query. Throws RiffleError(kRuntime) when it is corrupt or does not fit the plan.
void RestoreOperatorStates(QueryPlan& plan, std::string_view blob);

class StateCheckpointer {
 public:
  // `plan` must outlive the checkpointer.
  explicit StateCheckpointer(const QueryPlan& plan);
  // Restores the plan's operators from `cp` (either format), before the first batch. Throws
  // RiffleError(kRuntime) when the state is corrupt or does not fit the plan.
  void Restore(const Checkpoint& cp);
  // The state changes since the last Delta (or Restore of keyed entries); the first Delta of a
  // job restored from nothing or from a blob replaces every stored entry. Job thread only.
  StateDelta Delta();
  // The last Delta was not stored (the write failed): the next one rewrites everything.
  void ForgetStored() { replace_next_ = true; }

 private:
  std::vector<Operator*> ops_;
  std::vector<std::string> headers_;    // keyed operators: the header last stored
  std::vector<size_t> blob_hashes_;     // other operators: hash of the blob last stored
  std::vector<size_t> blob_sizes_;      // ... and its size (0: none stored)
  bool replace_next_ = true;
};

// Approximate bytes of state the plan's operators hold (Operator::StateBytes); any thread.
int64_t PlanStateBytes(const QueryPlan& plan);
// Throws RiffleError(kRuntime) naming the largest operator when the plan holds more than
// `max_bytes` of state (riffle.state.max.bytes); 0 means no cap.
void CheckStateCap(const QueryPlan& plan, int64_t max_bytes);

}  // namespace riffle
