// Joins through the real planner and operators (pre-join operators, join, projection), one core,
// no Kafka and no decoding (issue 6 point 5):
//  - stream-table: 10M Nexmark-bid-like events (AUCTION, BIDDER, PRICE, CHANNEL) enriched by a
//    100K-row PEOPLE table (ID key, NAME, CITY, STATE) on BIDDER = ID; the table is loaded first
//    (timed on its own, in the table_rows_per_s counter), then bids flow. About 9 in 10 bidders
//    are in the table: INNER drops the rest, LEFT pads them with nulls.
//  - stream-stream: AUCTIONS (ID, SELLER, CATEGORY, RESERVE; 100 per event-time second) joined
//    WITHIN 10 SECONDS (GRACE PERIOD 1 SECOND) with bids (1,000 per second) on AUCTION = ID; each
//    bid names an auction opened in the 5 s before it, so every bid joins exactly one auction.
//    Both sides arrive in event-time order, in turns of 2 s of event time (auctions, then bids).
// Generation is excluded with PauseTiming; figures are per CPU second.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/plan/query_plan.h"
#include "core/sql/parser.h"

namespace riffle {
namespace {

constexpr size_t kBids = 10'000'000;
constexpr size_t kBatch = 2000;
constexpr int64_t kBidsPerSecond = 1000;
constexpr int64_t kAuctionsPerSecond = 100;
constexpr int64_t kPeople = 100'000;
constexpr int64_t kBidders = 110'000;  // bidders >= kPeople are not in the table
constexpr int64_t kStartMs = 1'600'000'000'000;

const char* const kChannels[] = {"apple", "google", "facebook", "baidu"};
const char* const kCities[] = {"Phoenix", "Portland", "Seattle", "Boise", "Bend", "Redmond"};
const char* const kStates[] = {"AZ", "OR", "WA", "ID"};

uint64_t Mix(uint64_t i) { return (i + 1) * 0x9e3779b97f4a7c15ULL; }

// Bids [first, first + n) in column order AUCTION, BIDDER, PRICE, CHANNEL. A bid at time t names
// one of the auctions opened in the 5 s before t (auction i opens at i * 1000 / rate ms).
void GenerateBids(size_t first, size_t n, Batch& batch) {
  batch.Reset(4);
  for (auto& c : batch.columns) c.reserve(n);
  for (size_t i = first; i < first + n; ++i) {
    uint64_t h = Mix(i);
    int64_t t = static_cast<int64_t>(i) * 1000 / kBidsPerSecond;
    int64_t newest = t * kAuctionsPerSecond / 1000;  // the last auction opened at or before t
    int64_t back = static_cast<int64_t>((h >> 40) % (5 * kAuctionsPerSecond));
    batch.columns[0].push_back(Value::Int(std::max<int64_t>(0, newest - back)));
    batch.columns[1].push_back(Value::Int(static_cast<int64_t>((h >> 12) % kBidders)));
    batch.columns[2].push_back(Value::Int(static_cast<int64_t>(100 + (h >> 24) % 10000)));
    batch.columns[3].push_back(Value::String(kChannels[(h >> 50) % 4]));
    batch.AddRowMeta(RowKind::kInsert, kStartMs + t, 0, static_cast<int64_t>(i));
  }
}

// Auctions [first, first + n): ID, SELLER, CATEGORY, RESERVE.
void GenerateAuctions(size_t first, size_t n, Batch& batch) {
  batch.Reset(4);
  for (auto& c : batch.columns) c.reserve(n);
  for (size_t i = first; i < first + n; ++i) {
    uint64_t h = Mix(i + (1ULL << 40));
    batch.columns[0].push_back(Value::Int(static_cast<int64_t>(i)));
    batch.columns[1].push_back(Value::Int(static_cast<int64_t>((h >> 12) % kPeople)));
    batch.columns[2].push_back(Value::Int(static_cast<int64_t>(10 + (h >> 30) % 5)));
    batch.columns[3].push_back(Value::Int(static_cast<int64_t>(1000 + (h >> 20) % 100000)));
    batch.AddRowMeta(RowKind::kInsert,
                     kStartMs + static_cast<int64_t>(i) * 1000 / kAuctionsPerSecond, 0,
                     static_cast<int64_t>(i));
  }
}

// People [first, first + n): ID (the key), NAME, CITY, STATE.
void GeneratePeople(size_t first, size_t n, Batch& batch) {
  batch.Reset(4);
  for (size_t i = first; i < first + n; ++i) {
    uint64_t h = Mix(i + (2ULL << 40));
    batch.columns[0].push_back(Value::Int(static_cast<int64_t>(i)));
    batch.columns[1].push_back(Value::String("person-" + std::to_string(i)));
    batch.columns[2].push_back(Value::String(kCities[(h >> 20) % 6]));
    batch.columns[3].push_back(Value::String(kStates[(h >> 40) % 4]));
    batch.AddRowMeta(RowKind::kInsert, kStartMs - 1, 0, static_cast<int64_t>(i));
  }
}

void AddSource(Catalog& catalog, const std::string& name, bool is_table, Schema schema) {
  SourceInfo s;
  s.name = name;
  s.is_table = is_table;
  s.topic = name;
  s.key_format = "KAFKA";
  s.value_format = "JSON";
  s.schema = std::move(schema);
  catalog.CreateSource(s, false);
}

// A catalog holding BIDS, AUCTIONS (streams) and PEOPLE (a table keyed by ID).
std::unique_ptr<Catalog> OpenCatalog() {
  auto catalog = Catalog::Open(":memory:");
  auto col = [](const char* name, TypePtr type, ColumnRole role = ColumnRole::kValue) {
    return ColumnDef{name, std::move(type), role, ""};
  };
  AddSource(*catalog, "BIDS", false,
            Schema({col("AUCTION", Type::Bigint()), col("BIDDER", Type::Bigint()),
                    col("PRICE", Type::Bigint()), col("CHANNEL", Type::String())}));
  AddSource(*catalog, "AUCTIONS", false,
            Schema({col("ID", Type::Bigint()), col("SELLER", Type::Bigint()),
                    col("CATEGORY", Type::Bigint()), col("RESERVE", Type::Bigint())}));
  AddSource(*catalog, "PEOPLE", true,
            Schema({col("ID", Type::Bigint(), ColumnRole::kKey), col("NAME", Type::String()),
                    col("CITY", Type::String()), col("STATE", Type::String())}));
  return catalog;
}

QueryPlan Plan(Catalog& catalog, const std::string& sql) {
  Statement stmt = ParseStatement(sql);
  return PlanQuery(*std::get<SelectStmt>(stmt.body).query, catalog);
}

// Runs `rows` of input `input` (0: the join's left side, 1: its right side) through that input's
// pre-join operators, the join, and the operators after it; returns the rows it produced.
size_t Feed(QueryPlan& plan, size_t input, Batch& rows, Batch& out, EvalContext& ctx) {
  for (auto& op : plan.join_inputs[input].pre_ops) {
    if (rows.empty()) return 0;
    op->Process(rows, ctx);
  }
  JoinOperator& join = *plan.joins.front();
  out.Reset(join.output_width());
  join.ProcessSide(static_cast<int>(input), rows, out, ctx);
  for (auto& op : plan.operators) {
    if (out.empty()) return 0;
    op->Process(out, ctx);
  }
  benchmark::DoNotOptimize(out.columns.data());
  return out.num_rows();
}

void RunStreamTable(benchmark::State& state, const std::string& sql) {
  Batch batch, out;
  EvalContext ctx;
  int64_t out_rows = 0;
  double load_seconds = 0;
  auto catalog = OpenCatalog();
  for (auto _ : state) {
    QueryPlan plan = Plan(*catalog, sql);
    state.PauseTiming();
    // The table is loaded before the first bid, timed on its own.
    for (int64_t first = 0; first < kPeople; first += kBatch) {
      GeneratePeople(static_cast<size_t>(first), kBatch, batch);
      auto start = std::chrono::steady_clock::now();
      Feed(plan, 1, batch, out, ctx);
      load_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                          .count();
    }
    state.ResumeTiming();
    for (size_t first = 0; first < kBids; first += kBatch) {
      state.PauseTiming();
      GenerateBids(first, kBatch, batch);
      state.ResumeTiming();
      out_rows += static_cast<int64_t>(Feed(plan, 0, batch, out, ctx));
    }
    state.counters["state_bytes_end"] = static_cast<double>(plan.joins.front()->StateBytes());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kBids));
  auto iterations = static_cast<double>(state.iterations());
  state.counters["out_rows"] = static_cast<double>(out_rows) / iterations;
  state.counters["table_rows_per_s"] =
      static_cast<double>(kPeople) * iterations / std::max(load_seconds, 1e-9);
}

void BM_StreamTableJoinBidsPeople(benchmark::State& state) {
  RunStreamTable(state,
                 "SELECT b.bidder, b.auction, b.price, p.name, p.city, p.state "
                 "FROM bids b JOIN people p ON b.bidder = p.id EMIT CHANGES");
}
BENCHMARK(BM_StreamTableJoinBidsPeople)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_StreamTableLeftJoinBidsPeople(benchmark::State& state) {
  RunStreamTable(state,
                 "SELECT b.bidder, b.auction, b.price, p.name, p.city, p.state "
                 "FROM bids b LEFT JOIN people p ON b.bidder = p.id EMIT CHANGES");
}
BENCHMARK(BM_StreamTableLeftJoinBidsPeople)->Unit(benchmark::kMillisecond)->Iterations(1);

void RunStreamStream(benchmark::State& state, const std::string& sql) {
  constexpr size_t kAuctionBatch = kBatch * kAuctionsPerSecond / kBidsPerSecond;
  Batch batch, out;
  EvalContext ctx;
  int64_t out_rows = 0;
  auto catalog = OpenCatalog();
  for (auto _ : state) {
    QueryPlan plan = Plan(*catalog, sql);
    for (size_t turn = 0; turn < kBids / kBatch; ++turn) {
      // Input 0 is the query's left side: bids; input 1: auctions.
      state.PauseTiming();
      GenerateAuctions(turn * kAuctionBatch, kAuctionBatch, batch);
      state.ResumeTiming();
      out_rows += static_cast<int64_t>(Feed(plan, 1, batch, out, ctx));
      state.PauseTiming();
      GenerateBids(turn * kBatch, kBatch, batch);
      state.ResumeTiming();
      out_rows += static_cast<int64_t>(Feed(plan, 0, batch, out, ctx));
    }
    state.counters["state_bytes_end"] = static_cast<double>(plan.joins.front()->StateBytes());
  }
  // Records in: bids and auctions.
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(kBids + kBids / kBidsPerSecond * kAuctionsPerSecond));
  state.counters["out_rows"] =
      static_cast<double>(out_rows) / static_cast<double>(state.iterations());
}

void BM_StreamStreamJoinBidsAuctions(benchmark::State& state) {
  RunStreamStream(state,
                  "SELECT b.auction, b.bidder, b.price, a.seller, a.category "
                  "FROM bids b JOIN auctions a WITHIN 10 SECONDS GRACE PERIOD 1 SECOND "
                  "ON b.auction = a.id EMIT CHANGES");
}
BENCHMARK(BM_StreamStreamJoinBidsAuctions)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_StreamStreamLeftJoinBidsAuctions(benchmark::State& state) {
  RunStreamStream(state,
                  "SELECT b.auction, b.bidder, b.price, a.seller, a.category "
                  "FROM bids b LEFT JOIN auctions a WITHIN 10 SECONDS GRACE PERIOD 1 SECOND "
                  "ON b.auction = a.id EMIT CHANGES");
}
BENCHMARK(BM_StreamStreamLeftJoinBidsAuctions)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace riffle
