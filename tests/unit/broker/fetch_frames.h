#pragma once
// Fetch requests and responses for the broker's tests: a request body for any served version
// (one topic entry per partition wanted), and a response body decoded and checked for shape.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/broker/wire.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {

struct Want {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int32_t partition_max_bytes = 1 << 20;
  int32_t current_leader_epoch = -1;
};

struct FetchArgs {
  int32_t max_wait_ms = 0;
  int32_t min_bytes = 1;
  int32_t max_bytes = 50 << 20;
  int8_t isolation_level = 0;
  int32_t session_id = 0;
  int32_t session_epoch = -1;
  std::vector<Want> wants;
};

inline std::string FetchFrame(int16_t version, const FetchArgs& a) {
  bool flex = version >= 12;
  return Frame(flex, [&](Writer& w) {
    w.Int32(-1);
    w.Int32(a.max_wait_ms);
    w.Int32(a.min_bytes);
    w.Int32(a.max_bytes);
    w.Int8(a.isolation_level);
    if (version >= 7) {
      w.Int32(a.session_id);
      w.Int32(a.session_epoch);
    }
    w.ArrayLength(static_cast<int32_t>(a.wants.size()));  // one topic per want, for simplicity
    for (const Want& want : a.wants) {
      w.Str(want.topic);
      w.ArrayLength(1);
      w.Int32(want.partition);
      if (version >= 9) w.Int32(want.current_leader_epoch);
      w.Int64(want.offset);
      if (version >= 12) w.Int32(-1);
      if (version >= 5) w.Int64(-1);
      w.Int32(want.partition_max_bytes);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
    }
    if (version >= 7) {
      w.ArrayLength(1);  // a forgotten topic, ignored
      w.Str("old");
      w.ArrayLength(1);
      w.Int32(0);
      w.EmptyTaggedFields();
    }
    if (version >= 11) w.Str("rack-a");
    w.EmptyTaggedFields();
  });
}

struct PartOut {
  std::string topic;
  int32_t partition = 0;
  int16_t error = 0;
  int64_t high_watermark = 0;
  int64_t log_start_offset = 0;
  int32_t aborted = 0;
  std::string records;
};

struct FetchOut {
  int16_t error = 0;
  std::vector<PartOut> parts;
};

inline FetchOut DecodeFetch(int16_t version, const std::string& body) {
  bool flex = version >= 12;
  Reader r(body, flex);
  FetchOut f;
  EXPECT_EQ(r.Int32(), 0);
  if (version >= 7) {
    f.error = r.Int16();
    EXPECT_EQ(r.Int32(), 0);  // no session
  }
  int32_t topics = r.ArrayLength();
  for (int32_t t = 0; t < topics; ++t) {
    std::string name = r.Str();
    int32_t parts = r.ArrayLength();
    for (int32_t i = 0; i < parts; ++i) {
      PartOut p;
      p.topic = name;
      p.partition = r.Int32();
      p.error = r.Int16();
      p.high_watermark = r.Int64();
      EXPECT_EQ(r.Int64(), p.high_watermark);  // last stable offset
      if (version >= 5) p.log_start_offset = r.Int64();
      p.aborted = r.ArrayLength();
      if (version >= 11) {
        EXPECT_EQ(r.Int32(), -1);
      }
      p.records = std::string(r.Bytes());
      r.SkipTaggedFields();
      f.parts.push_back(p);
    }
    r.SkipTaggedFields();
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return f;
}

}  // namespace riffle::broker
