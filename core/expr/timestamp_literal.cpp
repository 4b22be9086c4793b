// String-to-timestamp conversion for comparisons with ROWTIME / window bounds.

#include "core/expr/timestamp_literal.h"

#include <strings.h>

#include <cctype>

#include "core/types/datetime.h"

namespace riffle {
namespace {

// Reads exactly `n` digits at s[*i].
bool Digits(const std::string& s, size_t* i, int n, int* out) {
  if (*i + n > s.size()) return false;
  *out = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    *out = *out * 10 + (c - '0');
  }
  *i += n;
  return true;
}

// Parses a zone suffix starting at s[i] to the end: Z, +HH, +HHMM, +HH:MM.
bool Zone(const std::string& s, size_t i, int64_t* offset_ms) {
  if (i == s.size()) {
    *offset_ms = 0;
    return true;
  }
  if (s[i] == 'Z' && i + 1 == s.size()) {
    *offset_ms = 0;
    return true;
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int hh = 0, mm = 0;
  if (!Digits(s, &i, 2, &hh)) return false;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && !Digits(s, &i, 2, &mm)) return false;
  if (i != s.size() || hh > 18 || mm > 59) return false;
  *offset_ms = sign * (hh * 3600000LL + mm * 60000LL);
  return true;
}

}  // namespace

bool ParseTimestampLiteral(const std::string& text, int64_t* epoch_ms) {
  size_t i = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  if (!Digits(text, &i, 4, &year)) return false;
  // Each further field is optional but needs its separator.
  auto next = [&](char sep, int* field) {
    if (i < text.size() && text[i] == sep) {
      size_t save = i++;
      if (Digits(text, &i, 2, field)) return true;
      i = save;
    }
    return false;
  };
  if (next('-', &month) && next('-', &day) && next('T', &hour) && next(':', &minute) &&
      next(':', &second) && i < text.size() && text[i] == '.') {
    ++i;
    int digits = 0;
    millis = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (digits < 3) millis = millis * 10 + (text[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return false;
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  int64_t offset = 0;
  if (!Zone(text, i, &offset)) return false;
  int64_t days = CivilToDays(year, month, day);
  *epoch_ms = days * 86400000LL + hour * 3600000LL + minute * 60000LL + second * 1000LL + millis -
              offset;
  return true;
}

bool IsMagicTimestampColumn(const std::string& name) {
  return strcasecmp(name.c_str(), "ROWTIME") == 0 || strcasecmp(name.c_str(), "WINDOWSTART") == 0 ||
         strcasecmp(name.c_str(), "WINDOWEND") == 0;
}

}  // namespace riffle
