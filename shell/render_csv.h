#pragma once
// CSV per RFC 4180: a header line of column names, then one record per row, CRLF line ends.
// A field is quoted when it is empty or contains a comma, a double quote, CR, LF or leading or
// trailing spaces; quotes inside are doubled. NULL is an empty unquoted field, so it stays
// distinguishable from the empty string (""). Values are shown as in the table format (ksqlDB's
// display rendering). Each result (each Table() or BeginRows) starts with its own header.
// See renderer.h for which stream gets what.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class CsvRenderer : public Renderer {
 public:
  CsvRenderer(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  // Written together, then flushed.
  void Rows(const std::vector<std::vector<Value>>& rows) override;
  void EndRows(const std::string& summary) override;

 private:
  void WriteHeader(const std::vector<ResultColumn>& columns);
  void WriteRecord(const std::vector<ResultColumn>& columns, const std::vector<Value>& row);

  std::ostream& out_;
  std::ostream& err_;
  std::vector<ResultColumn> columns_;
};

// `text` as one CSV field (quoted when needed).
std::string CsvField(const std::string& text);

}  // namespace riffle::shell
