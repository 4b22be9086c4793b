#pragma once
// The Kafka protocol's primitive types, read from and written to request/response bodies.
//
// Everything is big-endian as the protocol guide says. "Flexible" versions (KIP-482) use compact
// strings/arrays/bytes (length + 1 as an unsigned varint, 0 = null) and end every struct with a
// tagged-field section; the *Str / *Array / *Bytes helpers pick the encoding from the flag the
// Reader or Writer was made with, so one handler serves both kinds of version.
//
// Reader never reads past its end: any malformed length, overrun or over-long varint throws
// ProtocolError, which the server turns into closing that one connection. Nothing here allocates
// more than the frame it was given can justify (array counts are checked against the bytes
// left before anything is reserved).

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/log/file_span.h"

namespace riffle::broker {

// A frame that does not parse as its API and version say. Closes the connection that sent it.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  Reader(const char* data, size_t size, bool flexible = false)
      : p_(data), end_(data + size), flexible_(flexible) {}
  Reader(std::string_view data, bool flexible = false)
      : Reader(data.data(), data.size(), flexible) {}

  bool flexible() const { return flexible_; }
  void set_flexible(bool flexible) { flexible_ = flexible; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const char* position() const { return p_; }

  int8_t Int8();
  bool Bool() { return Int8() != 0; }
  int16_t Int16();
  int32_t Int32();
  int64_t Int64();
  uint32_t UInt32();
  // Zig-zag varints as in record batches (at most 5 / 10 bytes).
  int32_t VarInt();
  int64_t VarLong();
  uint32_t UnsignedVarInt();
  std::string Uuid();  // 16 raw bytes.

  // STRING / COMPACT_STRING; a null string reads as "".
  std::string Str();
  // NULLABLE_STRING / COMPACT_NULLABLE_STRING.
  std::optional<std::string> NullableStr();
  // BYTES / COMPACT_BYTES (NULLABLE_ too): a view into the frame; null reads as nullopt.
  std::optional<std::string_view> NullableBytes();
  std::string_view Bytes() { return NullableBytes().value_or(std::string_view()); }
  // ARRAY / COMPACT_ARRAY length: -1 for null. Each element is at least `min_element_bytes`, so a
  // count that could not fit in what is left throws instead of driving a huge loop or reserve.
  int32_t ArrayLength(size_t min_element_bytes = 1);
  // Skips a tagged-field section (flexible versions only; a no-op otherwise).
  void SkipTaggedFields();
  // Raw bytes.
  std::string_view Raw(size_t n);
  void Skip(size_t n) { Raw(n); }

 private:
  void Need(size_t n) const {
    if (remaining() < n) throw ProtocolError("frame ends early");
  }
  const char* p_;
  const char* end_;
  bool flexible_;
};

// A file span placed in an output: its bytes are sent (sendfile) just before the output's byte
// at `at`, so a fetched record batch goes from the page cache to the socket without a copy.
struct SplicedSpan {
  size_t at = 0;
  FileSpan span;
};

class Writer {
 public:
  explicit Writer(bool flexible = false) : flexible_(flexible) {}
  // `spans`, when given, lets file spans be spliced into the output (the server's connections).
  Writer(std::string* out, bool flexible, std::vector<SplicedSpan>* spans = nullptr)
      : external_(out), spans_(spans), flexible_(flexible) {}

  bool flexible() const { return flexible_; }
  void set_flexible(bool flexible) { flexible_ = flexible; }
  std::string& buffer() { return external_ ? *external_ : own_; }
  // Bytes in buffer(); spliced spans are not counted (see LengthSince).
  size_t size() { return buffer().size(); }

  // Whether Splice may be called; a writer on a plain string cannot splice, and a caller that
  // has spans copies their bytes instead.
  bool can_splice() const { return spans_ != nullptr; }
  // REQUIRES: can_splice(). The span's bytes follow what has been written so far.
  void Splice(FileSpan span);
  // A point in the output to measure from or to truncate back to.
  struct Mark {
    size_t bytes = 0;
    size_t spans = 0;
  };
  Mark GetMark() { return {size(), spans_ != nullptr ? spans_->size() : 0}; }
  // Drops everything written and spliced after `m` (the dropped spans' descriptors close).
  void TruncateTo(const Mark& m);
  // Bytes written after `m`, spliced spans included: what goes on the wire.
  int64_t LengthSince(const Mark& m);

  void Int8(int8_t v) { buffer().push_back(static_cast<char>(v)); }
  void Bool(bool v) { Int8(v ? 1 : 0); }
  void Int16(int16_t v);
  void Int32(int32_t v);
  void Int64(int64_t v);
  void UInt32(uint32_t v);
  void VarInt(int32_t v);
  void VarLong(int64_t v);
  void UnsignedVarInt(uint32_t v);
  void Uuid(std::string_view sixteen_bytes);  // All zero when empty.

  void Str(std::string_view s);
  void NullableStr(const std::optional<std::string>& s);
  void NullStr();
  void Bytes(std::string_view b);
  void NullBytes();
  // Writes an array length (compact or not); -1 writes null.
  void ArrayLength(int32_t n);
  // An empty tagged-field section (flexible versions only; a no-op otherwise).
  void EmptyTaggedFields() {
    if (flexible_) UnsignedVarInt(0);
  }
  void Raw(std::string_view b) { buffer().append(b.data(), b.size()); }

  // Reserves 4 bytes for an INT32 filled in later with PatchInt32 (e.g. a frame length).
  size_t ReserveInt32() {
    size_t at = buffer().size();
    Int32(0);
    return at;
  }
  void PatchInt32(size_t at, int32_t v);

 private:
  std::string own_;
  std::string* external_ = nullptr;
  std::vector<SplicedSpan>* spans_ = nullptr;
  bool flexible_;
};

// Big-endian helpers for code that patches fixed offsets (record batch headers).
inline int32_t LoadBE32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return static_cast<int32_t>(__builtin_bswap32(v));
}
inline int64_t LoadBE64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return static_cast<int64_t>(__builtin_bswap64(v));
}
inline int16_t LoadBE16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return static_cast<int16_t>(__builtin_bswap16(v));
}
inline void StoreBE16(char* p, int16_t v) {
  uint16_t u = __builtin_bswap16(static_cast<uint16_t>(v));
  std::memcpy(p, &u, 2);
}
inline void StoreBE32(char* p, int32_t v) {
  uint32_t u = __builtin_bswap32(static_cast<uint32_t>(v));
  std::memcpy(p, &u, 4);
}
inline void StoreBE64(char* p, int64_t v) {
  uint64_t u = __builtin_bswap64(static_cast<uint64_t>(v));
  std::memcpy(p, &u, 8);
}

}  // namespace riffle::broker
