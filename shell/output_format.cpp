#include "shell/output_format.h"

#include <algorithm>
#include <cctype>

#include "core/common/text.h"

namespace riffle::shell {
namespace {

constexpr OutputFormat kAllFormats[] = {OutputFormat::kTable, OutputFormat::kJson,
                                        OutputFormat::kCsv,   OutputFormat::kMarkdown,
                                        OutputFormat::kLine,  OutputFormat::kVertical};

}  // namespace

const char* OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kMarkdown:
      return "markdown";
    case OutputFormat::kLine:
      return "line";
    case OutputFormat::kVertical:
      return "vertical";
  }
  return "table";
}

std::optional<OutputFormat> ParseOutputFormat(const std::string& text) {
  const std::string lower = AsciiLower(text);
  for (OutputFormat format : kAllFormats) {
    if (lower == OutputFormatName(format)) return format;
  }
  return std::nullopt;
}

std::string OutputFormatChoices() {
  std::string out;
  for (OutputFormat format : kAllFormats) {
    if (!out.empty()) out += '|';
    out += OutputFormatName(format);
  }
  return out;
}

}  // namespace riffle::shell
