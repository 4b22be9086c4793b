#include "core/exec/state_codec.h"

#include <cstring>

#include "core/common/error.h"

namespace riffle {

namespace {

enum Tag : uint8_t { kNull, kBool, kInt, kDouble, kString, kDecimal, kList, kMap };

// Recursion bound for nested lists and maps, so a corrupt blob cannot exhaust the stack.
constexpr int kMaxDepth = 64;

}  // namespace

void StateWriter::PutI64(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

void StateWriter::PutString(std::string_view s) {
  PutI64(static_cast<int64_t>(s.size()));
  out_.append(s.data(), s.size());
}

void StateWriter::PutValue(const Value& v) {
  if (v.is_null()) {
    PutU8(kNull);
  } else if (v.is_bool()) {
    PutU8(kBool);
    PutU8(v.as_bool() ? 1 : 0);
  } else if (v.is_int()) {
    PutU8(kInt);
    PutI64(v.as_int());
  } else if (v.is_double()) {
    PutU8(kDouble);
    int64_t bits;
    double d = v.as_double();
    std::memcpy(&bits, &d, sizeof bits);
    PutI64(bits);
  } else if (v.is_string()) {
    PutU8(kString);
    PutString(v.as_string());
  } else if (v.is_decimal()) {
    PutU8(kDecimal);
    const Decimal& d = v.as_decimal();
    unsigned __int128 u = static_cast<unsigned __int128>(d.unscaled);
    PutI64(static_cast<int64_t>(static_cast<uint64_t>(u)));
    PutI64(static_cast<int64_t>(static_cast<uint64_t>(u >> 64)));
    PutI64(d.precision);
    PutI64(d.scale);
  } else if (v.is_list()) {
    PutU8(kList);
    PutI64(static_cast<int64_t>(v.as_list().size()));
    for (const Value& e : v.as_list()) PutValue(e);
  } else {
    PutU8(kMap);
    PutI64(static_cast<int64_t>(v.as_map().size()));
    for (const auto& [k, e] : v.as_map()) {
      PutValue(k);
      PutValue(e);
    }
  }
}

void StateReader::Need(size_t n) const {
  if (data_.size() - pos_ < n) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed state is truncated or corrupt");
  }
}

uint8_t StateReader::GetU8() {
  Need(1);
  return static_cast<uint8_t>(data_[pos_++]);
}

int64_t StateReader::GetI64() {
  Need(8);
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) {
    u |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
  }
  pos_ += 8;
  return static_cast<int64_t>(u);
}

std::string StateReader::GetString() {
  int64_t n = GetI64();
  if (n < 0) Need(data_.size() + 1);
  Need(static_cast<size_t>(n));
  std::string s(data_.substr(pos_, static_cast<size_t>(n)));
  pos_ += static_cast<size_t>(n);
  return s;
}

namespace {

Value ReadValue(StateReader& r, int depth) {
  if (depth > kMaxDepth) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed state is nested too deeply");
  }
  switch (r.GetU8()) {
    case kNull:
      return Value();
    case kBool:
      return Value::Bool(r.GetU8() != 0);
    case kInt:
      return Value::Int(r.GetI64());
    case kDouble: {
      int64_t bits = r.GetI64();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return Value::Double(d);
    }
    case kString:
      return Value::String(r.GetString());
    case kDecimal: {
      uint64_t lo = static_cast<uint64_t>(r.GetI64());
      uint64_t hi = static_cast<uint64_t>(r.GetI64());
      Decimal d;
      d.unscaled = static_cast<__int128>((static_cast<unsigned __int128>(hi) << 64) | lo);
      d.precision = static_cast<int32_t>(r.GetI64());
      d.scale = static_cast<int32_t>(r.GetI64());
      return Value::Dec(d);
    }
    case kList: {
      int64_t n = r.GetI64();
      if (n < 0) throw RiffleError(ErrorKind::kRuntime, "checkpointed state is corrupt");
      ValueList items;
      for (int64_t i = 0; i < n; ++i) items.push_back(ReadValue(r, depth + 1));
      return Value::List(std::move(items));
    }
    case kMap: {
      int64_t n = r.GetI64();
      if (n < 0) throw RiffleError(ErrorKind::kRuntime, "checkpointed state is corrupt");
      ValueMap entries;
      for (int64_t i = 0; i < n; ++i) {
        Value k = ReadValue(r, depth + 1);
        entries.emplace_back(std::move(k), ReadValue(r, depth + 1));
      }
      return Value::Map(std::move(entries));
    }
    default:
      throw RiffleError(ErrorKind::kRuntime, "checkpointed state is corrupt (unknown value tag)");
  }
}

}  // namespace

Value StateReader::GetValue() { return ReadValue(*this, 0); }

}  // namespace riffle
