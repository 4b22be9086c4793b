// JSON record decode / encode throughput: ~150-byte records with six fields (strings, BIGINTs,
// a DOUBLE) into row Values, one record per iteration, as a source's decode loop runs.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "connectors/formats/format.h"

namespace riffle::formats {
namespace {

std::vector<FieldBinding> OrderFields() {
  return {{"ORDER_ID", Type::Bigint(), 0},  {"CUSTOMER", Type::String(), 1},
          {"EMAIL", Type::String(), 2},     {"AMOUNT", Type::Double(), 3},
          {"CREATED_AT", Type::Bigint(), 4}, {"STATUS", Type::String(), 5}};
}

// Distinct records so branch predictors and caches see realistic variety.
std::vector<std::string> MakeRecords(size_t n) {
  static const char* kStatus[] = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  std::vector<std::string> records;
  records.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string id = std::to_string(1000000 + i * 7919 % 900000);
    records.push_back(R"({"order_id":)" + id + R"(,"customer":"customer_)" + std::to_string(i % 5000) +
                      R"(","email":"user.)" + std::to_string(i % 5000) + R"(@example.com","amount":)" +
                      std::to_string(i % 1000) + "." + std::to_string(10 + i % 90) +
                      R"(,"created_at":)" + std::to_string(1700000000000 + i * 37) +
                      R"(,"status":")" + kStatus[i % 5] + R"(","region":"eu-west-1"})");
  }
  return records;
}

void BM_JsonDecode(benchmark::State& state) {
  auto records = MakeRecords(4096);
  size_t bytes = 0;
  for (const auto& r : records) bytes += r.size();
  auto decoder = MakeDecoder(ParseFormatSpec("JSON", {}, false), OrderFields());
  std::vector<Value> row(6);
  std::string error;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& record = records[i++ & 4095];
    if (!decoder->Decode(record, false, row, error)) state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(row.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (bytes / records.size())));
  state.counters["record_bytes"] = static_cast<double>(bytes) / static_cast<double>(records.size());
}
BENCHMARK(BM_JsonDecode);

void BM_JsonEncode(benchmark::State& state) {
  auto records = MakeRecords(1024);
  auto fields = OrderFields();
  auto decoder = MakeDecoder(ParseFormatSpec("JSON", {}, false), fields);
  std::vector<std::vector<Value>> rows(records.size(), std::vector<Value>(6));
  std::string error;
  for (size_t i = 0; i < records.size(); ++i) decoder->Decode(records[i], false, rows[i], error);
  auto encoder = MakeEncoder(ParseFormatSpec("JSON", {}, false), fields);
  std::string out;
  bool is_null = false;
  size_t i = 0;
  for (auto _ : state) {
    if (!encoder->Encode(rows[i++ & 1023], out, is_null, error)) state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_JsonEncode);

}  // namespace
}  // namespace riffle::formats
