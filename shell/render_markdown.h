#pragma once
// GitHub-flavoured markdown tables, for pasting results into issues and docs. A complete result
// is padded so it also reads well as text; a streaming result writes its header once and each
// row as it arrives (unpadded: widths are not known in advance). '|' in values is escaped and
// control characters are shown escaped (\n, \t), so a value cannot break the table. Notices go
// to `out` as in the table format; warnings and errors to `err`.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class MarkdownRenderer : public Renderer {
 public:
  MarkdownRenderer(std::ostream& out, std::ostream& err, RenderOptions options = {})
      : out_(out), err_(err), options_(options) {}

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
  RenderOptions options_;
  std::vector<ResultColumn> columns_;
};

// The text of one markdown cell: table cell text with '|' escaped as "\|".
std::string MarkdownCell(const Value& value, const ResultColumn& column);

}  // namespace riffle::shell
