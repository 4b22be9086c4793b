// java.time-style pattern formatting and parsing.

#include "core/expr/time_format.h"

#include <strings.h>

#include <cctype>
#include <cstdio>

#include "core/expr/time_zone.h"
#include "core/types/datetime.h"

namespace riffle {
namespace {

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                             "Friday", "Saturday", "Sunday"};

std::string Pad(int64_t v, int width) {
  bool neg = v < 0;
  std::string s = std::to_string(neg ? -v : v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return neg ? "-" + s : s;
}

std::string OffsetText(int64_t offset_ms, char letter, int count) {
  int64_t total_min = offset_ms / 60000;
  if (total_min == 0 && letter == 'X') return "Z";
  char sign = total_min < 0 ? '-' : '+';
  if (total_min < 0) total_min = -total_min;
  std::string hh = Pad(total_min / 60, 2), mm = Pad(total_min % 60, 2);
  if (letter == 'Z') {
    if (count == 4) return total_min == 0 ? "GMT" : "GMT" + std::string(1, sign) + hh + ":" + mm;
    if (count == 5) return total_min == 0 ? "Z" : std::string(1, sign) + hh + ":" + mm;
    return std::string(1, sign) + hh + mm;
  }
  // X / x
  if (count == 1) return std::string(1, sign) + hh + (total_min % 60 ? mm : "");
  if (count == 2 || count == 4) return std::string(1, sign) + hh + mm;
  return std::string(1, sign) + hh + ":" + mm;
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads an unsigned number of between min and max digits.
bool ReadNumber(const std::string& s, size_t& i, int min, int max, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (i < s.size() && n < max && IsDigit(s[i])) {
    v = v * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  if (n < min) return false;
  *out = v;
  return true;
}

// Matches one of `names` (full or 3-letter prefix), case-insensitive.
bool ReadName(const std::string& s, size_t& i, const char* const* names, int count, bool full,
              int* index) {
  for (int k = 0; k < count; ++k) {
    std::string n = full ? names[k] : std::string(names[k]).substr(0, 3);
    if (s.size() - i >= n.size() && strncasecmp(s.c_str() + i, n.c_str(), n.size()) == 0) {
      i += n.size();
      *index = k;
      return true;
    }
  }
  return false;
}

// Case-insensitive, as ksqlDB's parsers are ("...33z" is UTC).
bool ReadOffset(const std::string& s, size_t& i, int64_t* offset_ms) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    *offset_ms = 0;
    return true;
  }
  if (s.size() - i >= 3 &&
      (strncasecmp(s.c_str() + i, "GMT", 3) == 0 || strncasecmp(s.c_str() + i, "UTC", 3) == 0)) {
    i += 3;
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) {
      *offset_ms = 0;
      return true;
    }
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int64_t h, m = 0;
  if (!ReadNumber(s, i, 1, 2, &h)) return false;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && IsDigit(s[i]) && !ReadNumber(s, i, 2, 2, &m)) return false;
  *offset_ms = sign * (h * 60 + m) * 60000;
  return true;
}

// Abbreviations java.time's `z` parser maps to a region zone (its rules then decide the offset,
// so "PST" in July means PDT). Other text is tried as a zone id or fixed offset.
struct Abbreviation {
  const char* text;
  const char* zone;
};
constexpr Abbreviation kAbbreviations[] = {
    {"PST", "America/Los_Angeles"}, {"PDT", "America/Los_Angeles"}, {"MST", "America/Denver"},
    {"MDT", "America/Denver"},      {"CST", "America/Chicago"},     {"CDT", "America/Chicago"},
    {"EST", "America/New_York"},    {"EDT", "America/New_York"},    {"BST", "Europe/London"}};

bool ReadZoneText(const std::string& text, ZoneRef* zone) {
  for (const Abbreviation& a : kAbbreviations) {
    if (strcasecmp(text.c_str(), a.text) == 0) {
      zone->region = FindTimeZone(a.zone);
      return zone->region != nullptr;
    }
  }
  return ResolveTimeZone(text, zone);
}

}  // namespace

int64_t ZoneRef::OffsetAt(int64_t utc_ms) const {
  return region != nullptr ? region->OffsetAt(utc_ms).offset_ms : fixed_offset_ms;
}

int64_t ZoneRef::LocalToUtc(int64_t local_ms) const {
  return region != nullptr ? region->LocalToUtc(local_ms) : local_ms - fixed_offset_ms;
}

bool ResolveTimeZone(const std::string& name, ZoneRef* zone) {
  *zone = ZoneRef{};
  if (ParseTimeZone(name, &zone->fixed_offset_ms)) return true;
  zone->region = FindTimeZone(name);
  return zone->region != nullptr;
}

