#pragma once
// JSON lines: one object per row, `{"COLUMN": value, ...}` in column order, for programs.
//
// Values follow the column type: INT/BIGINT/DOUBLE as JSON numbers (NaN and infinities as the
// strings "NaN", "Infinity", "-Infinity", which JSON cannot express as numbers), DECIMAL as a
// number with its exact digits ("12.30" stays 12.30), BOOLEAN as true/false, NULL as null,
// STRING as a string, DATE/TIME/TIMESTAMP as ISO-8601 strings, BYTES as base64, ARRAY as an
// array, MAP as an object (non-string keys shown as text), STRUCT as an object of its fields.
// Table() and streamed rows look the same. PRINT's records keep their columns, but a KEY or
// VALUE whose text is JSON (a JSON topic, or AVRO/PROTOBUF decoded for PRINT) is that JSON value,
// not a string holding it; other text stays a string. See renderer.h for which stream gets what.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class JsonRenderer : public Renderer {
 public:
  JsonRenderer(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  // Written as one block, then flushed.
  void Rows(const std::vector<std::vector<Value>>& rows) override;
  void EndRows(const std::string& summary) override;

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::vector<ResultColumn> columns_;
  std::vector<bool> embedded_;  // columns whose JSON text is shown as JSON (PRINT's KEY, VALUE)
};

// The JSON object for one row (no trailing newline). String values of the columns flagged in
// `embedded` are written as the JSON they hold when they hold JSON.
std::string RowToJson(const std::vector<ResultColumn>& columns, const std::vector<Value>& row,
                      const std::vector<bool>& embedded = {});
// The JSON text of one value of `type` (nullptr: inferred from the value).
std::string ValueToJson(const Value& value, const TypePtr& type);

}  // namespace riffle::shell
