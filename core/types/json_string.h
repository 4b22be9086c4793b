#pragma once
// JSON string literals, written the way ksqlDB (Jackson) writes them. Shared by the JSON format
// (connectors/formats) and the JSON functions (core/expr).

#include <string>
#include <string_view>

namespace riffle {

// Appends `s` as a JSON string literal (with quotes), escaping as Jackson does: '"', '\\' and
// control characters; other bytes (including UTF-8) are copied as they are.
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace riffle