bool ParseTimeZone(const std::string& zone, int64_t* offset_ms) {
  std::string z = zone;
  for (const char* utc : {"UTC", "GMT", "UT", "Z", "Etc/UTC", "Etc/GMT", "Zulu", "Universal"}) {
    if (strcasecmp(z.c_str(), utc) == 0) {
      *offset_ms = 0;
      return true;
    }
  }
  size_t i = 0;
  for (const char* prefix : {"UTC", "GMT", "UT"}) {
    size_t n = std::char_traits<char>::length(prefix);
    if (z.size() > n && strncasecmp(z.c_str(), prefix, n) == 0 && (z[n] == '+' || z[n] == '-')) {
      i = n;
      break;
    }
  }
  if (i >= z.size() || (z[i] != '+' && z[i] != '-')) return false;
  int64_t off;
  if (!ReadOffset(z, i, &off) || i != z.size()) return false;
  if (off > 18 * 3600000 || off < -18 * 3600000) return false;
  *offset_ms = off;
  return true;
}

std::shared_ptr<const JavaTimeFormat> JavaTimeFormat::Compile(const std::string& p,
                                                              std::string* error) {
  auto f = std::make_shared<JavaTimeFormat>();
  for (size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '\'') {
      if (i + 1 < p.size() && p[i + 1] == '\'') {
        f->tokens_.push_back({0, 0, "'"});
        i += 2;
        continue;
      }
      std::string lit;
      size_t j = i + 1;
      for (; j < p.size(); ++j) {
        if (p[j] == '\'') {
          if (j + 1 < p.size() && p[j + 1] == '\'') {
            lit += '\'';
            ++j;
            continue;
          }
          break;
        }
        lit += p[j];
      }
      if (j >= p.size()) {
        *error = "Unterminated quote in pattern: " + p;
        return nullptr;
      }
      f->tokens_.push_back({0, 0, lit});
      i = j + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < p.size() && p[j] == c) ++j;
      static const std::string kKnown = "yuMLdDEaHkKhmsSnXxZzV";
      if (kKnown.find(c) == std::string::npos) {
        *error = std::string("Unknown pattern letter: ") + c;
        return nullptr;
      }
      f->tokens_.push_back({c, static_cast<int>(j - i), ""});
      i = j;
      continue;
    }
    f->tokens_.push_back({0, 0, std::string(1, c)});
    ++i;
  }
  return f;
}

std::string JavaTimeFormat::Format(int64_t epoch_ms, const ZoneRef& zone) const {
  ZoneOffset zo{zone.fixed_offset_ms, {}, false};
  if (zone.region != nullptr) zo = zone.region->OffsetAt(epoch_ms);
  const int64_t offset_ms = zo.offset_ms;
  const int64_t local = epoch_ms + offset_ms;
  const int64_t days = FloorDiv(local, 86400000);
  const int64_t ms = FloorMod(local, 86400000);
  const CivilDate d = DaysToCivil(days);
  const int hour = static_cast<int>(ms / 3600000), minute = static_cast<int>(ms / 60000 % 60);
  const int second = static_cast<int>(ms / 1000 % 60), milli = static_cast<int>(ms % 1000);
  std::string out;
  for (const Token& t : tokens_) {
    const int n = t.count;
    switch (t.letter) {
      case 0:
        out += t.text;
        break;
      case 'y':
      case 'u':
        out += n == 2 ? Pad(FloorMod(d.year, 100), 2) : Pad(d.year, n);
        break;
      case 'M':
      case 'L':
        if (n >= 4)
          out += kMonths[d.month - 1];
        else if (n == 3)
          out += std::string(kMonths[d.month - 1]).substr(0, 3);
        else
          out += Pad(d.month, n);
        break;
      case 'd':
        out += Pad(d.day, n);
        break;
      case 'D':
        out += Pad(days - CivilToDays(d.year, 1, 1) + 1, n);
        break;
      case 'E': {
        std::string name = kDays[DayOfWeek(days)];
        out += n >= 4 ? name : name.substr(0, 3);
        break;
      }
      case 'a':
        out += hour < 12 ? "AM" : "PM";
        break;
      case 'H':
        out += Pad(hour, n);
        break;
      case 'k':
        out += Pad(hour == 0 ? 24 : hour, n);
        break;
      case 'K':
        out += Pad(hour % 12, n);
        break;
      case 'h':
        out += Pad(hour % 12 == 0 ? 12 : hour % 12, n);
        break;
      case 'm':
        out += Pad(minute, n);
        break;
      case 's':
        out += Pad(second, n);
        break;
      case 'S': {
        std::string frac = Pad(milli, 3);
        if (n <= 3)
          out += frac.substr(0, n);
        else
          out += frac + std::string(n - 3, '0');
        break;
      }
      case 'n':
        out += std::to_string(static_cast<int64_t>(milli) * 1000000);
        break;
      case 'X':
      case 'x':
      case 'Z':
        out += OffsetText(offset_ms, t.letter, n);
        break;
      case 'z':
        if (zone.region != nullptr)
          out += zo.abbreviation;
        else
          out += offset_ms == 0 ? "UTC" : OffsetText(offset_ms, 'X', 5);
        break;
      case 'V':
        if (zone.region != nullptr)
          out += zone.region->name();
        else
          out += offset_ms == 0 ? "UTC" : OffsetText(offset_ms, 'X', 5);
        break;
      default:
        break;
    }
  }
  return out;
}

