#pragma once
// Shared by the per-format decode/encode benchmarks: the six-field order record (strings,
// BIGINTs, a DOUBLE), distinct rows so branch predictors and caches see realistic variety, and
// the loops, one record per iteration as a source's decode loop and a sink's encode loop run.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "connectors/formats/format.h"

namespace riffle::formats::bench {

inline std::vector<FieldBinding> OrderFields() {
  return {{"ORDER_ID", Type::Bigint(), 0},  {"CUSTOMER", Type::String(), 1},
          {"EMAIL", Type::String(), 2},     {"AMOUNT", Type::Double(), 3},
          {"CREATED_AT", Type::Bigint(), 4}, {"STATUS", Type::String(), 5}};
}

inline std::vector<std::vector<Value>> OrderRows(size_t n) {
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

// `rows` encoded with `spec` (the schema formats' framing included).
inline std::vector<std::string> EncodeAll(const FormatSpec& spec,
                                          const std::vector<std::vector<Value>>& rows) {
  auto encoder = MakeEncoder(spec, OrderFields());
  std::vector<std::string> records(rows.size());
  std::string error;
  bool is_null = false;
  for (size_t i = 0; i < rows.size(); ++i) encoder->Encode(rows[i], records[i], is_null, error);
  return records;
}

// Decodes `records` (a power-of-two count) round-robin; reports records/s and bytes/s.
inline void RunDecode(benchmark::State& state, const FormatSpec& spec,
                      const std::vector<std::string>& records) {
  size_t bytes = 0;
  for (const auto& r : records) bytes += r.size();
  auto decoder = MakeDecoder(spec, OrderFields());
  std::vector<Value> row(6);
  std::string error;
  const size_t mask = records.size() - 1;
  size_t i = 0;
  for (auto _ : state) {
    if (!decoder->Decode(records[i++ & mask], false, row, error)) {
      state.SkipWithError(error.c_str());
    }
    benchmark::DoNotOptimize(row.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (bytes / records.size())));
  state.counters["record_bytes"] = static_cast<double>(bytes) / static_cast<double>(records.size());
}

// Encodes `rows` (a power-of-two count) round-robin; reports records/s.
inline void RunEncode(benchmark::State& state, const FormatSpec& spec,
                      const std::vector<std::vector<Value>>& rows) {
  auto encoder = MakeEncoder(spec, OrderFields());
  std::string out, error;
  bool is_null = false;
  const size_t mask = rows.size() - 1;
  size_t i = 0;
  for (auto _ : state) {
    if (!encoder->Encode(rows[i++ & mask], out, is_null, error)) {
      state.SkipWithError(error.c_str());
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

}  // namespace riffle::formats::bench
