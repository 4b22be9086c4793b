#pragma once
// Compares what a sink topic holds with a case's expected `outputs`, following the corpus'
// rules: order and count, integers and DECIMALs exactly (DECIMAL scale included), doubles
// within 1e-6, field names exactly and then case-insensitively, timestamps when given, window
// bounds, and headers always.

#include <optional>
#include <string>
#include <vector>

#include "core/types/type.h"
#include "tests/conformance/runner/lenient_json.h"
#include "tests/conformance/runner/test_case.h"

namespace riffle::conformance {

// True when `actual` matches `expected`. `type` (may be null) is the SQL type the value has,
// which decides how numbers compare.
bool JsonMatches(const JNode& expected, const JNode& actual, const Type* type);

// An output record as read back from Kafka.
struct ActualRecord {
  TestRecord record;  // timestamp always set (Kafka's "no timestamp" read as 0)
  int partition = 0;
};

// Types of one topic's keys and values, for number comparison (either may be null).
struct TopicTypes {
  const Type* key = nullptr;
  const Type* value = nullptr;
};

// Compares one topic's records. Records of different partitions may interleave in any order
// (each partition's own order must hold). Returns "" when they match, else a readable diff.
std::string CompareTopic(const std::string& topic, const std::vector<TestRecord>& expected,
                         const std::vector<ActualRecord>& actual, const TopicTypes& types);

// One record as a line: key, value, timestamp, window, headers.
std::string RecordLine(const TestRecord& r);

}  // namespace riffle::conformance
