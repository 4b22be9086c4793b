// JSON record decode / encode throughput: ~150-byte records with six fields (strings, BIGINTs,
// a DOUBLE) into row Values, one record per iteration, as a source's decode loop runs.

#include "bench/format_bench.h"

namespace riffle::formats::bench {
namespace {

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
  RunDecode(state, ParseFormatSpec("JSON", {}, false), MakeRecords(4096));
}
BENCHMARK(BM_JsonDecode);

// Rows decoded from the JSON records, so the encoder writes the same values back.
void BM_JsonEncode(benchmark::State& state) {
  auto records = MakeRecords(1024);
  auto decoder = MakeDecoder(ParseFormatSpec("JSON", {}, false), OrderFields());
  std::vector<std::vector<Value>> rows(records.size(), std::vector<Value>(6));
  std::string error;
  for (size_t i = 0; i < records.size(); ++i) decoder->Decode(records[i], false, rows[i], error);
  RunEncode(state, ParseFormatSpec("JSON", {}, false), rows);
}
BENCHMARK(BM_JsonEncode);

}  // namespace
}  // namespace riffle::formats::bench
