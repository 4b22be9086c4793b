#include "shell/renderer.h"

#include <ostream>

#include "shell/render_csv.h"
#include "shell/render_json.h"
#include "shell/render_table.h"

namespace riffle::shell {

std::unique_ptr<ResultSink> MakeRenderer(OutputFormat format, std::ostream& out, std::ostream& err,
                                         RenderOptions options) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonRenderer>(out, err);
    case OutputFormat::kCsv:
      return std::make_unique<CsvRenderer>(out, err);
    case OutputFormat::kTable:
      break;
  }
  return std::make_unique<TableRenderer>(out, err, options);
}

void WriteLine(std::ostream& os, const std::string& text) {
  os << text;
  if (text.empty() || text.back() != '\n') os << '\n';
  os.flush();
}

void WriteWarning(std::ostream& err, const std::string& text) {
  if (text.rfind("WARNING", 0) == 0) {
    WriteLine(err, text);
  } else {
    WriteLine(err, "WARNING: " + text);
  }
}

void WriteError(std::ostream& err, const std::string& text) { WriteLine(err, text); }

}  // namespace riffle::shell
