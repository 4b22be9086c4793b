#include "shell/renderer.h"

#include <ostream>

#include "shell/render_csv.h"
#include "shell/render_json.h"
#include "shell/render_markdown.h"
#include "shell/render_record.h"
#include "shell/render_table.h"

namespace riffle::shell {

std::unique_ptr<Renderer> MakeRenderer(OutputFormat format, std::ostream& out, std::ostream& err,
                                       RenderOptions options) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonRenderer>(out, err);
    case OutputFormat::kCsv:
      return std::make_unique<CsvRenderer>(out, err);
    case OutputFormat::kMarkdown:
      return std::make_unique<MarkdownRenderer>(out, err, options);
    case OutputFormat::kLine:
      return std::make_unique<RecordRenderer>(RecordStyle::kLine, out, err, options);
    case OutputFormat::kVertical:
      return std::make_unique<RecordRenderer>(RecordStyle::kVertical, out, err, options);
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

namespace {

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kReset = "\x1b[0m";

// `text` in `colour`, keeping the trailing newline outside so the next line starts plain.
std::string Coloured(std::string text, const char* colour) {
  bool newline = !text.empty() && text.back() == '\n';
  if (newline) text.pop_back();
  return colour + text + kReset + (newline ? "\n" : "");
}

}  // namespace

void WriteWarning(std::ostream& err, const std::string& text, bool color) {
  std::string line = text.rfind("WARNING", 0) == 0 ? text : "WARNING: " + text;
  WriteLine(err, color ? Coloured(line, kYellow) : line);
}

void WriteError(std::ostream& err, const std::string& text, bool color) {
  WriteLine(err, color ? Coloured(text, kRed) : text);
}

std::string GroupDigits(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string RowCountFooter(uint64_t total, uint64_t shown, bool count_always) {
  auto rows = [](uint64_t n) { return GroupDigits(n) + (n == 1 ? " row" : " rows"); };
  if (total > shown) {
    return rows(total) + "; the first " + GroupDigits(shown) + " shown, " + rows(total - shown) +
           " not shown (.maxrows 0 shows all).";
  }
  return count_always ? rows(total) : "";
}

}  // namespace riffle::shell
