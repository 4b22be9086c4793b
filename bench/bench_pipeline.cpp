// JSON decode + filter + project over in-memory messages, one core: the push-query hot path
// without Kafka. Target (issue 2): at least 3M records/s.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/exec/record_decoder.h"
#include "core/plan/query_plan.h"
#include "core/sql/parser.h"

namespace riffle {
namespace {

std::vector<std::string> MakeRecords(size_t n) {
  std::vector<std::string> records;
  for (size_t i = 0; i < n; ++i) {
    double c = static_cast<double>((i * 7919) % 10000) / 100.0;
    records.push_back("{\"A\":\"user-" + std::to_string(i % 5000) + "\",\"B\":" +
                      std::to_string(i) + ",\"C\":" + std::to_string(c) +
                      ",\"D\":\"some padding text for realism\",\"E\":true}");
  }
  return records;
}

void BM_DecodeFilterProject(benchmark::State& state) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo s;
  s.name = "S";
  s.topic = "s";
  s.key_format = "KAFKA";
  s.value_format = "JSON";
  s.schema = Schema({{"A", Type::String(), ColumnRole::kValue, ""},
                     {"B", Type::Bigint(), ColumnRole::kValue, ""},
                     {"C", Type::Double(), ColumnRole::kValue, ""},
                     {"D", Type::String(), ColumnRole::kValue, ""},
                     {"E", Type::Boolean(), ColumnRole::kValue, ""}});
  catalog->CreateSource(s, false);
  Statement stmt = ParseStatement("SELECT a, b FROM s WHERE c > 50 EMIT CHANGES");
  QueryPlan plan = PlanQuery(*std::get<SelectStmt>(stmt.body).query, *catalog);
  RecordDecoder decoder(plan.layout);

  constexpr size_t kBatch = 2000;
  std::vector<std::string> records = MakeRecords(kBatch);
  Batch batch;
  EvalContext ctx;
  std::string error;
  int64_t bytes = 0;
  for (const auto& r : records) bytes += static_cast<int64_t>(r.size());
  for (auto _ : state) {
    batch.Reset(plan.layout.schema.size());
    batch.Reserve(kBatch);  // as SourceScan::Next does
    for (size_t i = 0; i < kBatch; ++i) {
      decoder.Append({}, true, records[i], false, 1, 0, static_cast<int64_t>(i), batch, error);
    }
    for (auto& op : plan.operators) op->Process(batch, ctx);
    benchmark::DoNotOptimize(batch.columns.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_DecodeFilterProject);

// Nexmark bids shaped as `make bench-compare`'s (bench/compare/compare.py): seven fields, ~190
// bytes, URL and EXTRA longer than a string's inline buffer.
std::vector<std::string> MakeBids(size_t n) {
  static const char* kChannels[] = {"Google", "Facebook", "Baidu", "Apple"};
  std::vector<std::string> records;
  for (size_t i = 0; i < n; ++i) {
    std::string tag = std::to_string(100000 + i * 7919 % 900000);
    records.push_back("{\"AUCTION\":" + std::to_string(1000 + i % 700) + ",\"BIDDER\":" +
                      std::to_string(2000 + i * 31 % 5000) + ",\"PRICE\":" +
                      std::to_string(100 + i * 7919 % 100000) + ",\"CHANNEL\":\"" +
                      kChannels[i % 4] + "\",\"URL\":\"https://www.nexmark.com/" + tag +
                      "/item.htm?query=1\",\"DATETIME\":" + std::to_string(1700000000000 + i) +
                      ",\"EXTRA\":\"" + std::string(40 + i % 20, static_cast<char>('a' + i % 26)) +
                      tag + "\"}");
  }
  return records;
}

// `make bench-compare`'s (a) over in-memory bids, decode + filter + project one batch at a
// time; arg 1 runs `SELECT *` with the same filter instead, which decodes every column.
void BM_DecodeBidsFilterProject(benchmark::State& state) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo s;
  s.name = "BIDS";
  s.topic = "bids";
  s.key_format = "KAFKA";
  s.value_format = "JSON";
  s.timestamp_column = "DATETIME";
  s.schema = Schema({{"AUCTION", Type::Bigint(), ColumnRole::kValue, ""},
                     {"BIDDER", Type::Bigint(), ColumnRole::kValue, ""},
                     {"PRICE", Type::Bigint(), ColumnRole::kValue, ""},
                     {"CHANNEL", Type::String(), ColumnRole::kValue, ""},
                     {"URL", Type::String(), ColumnRole::kValue, ""},
                     {"DATETIME", Type::Bigint(), ColumnRole::kValue, ""},
                     {"EXTRA", Type::String(), ColumnRole::kValue, ""}});
  catalog->CreateSource(s, false);
  std::string select = state.range(0) == 0 ? "AUCTION, BIDDER, PRICE" : "*";
  Statement stmt =
      ParseStatement("SELECT " + select + " FROM bids WHERE PRICE > 90099 EMIT CHANGES;");
  QueryPlan plan = PlanQuery(*std::get<SelectStmt>(stmt.body).query, *catalog);
  RecordDecoder decoder(plan.layout);

  constexpr size_t kBatch = 2048;
  std::vector<std::string> records = MakeBids(kBatch);
  Batch batch;
  EvalContext ctx;
  std::string error;
  int64_t bytes = 0;
  for (const auto& r : records) bytes += static_cast<int64_t>(r.size());
  for (auto _ : state) {
    batch.Reset(plan.layout.schema.size());
    batch.Reserve(kBatch);
    for (size_t i = 0; i < kBatch; ++i) {
      if (!decoder.Append({}, true, records[i], false, 1, 0, static_cast<int64_t>(i), batch,
                          error)) {
        state.SkipWithError(error.c_str());
        break;
      }
    }
    for (auto& op : plan.operators) op->Process(batch, ctx);
    benchmark::DoNotOptimize(batch.columns.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_DecodeBidsFilterProject)->Arg(0)->Arg(1);

}  // namespace
}  // namespace riffle
