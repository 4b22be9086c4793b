#pragma once
// Avro binary encoding primitives (zig-zag varints, little-endian floats, length-prefixed
// bytes) and Confluent's wire framing (magic byte 0, 4-byte big-endian schema id).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace riffle::formats::avro {

inline constexpr size_t kFrameSize = 5;

// Reads from a byte range. Every method returns false (and leaves the cursor unspecified) when
// the input ends early or holds a malformed varint; callers turn that into a record error.
class BinaryReader {
 public:
  BinaryReader(const char* begin, const char* end) : p_(begin), end_(end) {}

  bool ReadLong(int64_t& out) {
    uint64_t v = 0;
    int shift = 0;
    while (true) {
      if (p_ == end_ || shift > 63) return false;
      uint8_t b = static_cast<uint8_t>(*p_++);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
      shift += 7;
    }
    out = static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
    return true;
  }
  bool ReadInt(int64_t& out) {
    if (!ReadLong(out)) return false;
    return out >= INT32_MIN && out <= INT32_MAX;
  }
  bool ReadBool(bool& out) {
    if (p_ == end_) return false;
    uint8_t b = static_cast<uint8_t>(*p_++);
    out = b != 0;
    return b <= 1;
  }
  bool ReadFloat(double& out) {
    if (end_ - p_ < 4) return false;
    float f;
    std::memcpy(&f, p_, 4);  // Avro is little-endian, as is every target riffle builds for
    p_ += 4;
    out = static_cast<double>(f);
    return true;
  }
  bool ReadDouble(double& out) {
    if (end_ - p_ < 8) return false;
    std::memcpy(&out, p_, 8);
    p_ += 8;
    return true;
  }
  bool ReadBytes(std::string_view& out) {
    int64_t n = 0;
    if (!ReadLong(n) || n < 0 || n > end_ - p_) return false;
    out = std::string_view(p_, static_cast<size_t>(n));
    p_ += n;
    return true;
  }
  bool ReadFixed(size_t n, std::string_view& out) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  // A block count of an array or map; a negative count is followed by the block's byte size.
  bool ReadBlockCount(int64_t& count) {
    if (!ReadLong(count)) return false;
    if (count < 0) {
      int64_t size = 0;
      if (!ReadLong(size) || count == INT64_MIN) return false;
      count = -count;
    }
    // Null items take no bytes, so a corrupt count could spin for long: bound it loosely.
    return count <= (int64_t{1} << 31);
  }
  bool AtEnd() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

inline void WriteLong(int64_t v, std::string& out) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  char buf[10];
  int n = 0;
  while (z >= 0x80) {
    buf[n++] = static_cast<char>((z & 0x7f) | 0x80);
    z >>= 7;
  }
  buf[n++] = static_cast<char>(z);
  out.append(buf, static_cast<size_t>(n));
}
inline void WriteFloat(float f, std::string& out) {
  char buf[4];
  std::memcpy(buf, &f, 4);
  out.append(buf, 4);
}
inline void WriteDouble(double d, std::string& out) {
  char buf[8];
  std::memcpy(buf, &d, 8);
  out.append(buf, 8);
}
inline void WriteBytes(std::string_view s, std::string& out) {
  WriteLong(static_cast<int64_t>(s.size()), out);
  out.append(s.data(), s.size());
}

inline void WriteFrame(int32_t schema_id, std::string& out) {
  uint32_t id = static_cast<uint32_t>(schema_id);
  char buf[kFrameSize] = {0, static_cast<char>(id >> 24), static_cast<char>(id >> 16),
                          static_cast<char>(id >> 8), static_cast<char>(id)};
  out.append(buf, kFrameSize);
}
inline int32_t FrameSchemaId(std::string_view bytes) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])); };
  return static_cast<int32_t>(b(1) << 24 | b(2) << 16 | b(3) << 8 | b(4));
}

// Two's-complement big-endian bytes of an unscaled decimal (Java BigInteger.toByteArray: the
// fewest bytes that keep the sign).
inline void AppendDecimalBytes(__int128 v, std::string& out) {
  char buf[16];
  int n = 16;
  for (int i = 15; i >= 0; --i) {
    buf[i] = static_cast<char>(static_cast<unsigned __int128>(v) >> ((15 - i) * 8));
  }
  int start = 0;
  while (start < 15) {
    uint8_t b = static_cast<uint8_t>(buf[start]);
    uint8_t next = static_cast<uint8_t>(buf[start + 1]);
    if ((b == 0 && (next & 0x80) == 0) || (b == 0xff && (next & 0x80) != 0)) {
      ++start;
    } else {
      break;
    }
  }
  WriteBytes(std::string_view(buf + start, static_cast<size_t>(n - start)), out);
}
// Inverse of AppendDecimalBytes; false when the value does not fit 128 bits.
inline bool ParseDecimalBytes(std::string_view b, __int128& out) {
  if (b.empty()) {
    out = 0;
    return true;
  }
  bool negative = (static_cast<uint8_t>(b[0]) & 0x80) != 0;
  uint8_t fill = negative ? 0xff : 0;
  while (b.size() > 16) {
    if (static_cast<uint8_t>(b[0]) != fill) return false;
    b.remove_prefix(1);
  }
  unsigned __int128 v = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  out = static_cast<__int128>(v);
  return true;
}

}  // namespace riffle::formats::avro
