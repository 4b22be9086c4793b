#pragma once
// A compact binary encoding for operator state (checkpoints): fixed-width little-endian integers,
// length-prefixed strings, and self-describing Values (a tag byte, then the payload), so state
// can be restored without knowing the SQL types. Readers validate every length and throw
// RiffleError(kRuntime) on a truncated or corrupt blob instead of reading past its end.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types/value.h"

namespace riffle {

class StateWriter {
 public:
  void PutU8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void PutI64(int64_t v);
  void PutString(std::string_view s);
  void PutValue(const Value& v);
  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view data) : data_(data) {}
  uint8_t GetU8();
  int64_t GetI64();
  std::string GetString();
  Value GetValue();
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  void Need(size_t n) const;
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace riffle
