#pragma once
// JSON lines: one object per row, `{"COLUMN": value, ...}` in column order, for programs.
//
// Values follow the column type: INT/BIGINT/DOUBLE as JSON numbers (NaN and infinities as the
// strings "NaN", "Infinity", "-Infinity", which JSON cannot express as numbers), DECIMAL as a
// number with its exact digits ("12.30" stays 12.30), BOOLEAN as true/false, NULL as null,
// STRING as a string, DATE/TIME/TIMESTAMP as ISO-8601 strings, BYTES as base64, ARRAY as an
// array, MAP as an object (non-string keys shown as text), STRUCT as an object of its fields.
// Table() and streamed rows look the same. See renderer.h for which stream gets what.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"

namespace riffle::shell {

class JsonRenderer : public ResultSink {
 public:
  JsonRenderer(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  void EndRows(const std::string& summary) override;

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::vector<ResultColumn> columns_;
};

// The JSON object for one row (no trailing newline).
std::string RowToJson(const std::vector<ResultColumn>& columns, const std::vector<Value>& row);
// The JSON text of one value of `type` (nullptr: inferred from the value).
std::string ValueToJson(const Value& value, const TypePtr& type);

}  // namespace riffle::shell
