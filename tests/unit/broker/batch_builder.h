#pragma once
// Builds real Kafka record batches (magic 2, varint records, CRC-32C) for the log's tests.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/log/crc32c.h"
#include "connectors/broker/log/record_batch.h"
#include "connectors/broker/wire.h"
#include "core/common/text.h"

namespace riffle::broker::testing {

struct TestRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t timestamp = 0;
};

struct BatchOptions {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int16_t compression = 0;  // Attribute bits 0-2; the records are then stored as given.
};

inline std::string BuildBatch(const std::vector<TestRecord>& records, BatchOptions opts = {}) {
  int64_t base_ts = records.empty() ? 0 : records.front().timestamp;
  int64_t max_ts = base_ts;
  for (const auto& r : records) max_ts = std::max(max_ts, r.timestamp);
  Writer body;
  for (size_t i = 0; i < records.size(); ++i) {
    const TestRecord& r = records[i];
    Writer rec;
    rec.Int8(0);
    rec.VarLong(r.timestamp - base_ts);
    rec.VarInt(static_cast<int32_t>(i));
    if (r.key) {
      rec.VarInt(static_cast<int32_t>(r.key->size()));
      rec.Raw(*r.key);
    } else {
      rec.VarInt(-1);
    }
    if (r.value) {
      rec.VarInt(static_cast<int32_t>(r.value->size()));
      rec.Raw(*r.value);
    } else {
      rec.VarInt(-1);
    }
    rec.VarInt(static_cast<int32_t>(r.headers.size()));
    for (const auto& [k, v] : r.headers) {
      rec.VarInt(static_cast<int32_t>(k.size()));
      rec.Raw(k);
      rec.VarInt(static_cast<int32_t>(v.size()));
      rec.Raw(v);
    }
    body.VarInt(static_cast<int32_t>(rec.buffer().size()));
    body.Raw(rec.buffer());
  }
  Writer w;
  w.Int64(0);   // base offset: the broker assigns it
  w.Int32(0);   // batch length, patched below
  w.Int32(-1);  // partition leader epoch
  w.Int8(2);
  w.UInt32(0);  // crc, patched below
  w.Int16(opts.compression);
  w.Int32(static_cast<int32_t>(records.size()) - 1);
  w.Int64(base_ts);
  w.Int64(max_ts);
  w.Int64(opts.producer_id);
  w.Int16(opts.producer_epoch);
  w.Int32(opts.base_sequence);
  w.Int32(static_cast<int32_t>(records.size()));
  w.Raw(body.buffer());
  std::string out = w.buffer();
  StoreBE32(out.data() + 8, static_cast<int32_t>(out.size() - kBatchLengthPrefix));
  StoreBE32(out.data() + 17,
            static_cast<int32_t>(Crc32c(out.data() + kCrcStart, out.size() - kCrcStart)));
  return out;
}

// A batch of `n` records "k<i>" -> "v<i>" with timestamps ts, ts+1, ...
inline std::string SimpleBatch(int n, int64_t ts = 1000, BatchOptions opts = {},
                               size_t value_size = 0) {
  std::vector<TestRecord> records;
  for (int i = 0; i < n; ++i) {
    std::string value = StrCat("v", std::to_string(i));
    if (value.size() < value_size) value.resize(value_size, 'x');
    records.push_back({StrCat("k", std::to_string(i)), value, {}, ts + i});
  }
  return BuildBatch(records, opts);
}

}  // namespace riffle::broker::testing
