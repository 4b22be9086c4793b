// CRC-32C over record batches: what the local broker checks for every produced batch
// (connectors/broker/log/crc32c.h). Bytes per second for batch-sized buffers.

#include <benchmark/benchmark.h>

#include <string>

#include "connectors/broker/log/crc32c.h"

namespace {

void BM_Crc32c(benchmark::State& state) {
  std::string data(static_cast<size_t>(state.range(0)), '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + 7);
  for (auto _ : state) {
    benchmark::DoNotOptimize(riffle::broker::Crc32c(data.data(), data.size()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32c)->Arg(200)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);

}  // namespace
