#include "catalog/secrets.h"
#include "core/common/text.h"

#include <array>
#include <cctype>

namespace riffle {

namespace {

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

// Returns the index just past a quoted token starting at `start` (quote char doubled = escaped),
// or sql.size() when it is unterminated.
size_t SkipQuoted(std::string_view sql, size_t start) {
  char quote = sql[start];
  size_t i = start + 1;
  while (i < sql.size()) {
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return sql.size();
}

size_t SkipSpace(std::string_view sql, size_t i) {
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0) ++i;
  return i;
}

}  // namespace

bool IsSecretProperty(std::string_view name) {
  std::string upper = AsciiUpper(name);
  static constexpr std::array<std::string_view, 7> kMarkers = {
      "PASSWORD", "SECRET", "TOKEN", "CREDENTIAL", "JAAS", "USER.INFO", "USER_INFO"};
  for (std::string_view marker : kMarkers) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  return EndsWith(upper, ".KEY") || EndsWith(upper, "_KEY");
}

std::map<std::string, std::string> RedactProperties(
    const std::map<std::string, std::string>& properties) {
  std::map<std::string, std::string> out = properties;
  for (auto& [name, value] : out) {
    if (IsSecretProperty(name)) value = std::string(kRedacted);
  }
  return out;
}

std::string RedactSql(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    // Read one token: a quoted name/literal, an identifier, or a single other character.
    size_t start = i;
    std::string_view name;
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = SkipQuoted(sql, i);
      size_t inner_end = i > start + 1 && sql[i - 1] == c ? i - 1 : i;
      name = sql.substr(start + 1, inner_end - (start + 1));
    } else if (IsIdentChar(c)) {
      while (i < sql.size() && IsIdentChar(sql[i])) ++i;
      name = sql.substr(start, i - start);
    } else {
      ++i;
    }
    out.append(sql.substr(start, i - start));
    if (name.empty() || !IsSecretProperty(name)) continue;

    // A secret name: if `= '<literal>'` follows, mask the literal.
    size_t eq = SkipSpace(sql, i);
    if (eq >= sql.size() || sql[eq] != '=') continue;
    size_t value = SkipSpace(sql, eq + 1);
    if (value >= sql.size() || sql[value] != '\'') continue;
    size_t value_end = SkipQuoted(sql, value);
    out.append(sql.substr(i, value - i));  // the spaces and '=' as written
    out += '\'';
    out += kRedacted;
    out += '\'';
    i = value_end;
  }
  return out;
}

}  // namespace riffle
