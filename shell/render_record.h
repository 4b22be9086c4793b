#pragma once
// One field per line, for rows too wide for a table.
//
//   line (sqlite's .mode line):          vertical (psql's \x):
//        ID = 1                          -[ RECORD 1 ]--
//      NAME = Zoë                        ID   | 1
//     <blank line between rows>          NAME | Zoë
//
// Values are shown as in the table format (control characters escaped). Records are numbered
// from 1 within each result. Notices go to `out` as in the table format; warnings and errors to
// `err`.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

enum class RecordStyle { kLine, kVertical };

class RecordRenderer : public Renderer {
 public:
  RecordRenderer(RecordStyle style, std::ostream& out, std::ostream& err,
                 RenderOptions options = {})
      : style_(style), out_(out), err_(err), options_(options) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  void EndRows(const std::string& summary) override;

 private:
  void WriteRecord(const std::vector<ResultColumn>& columns, const std::vector<Value>& row);

  RecordStyle style_;
  std::ostream& out_;
  std::ostream& err_;
  RenderOptions options_;
  std::vector<ResultColumn> columns_;
  size_t record_ = 0;  // records written in the current result
};

}  // namespace riffle::shell
