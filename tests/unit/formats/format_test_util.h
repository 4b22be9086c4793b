#pragma once
// Helpers for the format tests: build a decoder / encoder over simple schemas and run one record.

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "connectors/formats/format.h"

namespace riffle {

// Lets gtest show Values in failure messages.
inline void PrintTo(const Value& v, std::ostream* os) {
  if (v.is_null()) {
    *os << "NULL";
  } else if (v.is_bool()) {
    *os << (v.as_bool() ? "true" : "false");
  } else if (v.is_int()) {
    *os << v.as_int();
  } else if (v.is_double()) {
    *os << v.as_double() << "d";
  } else if (v.is_string()) {
    *os << '"' << v.as_string() << '"';
  } else if (v.is_decimal()) {
    *os << v.as_decimal().ToString() << "bd";
  } else if (v.is_list()) {
    *os << "[";
    for (const auto& item : v.as_list()) {
      PrintTo(item, os);
      *os << " ";
    }
    *os << "]";
  } else if (v.is_map()) {
    *os << "{";
    for (const auto& [k, item] : v.as_map()) {
      PrintTo(k, os);
      *os << "=";
      PrintTo(item, os);
      *os << " ";
    }
    *os << "}";
  }
}

}  // namespace riffle

namespace riffle::formats::testing {

// Fields bound to slots 0..n-1.
inline std::vector<FieldBinding> Fields(std::vector<std::pair<std::string, TypePtr>> named) {
  std::vector<FieldBinding> out;
  for (size_t i = 0; i < named.size(); ++i) {
    out.push_back({named[i].first, named[i].second, static_cast<int>(i)});
  }
  return out;
}

inline FormatSpec Spec(const std::string& name, bool is_key = false,
                       std::map<std::string, std::string> props = {}) {
  return ParseFormatSpec(name, props, is_key);
}

struct DecodeResult {
  bool ok = false;
  std::vector<Value> row;
  std::string error;
};

inline DecodeResult DecodeOne(const FormatSpec& spec, const std::vector<FieldBinding>& fields,
                              std::string_view bytes, bool is_null = false) {
  auto decoder = MakeDecoder(spec, fields);
  DecodeResult r;
  r.row.resize(fields.size() + 1, Value::Int(-999));  // one untouched slot past the fields
  r.ok = decoder->Decode(bytes, is_null, r.row, r.error);
  return r;
}

struct EncodeResult {
  bool ok = false;
  bool is_null = false;
  std::string bytes;
  std::string error;
};

inline EncodeResult EncodeOne(const FormatSpec& spec, const std::vector<FieldBinding>& fields,
                              const std::vector<Value>& row) {
  auto encoder = MakeEncoder(spec, fields);
  EncodeResult r;
  r.bytes = "stale";  // Encode must replace, not append
  r.ok = encoder->Encode(row, r.bytes, r.is_null, r.error);
  return r;
}

inline Value Str(const std::string& s) { return Value::String(s); }
inline Value I(int64_t v) { return Value::Int(v); }
inline Value D(double v) { return Value::Double(v); }
inline Value B(bool v) { return Value::Bool(v); }
inline Value Dec(__int128 unscaled, int precision, int scale) {
  return Value::Dec(Decimal{unscaled, precision, scale});
}

}  // namespace riffle::formats::testing
