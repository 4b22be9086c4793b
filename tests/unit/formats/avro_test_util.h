#pragma once
// Helpers for the Avro format tests.

#include <map>
#include <string>

#include "connectors/formats/avro/avro_binary.h"
#include "connectors/formats/format.h"
#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {

inline FormatSpec AvroSpec(bool is_key = false, const std::string& schema_text = "",
                           int32_t id = 0, std::map<std::string, std::string> props = {}) {
  FormatSpec spec = Spec("AVRO", is_key, std::move(props));
  spec.schema.id = id;
  spec.schema.format = "AVRO";
  spec.schema.text = schema_text;
  return spec;
}

// Confluent framing for `id` followed by `payload`.
inline std::string Framed(int32_t id, const std::string& payload) {
  std::string out;
  avro::WriteFrame(id, out);
  return out + payload;
}

inline std::string Zig(int64_t v) {
  std::string out;
  avro::WriteLong(v, out);
  return out;
}

inline std::string AvroStr(const std::string& s) {
  std::string out;
  avro::WriteBytes(s, out);
  return out;
}

}  // namespace riffle::formats::testing
