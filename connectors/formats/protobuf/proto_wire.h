#pragma once
// Protobuf wire primitives (varints, zigzag, tags) and Confluent's framing (magic byte, schema id,
// message-index list). Readers never read past `end` and report failure instead of throwing.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace riffle::formats::proto {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLen = 2, kStartGroup = 3, kEndGroup = 4,
                           kFixed32 = 5 };

// Reads a varint of up to 10 bytes. Returns false on truncation or an over-long varint.
inline bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
  if (p < end && *p < 0x80) {  // one-byte fast path: tags and small numbers
    out = *p++;
    return true;
  }
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) {
      out = result;
      return true;
    }
  }
  return false;
}

inline bool ReadFixed32(const uint8_t*& p, const uint8_t* end, uint32_t& out) {
  if (end - p < 4) return false;
  std::memcpy(&out, p, 4);  // little-endian host (x86-64, aarch64)
  p += 4;
  return true;
}

inline bool ReadFixed64(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
  if (end - p < 8) return false;
  std::memcpy(&out, p, 8);
  p += 8;
  return true;
}

// Reads a length prefix and checks the payload fits.
inline bool ReadLen(const uint8_t*& p, const uint8_t* end, std::string_view& out) {
  uint64_t n = 0;
  if (!ReadVarint(p, end, n) || n > static_cast<uint64_t>(end - p)) return false;
  out = std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  p += n;
  return true;
}

// Skips one field's payload of wire type `wt` (groups included, nested).
inline bool SkipField(const uint8_t*& p, const uint8_t* end, uint32_t wt, int depth = 0) {
  uint64_t v = 0;
  std::string_view s;
  switch (wt) {
    case kVarint: return ReadVarint(p, end, v);
    case kFixed64: return ReadFixed64(p, end, v);
    case kLen: return ReadLen(p, end, s);
    case kFixed32: {
      uint32_t x = 0;
      return ReadFixed32(p, end, x);
    }
    case kStartGroup: {
      if (depth > 64) return false;
      while (true) {
        uint64_t tag = 0;
        if (!ReadVarint(p, end, tag)) return false;
        uint32_t inner = static_cast<uint32_t>(tag & 7);
        if (inner == kEndGroup) return true;
        if (!SkipField(p, end, inner, depth + 1)) return false;
      }
    }
    default: return false;
  }
}

inline int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

inline void WriteVarint(uint64_t v, std::string& out) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out.append(buf, static_cast<size_t>(n));
}
inline size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}
inline void WriteTag(int number, uint32_t wt, std::string& out) {
  WriteVarint((static_cast<uint64_t>(number) << 3) | wt, out);
}
inline void WriteFixed32(uint32_t v, std::string& out) {
  char b[4];
  std::memcpy(b, &v, 4);
  out.append(b, 4);
}
inline void WriteFixed64(uint64_t v, std::string& out) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

// Confluent framing: magic 0, big-endian schema id, message indexes (zigzag count, then zigzag
// indexes; the list [0] is written as the single byte 0).
inline void WriteFraming(int32_t schema_id, const std::vector<int>& indexes, std::string& out) {
  out.push_back('\0');
  uint32_t id = static_cast<uint32_t>(schema_id);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((id >> shift) & 0xff));
  if (indexes.size() == 1 && indexes[0] == 0) {
    out.push_back('\0');
    return;
  }
  WriteVarint(ZigZagEncode(static_cast<int64_t>(indexes.size())), out);
  for (int i : indexes) WriteVarint(ZigZagEncode(i), out);
}

// Parses the framing; on success `p` points at the protobuf payload. `indexes` is [0] for the
// single-byte form.
inline bool ReadFraming(const uint8_t*& p, const uint8_t* end, int32_t& schema_id,
                        std::vector<int>& indexes, std::string& error) {
  if (end - p < 6) {
    error = "Protobuf record too short for the Confluent framing (" +
            std::to_string(end - p) + " bytes; need magic byte, 4-byte schema id and indexes)";
    return false;
  }
  if (*p != 0) {
    error = "Unknown magic byte " + std::to_string(*p) + " (PROTOBUF records start with 0)";
    return false;
  }
  schema_id = static_cast<int32_t>((uint32_t{p[1]} << 24) | (uint32_t{p[2]} << 16) |
                                   (uint32_t{p[3]} << 8) | uint32_t{p[4]});
  p += 5;
  indexes.clear();
  uint64_t raw = 0;
  if (!ReadVarint(p, end, raw)) {
    error = "Malformed message-index list in the PROTOBUF framing";
    return false;
  }
  int64_t count = ZigZagDecode(raw);
  if (count == 0) {
    indexes.push_back(0);
    return true;
  }
  if (count < 0 || count > 32) {
    error = "Bad message-index count " + std::to_string(count) + " in the PROTOBUF framing";
    return false;
  }
  for (int64_t i = 0; i < count; ++i) {
    if (!ReadVarint(p, end, raw)) {
      error = "Malformed message-index list in the PROTOBUF framing";
      return false;
    }
    int64_t idx = ZigZagDecode(raw);
    if (idx < 0 || idx > 1000000) {
      error = "Bad message index " + std::to_string(idx) + " in the PROTOBUF framing";
      return false;
    }
    indexes.push_back(static_cast<int>(idx));
  }
  return true;
}

}  // namespace riffle::formats::proto
