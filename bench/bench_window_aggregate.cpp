// Tumbling-window COUNT/SUM per key over 10M generated Nexmark-bid-like events (auction,
// bidder, price, channel, event time), through the real planner and operators (aggregate,
// projection), one core, no Kafka and no decoding. Target (issue 5): >= 3M events/s.
//
// Events arrive in event-time order, 1,000 per simulated second, over 10,000 auctions (a
// skewed mix: a tenth of the auctions get half of the bids); windows are 10 s, so each window
// holds ~10,000 events over ~5,500 keys and closes (its state freed) as time moves on.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/plan/query_plan.h"
#include "core/sql/parser.h"

namespace riffle {
namespace {

constexpr size_t kEvents = 10'000'000;
constexpr size_t kBatch = 2000;
constexpr int64_t kEventsPerSecond = 1000;

const char* const kChannels[] = {"apple", "google", "facebook", "baidu"};

// Fills `batch` with events [first, first + kBatch) in the source's column order
// (AUCTION, BIDDER, PRICE, CHANNEL).
void Generate(size_t first, Batch& batch) {
  batch.Reset(4);
  for (auto& c : batch.columns) c.reserve(kBatch);
  for (size_t i = first; i < first + kBatch; ++i) {
    uint64_t h = i * 0x9e3779b97f4a7c15ULL;
    int64_t auction = (h >> 33) % 2 == 0 ? static_cast<int64_t>((h >> 40) % 1000)
                                         : static_cast<int64_t>((h >> 20) % 10000);
    batch.columns[0].push_back(Value::Int(auction));
    batch.columns[1].push_back(Value::Int(static_cast<int64_t>((h >> 12) % 100000)));
    batch.columns[2].push_back(Value::Int(static_cast<int64_t>(100 + (h >> 24) % 10000)));
    batch.columns[3].push_back(Value::String(kChannels[(h >> 50) % 4]));
    batch.AddRowMeta(RowKind::kInsert,
                     1'600'000'000'000 + static_cast<int64_t>(i) * 1000 / kEventsPerSecond, 0,
                     static_cast<int64_t>(i));
  }
}

QueryPlan PlanBids(Catalog& catalog, const std::string& sql) {
  SourceInfo s;
  s.name = "BIDS";
  s.topic = "bids";
  s.key_format = "KAFKA";
  s.value_format = "JSON";
  s.schema = Schema({{"AUCTION", Type::Bigint(), ColumnRole::kValue, ""},
                     {"BIDDER", Type::Bigint(), ColumnRole::kValue, ""},
                     {"PRICE", Type::Bigint(), ColumnRole::kValue, ""},
                     {"CHANNEL", Type::String(), ColumnRole::kValue, ""}});
  catalog.CreateSource(s, false);
  Statement stmt = ParseStatement(sql);
  return PlanQuery(*std::get<SelectStmt>(stmt.body).query, catalog);
}

void RunEvents(benchmark::State& state, const std::string& sql) {
  auto catalog = Catalog::Open(":memory:");
  Batch batch;
  EvalContext ctx;
  int64_t out_rows = 0;
  for (auto _ : state) {
    QueryPlan plan = PlanBids(*catalog, sql);
    catalog->DropSource("BIDS");
    for (size_t first = 0; first < kEvents; first += kBatch) {
      state.PauseTiming();
      Generate(first, batch);
      state.ResumeTiming();
      for (auto& op : plan.operators) op->Process(batch, ctx);
      out_rows += static_cast<int64_t>(batch.num_rows());
      benchmark::DoNotOptimize(batch.columns.data());
    }
    state.counters["state_bytes_end"] =
        static_cast<double>(plan.operators.front()->StateBytes());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kEvents));
  state.counters["out_rows"] =
      static_cast<double>(out_rows) / static_cast<double>(state.iterations());
}

void BM_TumblingCountSumPerAuction(benchmark::State& state) {
  RunEvents(state,
            "SELECT auction, COUNT(*) AS bids, SUM(price) AS volume FROM bids "
            "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 1 SECOND) GROUP BY auction "
            "EMIT CHANGES");
}
BENCHMARK(BM_TumblingCountSumPerAuction)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_TumblingCountSumPerAuctionEmitFinal(benchmark::State& state) {
  RunEvents(state,
            "SELECT auction, COUNT(*) AS bids, SUM(price) AS volume FROM bids "
            "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 1 SECOND) GROUP BY auction "
            "EMIT FINAL");
}
BENCHMARK(BM_TumblingCountSumPerAuctionEmitFinal)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace riffle
