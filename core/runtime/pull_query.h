#pragma once
// The body of a pull query over a table (SELECT ... FROM table without EMIT CHANGES): reads the
// table's changelog topic from the beginning to its current end into a TableSnapshot (latest
// row per key), then runs the plan's filter and projection once over the final rows and
// delivers them to a RowQueue. Finishes after delivering.

#include <atomic>
#include <memory>

#include "core/exec/source_scan.h"
#include "core/exec/table_snapshot.h"
#include "core/plan/query_plan.h"
#include "core/runtime/job.h"
#include "core/runtime/row_queue.h"

namespace riffle {

class PullTableBody : public JobBody {
 public:
  // REQUIRES: plan.source is a table and the plan does not aggregate.
  PullTableBody(QueryPlan plan, std::unique_ptr<SourceScan> scan, RowQueue* queue,
                const std::atomic<bool>* cancel);

  bool Step(JobMetrics& metrics) override;
  void Close() override { queue_->Close(); }
  int64_t eval_errors() const { return eval_errors_.load(); }

 private:
  void Deliver(JobMetrics& metrics);

  QueryPlan plan_;
  std::unique_ptr<SourceScan> scan_;
  RowQueue* queue_;
  const std::atomic<bool>* cancel_;
  TableSnapshot snapshot_;
  Batch batch_;
  EvalContext ctx_;
  std::atomic<int64_t> eval_errors_{0};
};

// Pushes the rows of a complete answer to `queue`, at most plan.limit of them, skipping the
// deletes and retractions a WHERE or HAVING filter turns rejected rows into; stops early when
// `cancel` is set. Shared by pull queries and finite aggregates.
void DeliverFinalRows(Batch& result, const QueryPlan& plan, RowQueue* queue,
                      const std::atomic<bool>* cancel, JobMetrics& metrics);

}  // namespace riffle
