#pragma once
// Approximate memory held by state values, for Operator::StateBytes (EXPLAIN). Counts the Value
// itself, string payloads and nested list/map elements; ignores allocator overhead.

#include <cstdint>
#include <vector>

#include "core/types/value.h"

namespace riffle {

// Bytes held by `v`, including sizeof(Value).
int64_t ApproxValueBytes(const Value& v);
// Bytes held by the values of `values` (not the vector's own header).
int64_t ApproxValuesBytes(const std::vector<Value>& values);

}  // namespace riffle
