#pragma once
// A view over the fixed 61-byte header of a Kafka record batch (magic 2) and the checks the
// broker makes before storing one. Records themselves are never decoded on the append or read
// path; only OffsetForTimestamp looks inside an uncompressed batch.
//
// Layout (big-endian): baseOffset int64 @0, batchLength int32 @8 (bytes after this field),
// partitionLeaderEpoch int32 @12, magic int8 @16, crc uint32 @17 (CRC-32C of everything from
// attributes to the end), attributes int16 @21, lastOffsetDelta int32 @23, baseTimestamp int64
// @27, maxTimestamp int64 @35, producerId int64 @43, producerEpoch int16 @51, baseSequence int32
// @53, recordsCount int32 @57, records @61. Legacy message sets (magic 0/1) keep the magic byte
// at offset 16 too, which is how they are recognised and refused.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/broker/protocol.h"

namespace riffle::broker {

constexpr size_t kBatchHeaderSize = 61;
constexpr size_t kBatchLengthPrefix = 12;  // baseOffset + batchLength: batch size = 12 + length.
constexpr size_t kCrcStart = 21;           // The CRC covers [21, end).

constexpr int16_t kCompressionMask = 0x07;
constexpr int16_t kTimestampTypeLogAppend = 0x08;
constexpr int16_t kTransactionalFlag = 0x10;
constexpr int16_t kControlFlag = 0x20;

struct BatchHeader {
  int64_t base_offset = 0;
  int32_t batch_length = 0;
  int32_t partition_leader_epoch = 0;
  int8_t magic = 0;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = 0;
  int64_t max_timestamp = 0;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t records_count = 0;

  int64_t size() const { return static_cast<int64_t>(kBatchLengthPrefix) + batch_length; }
  int64_t last_offset() const { return base_offset + last_offset_delta; }
  int compression() const { return attributes & kCompressionMask; }
  bool log_append_time() const { return (attributes & kTimestampTypeLogAppend) != 0; }
  bool control() const { return (attributes & kControlFlag) != 0; }
  // The sequence of the batch's last record (sequences wrap from INT32_MAX to 0).
  int32_t last_sequence() const;
};

// Decodes the header at `p`. REQUIRES: at least kBatchHeaderSize readable bytes.
BatchHeader ParseBatchHeader(const char* p);

// Checks one producer batch at the start of `bytes`: enough bytes for the header and the length
// it states, magic 2, a CRC that matches, a record count that agrees with lastOffsetDelta, no
// control flag (only the broker writes control batches), size <= max_bytes. On success fills
// *header and returns kNone; otherwise returns the error code and sets *message.
ErrorCode ValidateBatch(std::string_view bytes, int64_t max_bytes, BatchHeader* header,
                        std::string* message);

// A structural check for recovery scans: the batch at `p` (of which `available` bytes exist)
// has magic 2, a sane length that fits, and (when check_crc) a matching CRC.
bool BatchLooksValid(const char* p, size_t available, bool check_crc);

// Sets the base offset (not covered by the CRC).
void SetBaseOffset(char* batch, int64_t base_offset);
// Marks the batch as LogAppendTime with maxTimestamp = now and recomputes the CRC, which
// covers both fields. REQUIRES: `batch` holds the whole batch of `size` bytes.
void SetLogAppendTime(char* batch, size_t size, int64_t now_ms);

// Calls fn(offset, timestamp) for each record of an uncompressed batch until fn returns true;
// returns false when the records do not decode (or the batch is compressed).
template <typename Fn>
bool ForEachRecordTime(std::string_view batch, Fn&& fn);

// Decodes one record's (offsetDelta, timestampDelta) at *p, advancing *p past the record.
bool NextRecordTime(const char** p, const char* end, int32_t* offset_delta,
                    int64_t* timestamp_delta);

template <typename Fn>
bool ForEachRecordTime(std::string_view batch, Fn&& fn) {
  if (batch.size() < kBatchHeaderSize) return false;
  BatchHeader h = ParseBatchHeader(batch.data());
  if (h.compression() != 0) return false;
  const char* p = batch.data() + kBatchHeaderSize;
  const char* end = batch.data() + batch.size();
  for (int32_t i = 0; i < h.records_count; ++i) {
    int32_t offset_delta = 0;
    int64_t timestamp_delta = 0;
    if (!NextRecordTime(&p, end, &offset_delta, &timestamp_delta)) return false;
    int64_t ts = h.log_append_time() ? h.max_timestamp : h.base_timestamp + timestamp_delta;
    if (fn(h.base_offset + offset_delta, ts)) return true;
  }
  return true;
}

}  // namespace riffle::broker
