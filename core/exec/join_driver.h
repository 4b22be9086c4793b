#pragma once
// Runs the inputs of a join plan: polls every input's scan, applies its pre-join operators, and
// feeds the joins in event-time order across inputs (each input's own order is kept, so its
// out-of-order rows stay late). A buffered row is processed once every other input has buffered
// rows too, or is read to its end and has had nothing new for a short idle time (so a quiet
// input never stalls the others for long). On equal times, table inputs go first (a table
// update at t is visible to a stream row at t), then later inputs.
//
// Input 0 feeds joins[0]'s left side; input k >= 1 feeds joins[k-1]'s right side; the output
// of joins[k-1] feeds joins[k]'s left side; the last join's output is the driver's output.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/exec/join_operator.h"
#include "core/exec/operator.h"
#include "core/exec/source_scan.h"

namespace riffle {

struct JoinDriverInput {
  std::unique_ptr<SourceScan> scan;
  std::vector<Operator*> pre_ops;  // owned by the plan; applied to each polled batch
  size_t width = 0;                // columns of a decoded (and pre-processed) row
  bool is_table = false;
};

class JoinDriver {
 public:
  // `joins` (owned by the plan) has inputs.size() - 1 entries.
  JoinDriver(std::vector<JoinDriverInput> inputs, std::vector<JoinOperator*> joins);

  // Polls and joins, leaving joined rows in `out` (reset first; possibly empty). Waits at most
  // about `timeout_ms` when there is nothing to do. Returns the number of records consumed.
  size_t Next(Batch& out, int timeout_ms, JobMetrics& metrics, EvalContext& ctx);

  // Per input: its topic, and the next offset per partition of the records fully processed.
  size_t num_inputs() const { return inputs_.size(); }
  const std::string& topic(size_t i) const { return inputs_[i].input.scan->topic(); }
  const std::map<int32_t, int64_t>& Positions(size_t i) const { return inputs_[i].done; }
  // Whether every input is read to its end and nothing is buffered.
  bool AtEnd();

 private:
  struct State {
    JoinDriverInput input;
    Batch buffer;
    size_t cursor = 0;
    std::map<int32_t, int64_t> polled;  // positions after the buffered records
    std::map<int32_t, int64_t> done;    // positions after the processed records
    std::chrono::steady_clock::time_point last_data;
    // Whether the input was read to its end when last asked (asking costs a broker round trip).
    bool at_end = false;
    // When the others first waited on this input (reset when it gets data): an input counts
    // as quiet only after kIdle without data while others wait, never at once.
    std::chrono::steady_clock::time_point waited_since;
    bool waited = false;
    std::chrono::steady_clock::time_point at_end_checked;
    bool buffered() const { return cursor < buffer.num_rows(); }
  };
  size_t Poll(size_t i, int timeout_ms, JobMetrics& metrics, EvalContext& ctx);
  // Whether input i, which has nothing buffered, may be passed over: read to its end and quiet.
  bool Quiet(State& s, std::chrono::steady_clock::time_point now);
  // Feeds rows [from, to) of input i through the joins, appending the result to `out`.
  void Feed(size_t i, size_t from, size_t to, Batch& out, EvalContext& ctx);

  std::vector<State> inputs_;
  std::vector<JoinOperator*> joins_;
  std::vector<Batch> stage_;  // stage_[k]: output of joins[k]
  Batch run_;
};

}  // namespace riffle
