#pragma once
// What SHOW FUNCTIONS and DESCRIBE FUNCTION say about aggregate functions (COUNT, SUM, TOPK,
// ...): ksqlDB lists them with the scalar ones, as type AGGREGATE, each with its variations.
// The aggregates themselves are built by MakeAggregateFunction (core/exec/aggregate_functions.h),
// which checks arguments against the same signatures.

#include <string>
#include <vector>

namespace riffle {

struct AggregateFunctionInfo {
  std::string name;  // upper case
  std::string description;
  std::vector<std::string> signatures;  // "SUM(col INT) -> INT", one per variation
};

// Every aggregate riffle runs, sorted by name.
const std::vector<AggregateFunctionInfo>& AggregateFunctionInfos();
// The aggregate named `name` (case-insensitive), or nullptr.
const AggregateFunctionInfo* FindAggregateFunctionInfo(const std::string& name);

}  // namespace riffle
