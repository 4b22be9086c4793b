#include "connectors/broker/wire.h"

namespace riffle::broker {

int8_t Reader::Int8() {
  Need(1);
  return static_cast<int8_t>(*p_++);
}

int16_t Reader::Int16() {
  Need(2);
  int16_t v = LoadBE16(p_);
  p_ += 2;
  return v;
}

int32_t Reader::Int32() {
  Need(4);
  int32_t v = LoadBE32(p_);
  p_ += 4;
  return v;
}

int64_t Reader::Int64() {
  Need(8);
  int64_t v = LoadBE64(p_);
  p_ += 8;
  return v;
}

uint32_t Reader::UInt32() { return static_cast<uint32_t>(Int32()); }

uint32_t Reader::UnsignedVarInt() {
  uint32_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    Need(1);
    uint8_t b = static_cast<uint8_t>(*p_++);
    v |= static_cast<uint32_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  throw ProtocolError("varint longer than 5 bytes");
}

int32_t Reader::VarInt() {
  uint32_t u = UnsignedVarInt();
  return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
}

int64_t Reader::VarLong() {
  uint64_t u = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    Need(1);
    uint8_t b = static_cast<uint8_t>(*p_++);
    u |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  throw ProtocolError("varlong longer than 10 bytes");
}

std::string Reader::Uuid() { return std::string(Raw(16)); }

std::string_view Reader::Raw(size_t n) {
  Need(n);
  std::string_view v(p_, n);
  p_ += n;
  return v;
}

std::optional<std::string> Reader::NullableStr() {
  int64_t len;
  if (flexible_) {
    len = static_cast<int64_t>(UnsignedVarInt()) - 1;
  } else {
    len = Int16();
  }
  if (len < 0) return std::nullopt;
  return std::string(Raw(static_cast<size_t>(len)));
}

std::string Reader::Str() { return NullableStr().value_or(std::string()); }

std::optional<std::string_view> Reader::NullableBytes() {
  int64_t len;
  if (flexible_) {
    len = static_cast<int64_t>(UnsignedVarInt()) - 1;
  } else {
    len = Int32();
  }
  if (len < 0) return std::nullopt;
  return Raw(static_cast<size_t>(len));
}

int32_t Reader::ArrayLength(size_t min_element_bytes) {
  int64_t n;
  if (flexible_) {
    n = static_cast<int64_t>(UnsignedVarInt()) - 1;
  } else {
    n = Int32();
  }
  if (n < 0) return -1;
  if (min_element_bytes > 0 && static_cast<uint64_t>(n) > remaining() / min_element_bytes) {
    throw ProtocolError("array longer than its frame");
  }
  return static_cast<int32_t>(n);
}

void Reader::SkipTaggedFields() {
  if (!flexible_) return;
  uint32_t count = UnsignedVarInt();
  if (count > remaining()) throw ProtocolError("tagged fields longer than the frame");
  for (uint32_t i = 0; i < count; ++i) {
    UnsignedVarInt();  // tag
    uint32_t size = UnsignedVarInt();
    Skip(size);
  }
}

void Writer::Splice(FileSpan span) {
  if (span.length > 0) spans_->push_back(SplicedSpan{size(), std::move(span)});
}

void Writer::TruncateTo(const Mark& m) {
  buffer().resize(m.bytes);
  if (spans_ != nullptr && spans_->size() > m.spans) spans_->resize(m.spans);
}

int64_t Writer::LengthSince(const Mark& m) {
  int64_t n = static_cast<int64_t>(size() - m.bytes);
  if (spans_ != nullptr) {
    for (size_t i = m.spans; i < spans_->size(); ++i) n += (*spans_)[i].span.length;
  }
  return n;
}

void Writer::Int16(int16_t v) {
  uint16_t u = __builtin_bswap16(static_cast<uint16_t>(v));
  buffer().append(reinterpret_cast<const char*>(&u), 2);
}

void Writer::Int32(int32_t v) {
  uint32_t u = __builtin_bswap32(static_cast<uint32_t>(v));
  buffer().append(reinterpret_cast<const char*>(&u), 4);
}

void Writer::Int64(int64_t v) {
  uint64_t u = __builtin_bswap64(static_cast<uint64_t>(v));
  buffer().append(reinterpret_cast<const char*>(&u), 8);
}

void Writer::UInt32(uint32_t v) { Int32(static_cast<int32_t>(v)); }

void Writer::UnsignedVarInt(uint32_t v) {
  while (v >= 0x80) {
    buffer().push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  buffer().push_back(static_cast<char>(v));
}

void Writer::VarInt(int32_t v) {
  UnsignedVarInt((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
}

void Writer::VarLong(int64_t v) {
  uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (u >= 0x80) {
    buffer().push_back(static_cast<char>((u & 0x7f) | 0x80));
    u >>= 7;
  }
  buffer().push_back(static_cast<char>(u));
}

void Writer::Uuid(std::string_view sixteen_bytes) {
  if (sixteen_bytes.size() == 16) {
    Raw(sixteen_bytes);
  } else {
    buffer().append(16, '\0');
  }
}

void Writer::Str(std::string_view s) {
  if (flexible_) {
    UnsignedVarInt(static_cast<uint32_t>(s.size()) + 1);
  } else {
    Int16(static_cast<int16_t>(s.size()));
  }
  Raw(s);
}

void Writer::NullableStr(const std::optional<std::string>& s) {
  if (s) {
    Str(*s);
  } else {
    NullStr();
  }
}

void Writer::NullStr() {
  if (flexible_) {
    UnsignedVarInt(0);
  } else {
    Int16(-1);
  }
}

void Writer::Bytes(std::string_view b) {
  if (flexible_) {
    UnsignedVarInt(static_cast<uint32_t>(b.size()) + 1);
  } else {
    Int32(static_cast<int32_t>(b.size()));
  }
  Raw(b);
}

void Writer::NullBytes() {
  if (flexible_) {
    UnsignedVarInt(0);
  } else {
    Int32(-1);
  }
}

void Writer::ArrayLength(int32_t n) {
  if (flexible_) {
    UnsignedVarInt(n < 0 ? 0 : static_cast<uint32_t>(n) + 1);
  } else {
    Int32(n);
  }
}

void Writer::PatchInt32(size_t at, int32_t v) { StoreBE32(buffer().data() + at, v); }

}  // namespace riffle::broker
