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

}  // namespace
}  // namespace riffle
