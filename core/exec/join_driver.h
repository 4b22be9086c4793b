#pragma once
// Runs the inputs of a join plan: polls every input's scan, applies its pre-join operators, and
// feeds the joins in event-time order across inputs (each input's own order is kept, so its
// out-of-order rows stay late). A buffered row is processed once every other input has buffered
// rows too, or has caught up: its source said it was read to its end (for Kafka, its position
// reached every partition's high watermark) when asked after that row was polled. An input that
// is behind is waited for however long it takes, so the result does not depend on how fast each
// consumer fetches (records not yet produced cannot be waited for: producers writing several
// topics together should send them together). A source that cannot tell (its broker did not
// answer) counts as caught up after a quiet time instead. On equal times, table inputs go
// first (a table update at t is visible to a stream row at t), then later inputs.
//
// So a stream row looks a table up as of its own event time, as in ksqlDB: stream rows older
// than every row of a table find it empty (e.g. a TIMESTAMP column holding past dates joined
// with a table inserted now). Such rows are counted (JoinDriver::early_rows) so that the user
// can be told why an INNER join shows nothing.
//
// Input 0 feeds joins[0]'s left side; input k >= 1 feeds joins[k-1]'s right side; the output
// of joins[k-1] feeds joins[k]'s left side; the last join's output is the driver's output.

#include <chrono>
#include <cstdint>
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
  // Whether input i's source can reach its cluster. Thread-safe.
  ReachabilityStatus Reachability(size_t i) const { return inputs_[i].input.scan->Reachability(); }
  // The largest event time of input i's rows fed to the joins so far (its stream time);
  // INT64_MIN before the first.
  int64_t stream_time(size_t i) const { return inputs_[i].stream_time; }
  // Whether every input is read to its end and nothing is buffered.
  bool AtEnd();

  // Stream rows fed to the joins while a table input had rows buffered but none applied yet
  // (nor restored: it started at its beginning), all of them later in event time: those rows
  // saw that table empty. Job thread only.
  struct EarlyRows {
    int64_t count = 0;
    size_t input = 0;          // the stream input of the first such row
    size_t table = 0;          // the table input it came before
    int64_t row_time = 0;      // that row's event time
    int64_t table_time = 0;    // the table's first row's event time
  };
  const EarlyRows& early_rows() const { return early_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct State {
    JoinDriverInput input;
    Batch buffer;
    size_t cursor = 0;
    std::map<int32_t, int64_t> polled;  // positions after the buffered records
    std::map<int32_t, int64_t> done;    // positions after the processed records
    Clock::time_point last_data;
    // The source's last answer to "caught up?" (asking costs a broker round trip), and when
    // it was asked; end_known is false when the source could not tell.
    bool at_end = false;
    bool end_known = true;
    bool end_asked = false;
    Clock::time_point end_checked;
    // Fallback timer: when the others first waited on this input (reset when it gets data).
    Clock::time_point waited_since;
    bool waited = false;
    int64_t stream_time = INT64_MIN;  // the largest event time fed to the joins
    // Whether it started past some records (a restarted job's restored table): it is not
    // empty before its first row fed here.
    bool resumed = false;
    bool buffered() const { return cursor < buffer.num_rows(); }
  };
  size_t Poll(size_t i, int timeout_ms, JobMetrics& metrics, EvalContext& ctx);
  // Whether `s`, which has nothing buffered, may be passed over: caught up as of a check made
  // after every buffered row of the other inputs was polled. Asks the source when its last
  // answer is too old (rate-limited).
  bool Quiet(State& s);
  // Feeds rows [from, to) of input i through the joins, appending the result to `out`.
  void Feed(size_t i, size_t from, size_t to, Batch& out, EvalContext& ctx);
  // Counts rows [from, to) of stream input i in early_ when a table input has applied nothing
  // yet though it holds (later) rows.
  void CountEarlyRows(size_t i, size_t from, size_t to);

  std::vector<State> inputs_;
  std::vector<JoinOperator*> joins_;
  std::vector<Batch> stage_;  // stage_[k]: output of joins[k]
  Batch run_;
  Clock::time_point arrival_;  // when an input last polled data
  EarlyRows early_;
};

}  // namespace riffle
