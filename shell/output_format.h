#pragma once
// How the shell renders results: boxed tables, markdown tables, one field per line (line,
// vertical) for people; JSON lines or CSV for programs.

#include <optional>
#include <string>

namespace riffle::shell {

enum class OutputFormat { kTable, kJson, kCsv, kMarkdown, kLine, kVertical };

// The lower-case name of `format` as accepted by --output and .mode.
const char* OutputFormatName(OutputFormat format);
// Parses a format name (case-insensitive); nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(const std::string& text);
// "table|json|csv|markdown|line|vertical", for usage and help text.
std::string OutputFormatChoices();

}  // namespace riffle::shell
