#pragma once
// The REST query tests' expected `responses`: one per statement, {"admin": ...} for a statement
// that is not a query and {"query": [header, rows..., finalMessage]} for a pull or push query.

#include <string>
#include <vector>

#include "tests/conformance/runner/case_sink.h"
#include "tests/conformance/runner/lenient_json.h"

namespace riffle::conformance {

struct RestResponse {
  bool is_query = false;
  QueryResult result;  // for queries
};

// ksqlDB's header schema for result columns: "`K` STRING, `ID` INTEGER".
std::string HeaderSchema(const std::vector<ResultColumn>& columns);

// Returns "" when `actual` matches `expected` (the case's `responses` array), else a diff. A
// query's rows are compared in order only with `verify_order` (the case's
// outputConditions.verifyOrder); otherwise in any order, as ksqlDB's REST harness compares them.
std::string CompareResponses(const JNode& expected, const std::vector<RestResponse>& actual,
                             bool verify_order);

}  // namespace riffle::conformance
