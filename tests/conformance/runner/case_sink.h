#pragma once
// The ResultSink a conformance case gives the engine: it keeps errors, notices and the results
// of queries (for the REST cases' expected responses).

#include <string>
#include <vector>

#include "core/engine/result_sink.h"

namespace riffle::conformance {

struct QueryResult {
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  std::string summary;  // EndRows' summary; "" for a Table result
};

class CaseSink : public ResultSink {
 public:
  void Notice(const std::string& text) override { notices.push_back(text); }
  void Warning(const std::string& text) override { warnings.push_back(text); }
  void Error(const std::string& text) override { errors.push_back(text); }
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override {
    results.push_back({columns, rows, ""});
  }
  void BeginRows(const std::vector<ResultColumn>& columns) override {
    results.push_back({columns, {}, ""});
  }
  void Row(const std::vector<Value>& row) override {
    if (!results.empty()) results.back().rows.push_back(row);
  }
  void EndRows(const std::string& summary) override {
    if (!results.empty()) results.back().summary = summary;
  }

  std::vector<std::string> notices;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;
  std::vector<QueryResult> results;
};

}  // namespace riffle::conformance
