#pragma once
// The body of a transient push query (SELECT ... EMIT CHANGES): scan, operators, then rows into
// a RowQueue the shell's thread drains. Finishes when LIMIT rows have been delivered.

#include <atomic>
#include <memory>

#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/row_queue.h"

namespace riffle {

class PushQueryBody : public JobBody {
 public:
  PushQueryBody(QueryPlan plan, std::unique_ptr<SourceScan> scan, RowQueue* queue,
                const std::atomic<bool>* cancel)
      : plan_(std::move(plan)), scan_(std::move(scan)), queue_(queue), cancel_(cancel) {}

  bool Step(JobMetrics& metrics) override;
  void Close() override { queue_->Close(); }
  // Rows that evaluated with errors (NULL results), for the end-of-query warning.
  int64_t eval_errors() const { return eval_errors_.load(); }

 private:
  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  RowQueue* queue_;
  const std::atomic<bool>* cancel_;
  Batch batch_;
  EvalContext ctx_;
  int64_t delivered_ = 0;
  std::atomic<int64_t> eval_errors_{0};
};

}  // namespace riffle
