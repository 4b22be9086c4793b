#pragma once
// How the shell renders results: boxed tables for people, JSON lines or CSV for programs.

#include <optional>
#include <string>

namespace riffle::shell {

enum class OutputFormat { kTable, kJson, kCsv };

// "table", "json" or "csv" (lower case, as accepted by --output).
const char* OutputFormatName(OutputFormat format);
// Parses "table", "json" or "csv" (case-insensitive); nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(const std::string& text);

}  // namespace riffle::shell
