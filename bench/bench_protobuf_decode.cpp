// PROTOBUF decode / encode throughput for the order record of format_bench.h, in ksqlDB's derived
// schema and Confluent framing (schema id 1), one record per iteration.

#include "bench/format_bench.h"

namespace riffle::formats::bench {
namespace {

FormatSpec Spec() {
  FormatSpec spec = ParseFormatSpec("PROTOBUF", {}, false);
  spec.schema.id = 1;
  return spec;
}

void BM_ProtobufDecode(benchmark::State& state) {
  RunDecode(state, Spec(), EncodeAll(Spec(), OrderRows(4096)));
}
BENCHMARK(BM_ProtobufDecode);

void BM_ProtobufEncode(benchmark::State& state) { RunEncode(state, Spec(), OrderRows(1024)); }
BENCHMARK(BM_ProtobufEncode);

}  // namespace
}  // namespace riffle::formats::bench
