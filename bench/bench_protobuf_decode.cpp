// PROTOBUF record decode / encode throughput: the order record of bench_json_decode.cpp (strings,
// BIGINTs, a DOUBLE) in Confluent framing with the schema ksqlDB derives, one record per
// iteration, as a source's decode loop runs.

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

FormatSpec ProtoSpec() {
  FormatSpec spec = ParseFormatSpec("PROTOBUF", {}, false);
  spec.schema.id = 1;
  return spec;
}

std::vector<std::vector<Value>> MakeRows(size_t n) {
  static const char* kStatus[] = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  std::vector<std::vector<Value>> rows;
  rows.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    rows.push_back({Value::Int(static_cast<int64_t>(1000000 + i * 7919 % 900000)),
                    Value::String("customer_" + std::to_string(i % 5000)),
                    Value::String("user." + std::to_string(i % 5000) + "@example.com"),
                    Value::Double(static_cast<double>(i % 1000) + (10 + i % 90) / 100.0),
                    Value::Int(static_cast<int64_t>(1700000000000 + i * 37)),
                    Value::String(kStatus[i % 5])});
  }
  return rows;
}

std::vector<std::string> MakeRecords(size_t n) {
  auto rows = MakeRows(n);
  auto encoder = MakeEncoder(ProtoSpec(), OrderFields());
  std::vector<std::string> records(n);
  std::string error;
  bool is_null = false;
  for (size_t i = 0; i < n; ++i) encoder->Encode(rows[i], records[i], is_null, error);
  return records;
}

void BM_ProtobufDecode(benchmark::State& state) {
  auto records = MakeRecords(4096);
  size_t bytes = 0;
  for (const auto& r : records) bytes += r.size();
  auto decoder = MakeDecoder(ProtoSpec(), OrderFields());
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
BENCHMARK(BM_ProtobufDecode);

void BM_ProtobufEncode(benchmark::State& state) {
  auto rows = MakeRows(1024);
  auto encoder = MakeEncoder(ProtoSpec(), OrderFields());
  std::string out, error;
  bool is_null = false;
  size_t i = 0;
  for (auto _ : state) {
    if (!encoder->Encode(rows[i++ & 1023], out, is_null, error)) state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ProtobufEncode);

}  // namespace
}  // namespace riffle::formats