bool JavaTimeFormat::Parse(const std::string& s, const ZoneRef& default_zone,
                           int64_t* epoch_ms) const {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, milli = 0;
  ZoneRef zone = default_zone;
  int64_t offset = 0;
  bool has_offset = false;  // an explicit offset (X x Z) beats any zone
  int pm = -1;              // -1 unknown, 0 AM, 1 PM
  bool hour12 = false;
  size_t i = 0;
  for (size_t k = 0; k < tokens_.size(); ++k) {
    const Token& t = tokens_[k];
    const int n = t.count;
    // Fixed width when the next token is numeric too ("yyyyMMdd").
    const bool adjacent =
        k + 1 < tokens_.size() && tokens_[k + 1].letter != 0 &&
        std::string("yuMdHkKhmsS").find(tokens_[k + 1].letter) != std::string::npos;
    int64_t v;
    switch (t.letter) {
      case 0:
        if (s.compare(i, t.text.size(), t.text) != 0) return false;
        i += t.text.size();
        break;
      case 'y':
      case 'u': {
        bool neg = i < s.size() && s[i] == '-' && n != 2;
        if (neg) ++i;
        if (n == 2) {
          if (!ReadNumber(s, i, 2, 2, &v)) return false;
          year = 2000 + v;
        } else {
          if (!ReadNumber(s, i, n, adjacent ? n : 9, &v)) return false;
          year = neg ? -v : v;
        }
        break;
      }
      case 'M':
      case 'L':
        if (n >= 3) {
          int idx;
          if (!ReadName(s, i, kMonths, 12, n >= 4, &idx)) return false;
          month = idx + 1;
        } else if (!ReadNumber(s, i, n, adjacent ? n : 2, &month)) {
          return false;
        }
        break;
      case 'd':
        if (!ReadNumber(s, i, n, adjacent ? n : 2, &day)) return false;
        break;
      case 'D':
        if (!ReadNumber(s, i, n, 3, &v)) return false;
        month = 1;
        day = v;  // resolved below by day-of-year arithmetic
        break;
      case 'E': {
        int idx;
        if (!ReadName(s, i, kDays, 7, n >= 4, &idx)) return false;
        break;
      }
      case 'a':
        if (s.size() - i >= 2 && strncasecmp(s.c_str() + i, "AM", 2) == 0)
          pm = 0;
        else if (s.size() - i >= 2 && strncasecmp(s.c_str() + i, "PM", 2) == 0)
          pm = 1;
        else
          return false;
        i += 2;
        break;
      case 'H':
      case 'k':
      case 'K':
      case 'h':
        if (!ReadNumber(s, i, n, adjacent ? n : 2, &hour)) return false;
        if (t.letter == 'k' && hour == 24) hour = 0;
        hour12 = t.letter == 'h' || t.letter == 'K';
        break;
      case 'm':
        if (!ReadNumber(s, i, n, adjacent ? n : 2, &minute)) return false;
        break;
      case 's':
        if (!ReadNumber(s, i, n, adjacent ? n : 2, &second)) return false;
        break;
      case 'S': {
        size_t start = i;
        if (!ReadNumber(s, i, n, adjacent ? n : 9, &v)) return false;
        int digits = static_cast<int>(i - start);
        while (digits > 3) {
          v /= 10;
          --digits;
        }
        while (digits < 3) {
          v *= 10;
          ++digits;
        }
        milli = v;
        break;
      }
      case 'n':
        if (!ReadNumber(s, i, 1, 9, &v)) return false;
        milli = v / 1000000;
        break;
      case 'X':
      case 'x':
      case 'Z':
        if (!ReadOffset(s, i, &offset)) return false;
        has_offset = true;
        break;
      case 'z':
      case 'V': {
        size_t j = i;
        while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (!ReadZoneText(s.substr(i, j - i), &zone)) return false;
        i = j;
        break;
      }
      default:
        return false;
    }
  }
  if (i != s.size()) return false;
  if (hour12) {
    if (hour < 1 || hour > 12) return false;
    if (hour == 12) hour = 0;
    if (pm == 1) hour += 12;
  } else if (pm == 1 && hour < 12) {
    hour += 12;
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  int64_t days;
  bool day_of_year = false;
  for (const Token& t : tokens_) day_of_year |= t.letter == 'D';
  if (day_of_year) {
    if (day < 1 || day > (IsLeapYear(year) ? 366 : 365)) return false;
    days = CivilToDays(year, 1, 1) + day - 1;
  } else {
    if (day < 1 || day > DaysInMonth(year, static_cast<int>(month))) return false;
    days = CivilToDays(year, static_cast<int>(month), static_cast<int>(day));
  }
  const int64_t local = days * 86400000 + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
  *epoch_ms = has_offset ? local - offset : zone.LocalToUtc(local);
  return true;
}

}  // namespace riffle
