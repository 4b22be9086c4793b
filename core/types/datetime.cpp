// Calendar arithmetic and ISO-8601 rendering/parsing for DATE, TIME and TIMESTAMP.

#include "core/types/datetime.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace riffle {

int64_t CivilToDays(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate DaysToCivil(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{y + (m <= 2), m, d};
}

int DayOfWeek(int64_t days) { return static_cast<int>(FloorMod(days + 3, 7)); }

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[(month - 1) % 12];
}

std::string FormatDateIso(int64_t days) {
  CivilDate c = DaysToCivil(days);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

std::string FormatTimeIso(int64_t ms_of_day) {
  int64_t ms = FloorMod(ms_of_day, 86400000);
  char buf[32];
  int h = static_cast<int>(ms / 3600000), mi = static_cast<int>(ms / 60000 % 60);
  int s = static_cast<int>(ms / 1000 % 60), f = static_cast<int>(ms % 1000);
  if (f != 0) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", h, mi, s, f);
  } else {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, s);
  }
  return buf;
}

std::string FormatTimestampIso(int64_t epoch_ms) {
  int64_t days = FloorDiv(epoch_ms, 86400000);
  int64_t ms = FloorMod(epoch_ms, 86400000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03d", static_cast<int>(ms / 3600000),
                static_cast<int>(ms / 60000 % 60), static_cast<int>(ms / 1000 % 60),
                static_cast<int>(ms % 1000));
  return FormatDateIso(days) + buf;
}

namespace {

// Reads exactly `n` digits at s[i]; advances i.
bool Digits(const std::string& s, size_t& i, int n, int64_t* out) {
  int64_t v = 0;
  for (int k = 0; k < n; ++k) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  *out = v;
  return true;
}

bool ParseDatePart(const std::string& s, size_t& i, int64_t* days) {
  int64_t y, m, d;
  if (!Digits(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &m) ||
      i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<int>(m))) return false;
  *days = CivilToDays(y, static_cast<int>(m), static_cast<int>(d));
  return true;
}

// hh:mm[:ss[.fff...]]
bool ParseTimePart(const std::string& s, size_t& i, int64_t* ms) {
  int64_t h, mi, sec = 0, frac = 0;
  if (!Digits(s, i, 2, &h) || i >= s.size() || s[i++] != ':' || !Digits(s, i, 2, &mi)) {
    return false;
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, i, 2, &sec)) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      int n = 0;
      int64_t scale = 100;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (n < 3) frac += (s[i] - '0') * scale;
        scale /= 10;
        ++n;
        ++i;
      }
      if (n == 0) return false;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return false;
  *ms = ((h * 60 + mi) * 60 + sec) * 1000 + frac;
  return true;
}

std::string Trimmed(const std::string& text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return text.substr(b, e - b);
}

// ksqlDB's PartialStringToTimestampParser.completeDate: a date without its day ("2020-05") or
// month ("2020") is completed with "-01".
std::string CompletedDate(const std::string& s) {
  size_t dashes = static_cast<size_t>(std::count(s.begin(), s.end(), '-'));
  if (dashes == 0) return s + "-01-01";
  if (dashes == 1) return s + "-01";
  return s;
}

}  // namespace

std::optional<int64_t> ParseDateIso(const std::string& text) {
  std::string s = CompletedDate(Trimmed(text));
  size_t i = 0;
  int64_t days;
  if (!ParseDatePart(s, i, &days) || i != s.size()) return std::nullopt;
  return days;
}

std::optional<int64_t> ParseTimeIso(const std::string& text) {
  std::string s = Trimmed(text);
  size_t i = 0;
  int64_t ms;
  if (!ParseTimePart(s, i, &ms) || i != s.size()) return std::nullopt;
  return ms;
}

std::optional<int64_t> ParseTimestampIso(const std::string& text) {
  std::string s = Trimmed(text);
  // A date alone may be partial, as ksqlDB's parser allows ("2020-05" is 2020-05-01T00:00).
  if (s.find_first_of("T :") == std::string::npos) s = CompletedDate(s);
  size_t i = 0;
  int64_t days, ms = 0;
  if (!ParseDatePart(s, i, &days)) return std::nullopt;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    ++i;
    if (!ParseTimePart(s, i, &ms)) return std::nullopt;
  }
  int64_t offset_ms = 0;
  if (i < s.size()) {
    if (s[i] == 'Z') {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i] == '-' ? -1 : 1;
      ++i;
      int64_t oh, om = 0;
      if (!Digits(s, i, 2, &oh)) return std::nullopt;
      if (i < s.size() && s[i] == ':') ++i;
      if (i < s.size() && !Digits(s, i, 2, &om)) return std::nullopt;
      offset_ms = sign * (oh * 60 + om) * 60000;
    }
  }
  if (i != s.size()) return std::nullopt;
  return days * 86400000 + ms - offset_ms;
}

}  // namespace riffle
