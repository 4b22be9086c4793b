#include "core/common/secrets.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cctype>
#include <mutex>
#include <vector>

#include "core/common/text.h"

namespace riffle {

namespace {

// librdkafka's sensitive properties: those flagged _RK_SENSITIVE in src/rdkafka_conf.c
// (confluentinc/librdkafka at 4c3b017, July 2026; Debian's 2.0.2 has a subset of them).
// librdkafka redacts exactly these in its own configuration dumps.
constexpr std::array<std::string_view, 13> kLibrdkafkaSensitive = {
    "ssl.key.location",
    "ssl.key.password",
    "ssl.key.pem",
    "ssl_key",
    "ssl.ca.pem",
    "ssl.keystore.password",
    "sasl.username",
    "sasl.password",
    "sasl.oauthbearer.config",
    "sasl.oauthbearer.client.secret",
    "sasl.oauthbearer.assertion.private.key.file",
    "sasl.oauthbearer.assertion.private.key.passphrase",
    "sasl.oauthbearer.assertion.private.key.pem",
};

// Fragments of upper-cased names that mark a secret in the Java clients, Schema Registry and
// connector configurations (PASSWORD-typed settings there). A Schema Registry URL may carry
// user info (https://user:password@host), so it is kept out of sight too.
constexpr std::array<std::string_view, 11> kSecretMarkers = {
    "PASSWORD",  "PASSPHRASE",  "SECRET",      "CREDENTIAL",         "JAAS",     "APIKEY",
    "USER.INFO", "USER_INFO",   "PRIVATE.KEY", "PRIVATE_KEY", "SCHEMA.REGISTRY.URL"};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

bool IsQuote(char c) { return c == '\'' || c == '"' || c == '`'; }

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

// Between a secret's name and its value: spaces, '=' and ':'.
size_t SkipSeparators(std::string_view sql, size_t i) {
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) != 0 ||
                            sql[i] == '=' || sql[i] == ':')) {
    ++i;
  }
  return i;
}

// Reads the token at `i`: a quoted name or literal, an identifier, or one other character.
// Sets `name` to the identifier or to the quoted text (without its quotes); returns its end.
size_t ReadToken(std::string_view sql, size_t i, std::string_view* name) {
  size_t start = i;
  *name = {};
  char c = sql[i];
  if (IsQuote(c)) {
    i = SkipQuoted(sql, i);
    size_t inner_end = i > start + 1 && sql[i - 1] == c ? i - 1 : i;
    *name = sql.substr(start + 1, inner_end - (start + 1));
  } else if (IsIdentChar(c)) {
    while (i < sql.size() && IsIdentChar(sql[i])) ++i;
    *name = sql.substr(start, i - start);
  } else {
    ++i;
  }
  return i;
}

std::atomic<bool> core_dumps_disabled{false};

}  // namespace

bool IsSecretProperty(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (std::string_view sensitive : kLibrdkafkaSensitive) {
    if (lower == sensitive) return true;
    if (EndsWith(lower, sensitive) && lower[lower.size() - sensitive.size() - 1] == '.') {
      return true;
    }
  }
  std::string upper = AsciiUpper(name);
  for (std::string_view marker : kSecretMarkers) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  // A token is a secret; the URL of the endpoint that hands them out is not.
  if (upper.find("TOKEN") != std::string::npos && !EndsWith(upper, ".URL") &&
      !EndsWith(upper, "_URL")) {
    return true;
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

namespace {

// RedactSql's work; also collects each masked literal as written (quotes included) in `masked`.
std::string Redact(std::string_view sql, size_t* offset, std::vector<std::string>* masked) {
  const size_t in_offset = offset != nullptr ? *offset : std::string_view::npos;
  size_t mapped = std::string_view::npos;  // set when the offset falls inside a masked literal
  std::ptrdiff_t shift = 0;                // growth of the text before in_offset
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    size_t start = i;
    std::string_view name;
    i = ReadToken(sql, i, &name);
    out.append(sql.substr(start, i - start));
    if (name.empty() || !IsSecretProperty(name)) continue;

    // A secret's name: if a string literal follows, mask it.
    size_t value = SkipSeparators(sql, i);
    if (value >= sql.size() || sql[value] != '\'') continue;
    size_t value_end = SkipQuoted(sql, value);
    if (masked != nullptr) masked->emplace_back(sql.substr(value, value_end - value));
    out.append(sql.substr(i, value - i));  // the separators as written
    size_t literal_out = out.size();
    out += '\'';
    out += kRedacted;
    out += '\'';
    if (in_offset >= value && in_offset < value_end) mapped = literal_out;
    if (value_end <= in_offset) {
      shift += static_cast<std::ptrdiff_t>(out.size() - literal_out) -
               static_cast<std::ptrdiff_t>(value_end - value);
    }
    i = value_end;
  }
  if (offset != nullptr) {
    *offset = mapped != std::string_view::npos
                  ? mapped
                  : static_cast<size_t>(static_cast<std::ptrdiff_t>(in_offset) + shift);
  }
  return out;
}

}  // namespace

std::string RedactSql(std::string_view sql, size_t* offset) { return Redact(sql, offset, nullptr); }

std::string MaskSecretsOf(std::string_view sql, std::string_view text) {
  std::vector<std::string> masked;
  Redact(sql, nullptr, &masked);
  std::string out(text);
  for (const std::string& literal : masked) {
    if (literal.size() <= 2) continue;  // '' holds nothing to hide
    // 'value' as written becomes '********'.
    const std::string quoted_mask = "'" + std::string(kRedacted) + "'";
    for (size_t at = 0; (at = out.find(literal, at)) != std::string::npos;) {
      out.replace(at, literal.size(), quoted_mask);
      at += quoted_mask.size();
    }
    std::string inner = literal.size() >= 2 && literal.back() == '\''
                            ? literal.substr(1, literal.size() - 2)
                            : literal.substr(1);
    // Very short values would mask every matching letter of the message; their quoted form
    // above is enough.
    if (inner.size() >= 4) out = MaskSecretValue(out, inner);
  }
  return RedactSql(out);
}

bool NamesSecretProperty(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    std::string_view name;
    bool quoted = IsQuote(text[i]);
    i = ReadToken(text, i, &name);
    if (name.empty()) continue;
    if (quoted && name.find_first_of(" \t\r\n") != std::string_view::npos) continue;
    if (IsSecretProperty(name)) return true;
  }
  return false;
}

std::string MaskSecretValue(std::string_view text, std::string_view secret) {
  std::string out(text);
  if (secret.empty()) return out;
  size_t at = 0;
  while ((at = out.find(secret, at)) != std::string::npos) {
    out.replace(at, secret.size(), kRedacted);
    at += kRedacted.size();
  }
  return out;
}

void KeepSecretsOutOfCoreDumps() {
  static std::once_flag once;
  std::call_once(once, [] {
    rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    core_dumps_disabled = true;
  });
}

bool CoreDumpsDisabled() { return core_dumps_disabled.load(); }

}  // namespace riffle
