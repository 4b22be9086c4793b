#include "core/runtime/job.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/runtime/run_operators.h"

namespace riffle {
namespace {

// Reads `per_step` records every step, 10 ms apart (~100 steps a second).
class CountingBody : public JobBody {
 public:
  explicit CountingBody(int per_step) : per_step_(per_step) {}
  bool Step(JobMetrics& metrics) override {
    metrics.records_in.fetch_add(per_step_);
    metrics.AdvanceWatermark(1000 + metrics.records_in.load());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return true;
  }

 private:
  int per_step_;
};

TEST(JobTest, RateUptimeAndWatermarkAreLive) {
  Job job("J1", std::make_unique<CountingBody>(10));
  EXPECT_EQ(job.metrics().watermark_ms.load(), JobMetrics::kNoWatermark);
  job.Start();
  EXPECT_GT(job.metrics().started_at_ms.load(), 0);
  // The rate is sampled about once a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  double rate = job.metrics().input_rate.load();
  EXPECT_GT(rate, 100.0);   // ~1000 records/s expected; loose bounds for a loaded machine
  EXPECT_LT(rate, 5000.0);
  EXPECT_EQ(job.metrics().watermark_ms.load(), 1000 + job.metrics().records_in.load());
  job.Pause();
  // The sample after the one that straddles the pause covers only paused time.
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  EXPECT_EQ(job.metrics().input_rate.load(), 0.0);
  job.Cancel();
  job.Join();
}

TEST(JobTest, WatermarkOnlyMovesForward) {
  JobMetrics m;
  m.AdvanceWatermark(50);
  m.AdvanceWatermark(20);
  EXPECT_EQ(m.watermark_ms.load(), 50);
}

class CountRows : public Operator {
 public:
  void Process(Batch& batch, EvalContext&) override {
    rows_in += static_cast<int64_t>(batch.num_rows());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::string Describe() const override { return "CountRows"; }
};

class DropAll : public Operator {
 public:
  void Process(Batch& batch, EvalContext&) override { batch.Reset(batch.columns.size()); }
  std::string Describe() const override { return "DropAll"; }
};

TEST(RunOperatorsTest, ChargesTimeAndStopsOnEmptyBatch) {
  std::vector<std::unique_ptr<Operator>> ops;
  ops.push_back(std::make_unique<CountRows>());
  ops.push_back(std::make_unique<DropAll>());
  ops.push_back(std::make_unique<CountRows>());
  Batch batch;
  batch.Reset(0);
  batch.AddRowMeta(RowKind::kInsert, 30, 0, 0);
  batch.AddRowMeta(RowKind::kInsert, 70, 0, 1);
  EXPECT_EQ(MaxRowtime(batch, 10), 70);
  EXPECT_EQ(MaxRowtime(batch, 100), 100);
  EvalContext ctx;
  RunOperators(ops, batch, ctx);
  EXPECT_EQ(ops[0]->rows_in.load(), 2);
  EXPECT_GE(ops[0]->nanos.load(), 2'000'000);
  EXPECT_EQ(ops[2]->rows_in.load(), 0);  // never reached
  EXPECT_EQ(ops[2]->nanos.load(), 0);
  EXPECT_EQ(MaxRowtime(batch, 5), 5);
}

}  // namespace
}  // namespace riffle
