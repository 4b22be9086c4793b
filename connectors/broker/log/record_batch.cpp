#include "connectors/broker/log/record_batch.h"

#include <climits>

#include "connectors/broker/log/crc32c.h"
#include "connectors/broker/wire.h"

namespace riffle::broker {
namespace {

uint32_t LoadU32(const char* p) { return static_cast<uint32_t>(LoadBE32(p)); }

// Zig-zag varints as the record format uses them; false on overrun or an over-long encoding.
bool ReadVarLong(const char** p, const char* end, int64_t* out) {
  uint64_t raw = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*p >= end) return false;
    auto byte = static_cast<uint8_t>(*(*p)++);
    raw |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *out = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
      return true;
    }
  }
  return false;
}

}  // namespace

int32_t BatchHeader::last_sequence() const {
  if (base_sequence < 0) return base_sequence;
  int64_t last = static_cast<int64_t>(base_sequence) + last_offset_delta;
  return static_cast<int32_t>(last > INT32_MAX ? last - INT32_MAX - 1 : last);
}

BatchHeader ParseBatchHeader(const char* p) {
  BatchHeader h;
  h.base_offset = LoadBE64(p);
  h.batch_length = LoadBE32(p + 8);
  h.partition_leader_epoch = LoadBE32(p + 12);
  h.magic = static_cast<int8_t>(p[16]);
  h.crc = LoadU32(p + 17);
  h.attributes = LoadBE16(p + 21);
  h.last_offset_delta = LoadBE32(p + 23);
  h.base_timestamp = LoadBE64(p + 27);
  h.max_timestamp = LoadBE64(p + 35);
  h.producer_id = LoadBE64(p + 43);
  h.producer_epoch = LoadBE16(p + 51);
  h.base_sequence = LoadBE32(p + 53);
  h.records_count = LoadBE32(p + 57);
  return h;
}

ErrorCode ValidateBatch(std::string_view bytes, int64_t max_bytes, BatchHeader* header,
                        std::string* message) {
  if (bytes.size() >= 17 && bytes[16] != 2) {
    int magic = bytes[16];
    if (magic == 0 || magic == 1) {
      *message = "message format v" + std::to_string(magic) + " is not supported; use magic 2";
      return ErrorCode::kUnsupportedForMessageFormat;
    }
    *message = "record batch has unknown magic " + std::to_string(magic);
    return ErrorCode::kCorruptMessage;
  }
  if (bytes.size() < kBatchHeaderSize) {
    *message = "record batch is shorter than its 61-byte header";
    return ErrorCode::kCorruptMessage;
  }
  BatchHeader h = ParseBatchHeader(bytes.data());
  if (h.batch_length < static_cast<int32_t>(kBatchHeaderSize - kBatchLengthPrefix) ||
      static_cast<uint64_t>(h.size()) > bytes.size()) {
    *message = "record batch length " + std::to_string(h.batch_length) + " does not fit the " +
               std::to_string(bytes.size()) + " bytes sent";
    return ErrorCode::kCorruptMessage;
  }
  if (h.size() > max_bytes) {
    *message = "record batch of " + std::to_string(h.size()) +
               " bytes is larger than max.message.bytes " + std::to_string(max_bytes);
    return ErrorCode::kMessageTooLarge;
  }
  uint32_t crc = Crc32c(bytes.data() + kCrcStart, static_cast<size_t>(h.size()) - kCrcStart);
  if (crc != h.crc) {
    *message = "record batch CRC mismatch";
    return ErrorCode::kCorruptMessage;
  }
  if (h.records_count <= 0 || h.last_offset_delta != h.records_count - 1) {
    *message = "record batch count " + std::to_string(h.records_count) +
               " does not match its last offset delta " + std::to_string(h.last_offset_delta);
    return ErrorCode::kInvalidRecord;
  }
  // An uncompressed record takes at least 7 bytes; a count beyond that is a lie.
  if (h.compression() == 0 && static_cast<int64_t>(h.records_count) * 7 >
                                  h.size() - static_cast<int64_t>(kBatchHeaderSize)) {
    *message = "record batch claims more records than its bytes can hold";
    return ErrorCode::kInvalidRecord;
  }
  if (h.control()) {
    *message = "clients may not write control batches";
    return ErrorCode::kInvalidRecord;
  }
  *header = h;
  return ErrorCode::kNone;
}

bool BatchLooksValid(const char* p, size_t available, bool check_crc) {
  if (available < kBatchHeaderSize) return false;
  int32_t length = LoadBE32(p + 8);
  if (p[16] != 2 || length < static_cast<int32_t>(kBatchHeaderSize - kBatchLengthPrefix)) {
    return false;
  }
  size_t size = kBatchLengthPrefix + static_cast<size_t>(length);
  if (size > available) return false;
  if (LoadBE32(p + 23) < 0) return false;
  if (!check_crc) return true;
  return Crc32c(p + kCrcStart, size - kCrcStart) == LoadU32(p + 17);
}

void SetBaseOffset(char* batch, int64_t base_offset) { StoreBE64(batch, base_offset); }

void SetLogAppendTime(char* batch, size_t size, int64_t now_ms) {
  int16_t attributes = static_cast<int16_t>(LoadBE16(batch + 21) | kTimestampTypeLogAppend);
  uint16_t be = __builtin_bswap16(static_cast<uint16_t>(attributes));
  std::memcpy(batch + 21, &be, 2);
  StoreBE64(batch + 35, now_ms);
  uint32_t crc = Crc32c(batch + kCrcStart, size - kCrcStart);
  StoreBE32(batch + 17, static_cast<int32_t>(crc));
}

bool NextRecordTime(const char** p, const char* end, int32_t* offset_delta,
                    int64_t* timestamp_delta) {
  int64_t length = 0;
  if (!ReadVarLong(p, end, &length) || length < 0 || length > end - *p) return false;
  const char* record_end = *p + length;
  const char* q = *p;
  int64_t offset = 0;
  if (q >= record_end) return false;
  ++q;  // attributes
  if (!ReadVarLong(&q, record_end, timestamp_delta) || !ReadVarLong(&q, record_end, &offset)) {
    return false;
  }
  if (offset < 0 || offset > INT32_MAX) return false;
  *offset_delta = static_cast<int32_t>(offset);
  *p = record_end;
  return true;
}

}  // namespace riffle::broker
