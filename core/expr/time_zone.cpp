// TZif (RFC 8536) and POSIX TZ rule parsing, offset lookup, and the process-wide zone cache.

#include "core/expr/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/types/datetime.h"

namespace riffle {
namespace {

constexpr int64_t kDaySeconds = 86400;

// ---- POSIX TZ strings ------------------------------------------------------------------------

class PosixReader {
 public:
  explicit PosixReader(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ >= s_.size(); }
  bool Peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++i_;
    return true;
  }
  bool PeekDigit() const { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; }

  // A zone abbreviation: 3+ letters, or <...> holding letters, digits, '+' and '-'.
  bool Name(std::string* out) {
    size_t start = i_;
    if (Eat('<')) {
      while (i_ < s_.size() && s_[i_] != '>') ++i_;
      if (!Peek('>')) return false;
      *out = std::string(s_.substr(start + 1, i_ - start - 1));
      ++i_;
    } else {
      while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
      *out = std::string(s_.substr(start, i_ - start));
    }
    return out->size() >= 3;
  }

  bool Number(int max_digits, int* out) {
    int v = 0, n = 0;
    while (PeekDigit() && n < max_digits) {
      v = v * 10 + (s_[i_++] - '0');
      ++n;
    }
    *out = v;
    return n > 0;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to max_hours.
  bool Duration(int max_hours, int32_t* seconds) {
    int sign = 1;
    if (Eat('-')) {
      sign = -1;
    } else {
      Eat('+');
    }
    int h = 0, m = 0, s = 0;
    if (!Number(3, &h) || h > max_hours) return false;
    if (Eat(':') && (!Number(2, &m) || m > 59)) return false;
    if (Eat(':') && (!Number(2, &s) || s > 59)) return false;
    *seconds = sign * ((h * 60 + m) * 60 + s);
    return true;
  }

  bool Date(TimeZone::RuleDate* d) {
    if (Eat('M')) {
      d->kind = TimeZone::RuleDate::kMonth;
      if (!Number(2, &d->month) || d->month < 1 || d->month > 12 || !Eat('.') ||
          !Number(1, &d->week) || d->week < 1 || d->week > 5 || !Eat('.') || !Number(1, &d->day) ||
          d->day > 6)
        return false;
    } else if (Eat('J')) {
      d->kind = TimeZone::RuleDate::kJulian1;
      if (!Number(3, &d->day) || d->day < 1 || d->day > 365) return false;
    } else {
      d->kind = TimeZone::RuleDate::kJulian0;
      if (!Number(3, &d->day) || d->day > 365) return false;
    }
    d->time = 7200;
    // Version 3 allows transition times from -167 to 167 hours.
    return !Eat('/') || Duration(167, &d->time);
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// Days since the epoch of a rule date in `year`.
int64_t RuleDay(const TimeZone::RuleDate& d, int64_t year) {
  const int64_t jan1 = CivilToDays(year, 1, 1);
  switch (d.kind) {
    case TimeZone::RuleDate::kJulian1:
      return jan1 + d.day - 1 + (IsLeapYear(year) && d.day >= 60 ? 1 : 0);
    case TimeZone::RuleDate::kJulian0:
      return jan1 + d.day;
    case TimeZone::RuleDate::kMonth: {
      const int64_t first = CivilToDays(year, d.month, 1);
      const int first_dow = (DayOfWeek(first) + 1) % 7;  // POSIX: 0 = Sunday
      int64_t day = first + (d.day - first_dow + 7) % 7 + int64_t{d.week - 1} * 7;
      const int64_t last = first + DaysInMonth(year, d.month) - 1;
      while (day > last) day -= 7;  // week 5 means "the last such weekday"
      return day;
    }
  }
  return jan1;
}

// ---- TZif ------------------------------------------------------------------------------------

class ByteReader {
 public:
  explicit ByteReader(std::string_view d) : d_(d) {}
  bool Has(size_t n) const { return d_.size() - i_ >= n; }
  size_t pos() const { return i_; }
  void Skip(size_t n) { i_ += n; }
  int64_t Int(int bytes) {
    uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<uint8_t>(d_[i_++]);
    if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  uint8_t Byte() { return static_cast<uint8_t>(d_[i_++]); }
  std::string_view Rest() const { return d_.substr(i_); }

 private:
  std::string_view d_;
  size_t i_ = 0;
};

struct TzifHeader {
  char version = 0;
  int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

bool ReadHeader(ByteReader& r, TzifHeader* h) {
  if (!r.Has(44)) return false;
  std::string_view rest = r.Rest();
  if (rest.substr(0, 4) != "TZif") return false;
  h->version = rest[4];
  r.Skip(20);
  h->isutcnt = r.Int(4);
  h->isstdcnt = r.Int(4);
  h->leapcnt = r.Int(4);
  h->timecnt = r.Int(4);
  h->typecnt = r.Int(4);
  h->charcnt = r.Int(4);
  return h->isutcnt >= 0 && h->isstdcnt >= 0 && h->leapcnt >= 0 && h->timecnt >= 0 &&
         h->typecnt >= 1 && h->typecnt <= 256 && h->charcnt >= 0;
}

size_t BlockSize(const TzifHeader& h, int time_bytes) {
  return h.timecnt * time_bytes + h.timecnt + h.typecnt * 6 + h.charcnt +
         h.leapcnt * (time_bytes + 4) + h.isstdcnt + h.isutcnt;
}

// Names are tz database ids: relative paths of letters, digits and "_+-", no "." components.
bool ValidZoneName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '/' || name.back() == '/') return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '+' || c == '-' || c == '/';
    if (!ok) return false;
  }
  if (name.find("//") != std::string_view::npos) return false;
  // Not zones in java.time: alternative trees and helper links of the system database.
  for (std::string_view skip : {"posix/", "right/"}) {
    if (name.substr(0, skip.size()) == skip) return false;
  }
  return name != "posixrules" && name != "localtime" && name != "Factory";
}

std::unique_ptr<TimeZone> LoadZone(std::string_view name) {
  const char* dir = std::getenv("TZDIR");
  std::string path = (dir != nullptr && *dir != '\0') ? dir : "/usr/share/zoneinfo";
  path += '/';
  path += name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string data = buf.str();
  if (data.size() > (1 << 20)) return nullptr;
  std::string error;
  return TimeZone::FromTzif(std::string(name), data, &error);
}

}  // namespace

bool ParsePosixTz(std::string_view text, TimeZone::Rule* rule) {
  PosixReader r(text);
  *rule = TimeZone::Rule{};
  int32_t std_west;
  if (!r.Name(&rule->std_type.abbreviation) || !r.Duration(24, &std_west)) return false;
  rule->std_type.utoff = -std_west;
  if (r.AtEnd()) return true;
  if (!r.Name(&rule->dst_type.abbreviation)) return false;
  rule->has_dst = true;
  rule->dst_type.is_dst = true;
  rule->dst_type.utoff = rule->std_type.utoff + 3600;
  if (!r.Peek(',') && !r.AtEnd()) {
    int32_t dst_west;
    if (!r.Duration(24, &dst_west)) return false;
    rule->dst_type.utoff = -dst_west;
  }
  if (r.AtEnd()) {
    // No dates: the US rules, as tzcode assumes.
    rule->start = {TimeZone::RuleDate::kMonth, 0, 2, 3, 7200};
    rule->end = {TimeZone::RuleDate::kMonth, 0, 1, 11, 7200};
    return true;
  }
  return r.Eat(',') && r.Date(&rule->start) && r.Eat(',') && r.Date(&rule->end) && r.AtEnd();
}

std::unique_ptr<TimeZone> TimeZone::FromTzif(std::string name, std::string_view data,
                                             std::string* error) {
  ByteReader r(data);
  TzifHeader h;
  if (!ReadHeader(r, &h)) {
    *error = "not a TZif file";
    return nullptr;
  }
  if (h.version < '2') {
    *error = "TZif version 1 has no 64-bit data";
    return nullptr;
  }
  // Skip the 32-bit block, then read the 64-bit one.
  if (!r.Has(BlockSize(h, 4))) {
    *error = "truncated TZif file";
    return nullptr;
  }
  r.Skip(BlockSize(h, 4));
  if (!ReadHeader(r, &h) || !r.Has(BlockSize(h, 8))) {
    *error = "truncated TZif file";
    return nullptr;
  }
  auto zone = std::make_unique<TimeZone>();
  zone->name_ = std::move(name);
  zone->transitions_.reserve(h.timecnt);
  for (int64_t k = 0; k < h.timecnt; ++k) zone->transitions_.push_back(r.Int(8));
  for (int64_t k = 0; k < h.timecnt; ++k) {
    uint8_t t = r.Byte();
    if (t >= h.typecnt) {
      *error = "bad transition type";
      return nullptr;
    }
    zone->transition_types_.push_back(t);
  }
  std::vector<uint8_t> desig(h.typecnt);
  for (int64_t k = 0; k < h.typecnt; ++k) {
    LocalType t;
    t.utoff = static_cast<int32_t>(r.Int(4));
    t.is_dst = r.Byte() != 0;
    desig[k] = r.Byte();
    zone->types_.push_back(std::move(t));
  }
  std::string_view chars = r.Rest().substr(0, h.charcnt);
  for (int64_t k = 0; k < h.typecnt; ++k) {
    if (desig[k] >= chars.size()) {
      *error = "bad abbreviation index";
      return nullptr;
    }
    std::string_view a = chars.substr(desig[k]);
    zone->types_[k].abbreviation = std::string(a.substr(0, a.find('\0')));
  }
  r.Skip(h.charcnt + h.leapcnt * 12 + h.isstdcnt + h.isutcnt);
  if (!std::is_sorted(zone->transitions_.begin(), zone->transitions_.end())) {
    *error = "transitions out of order";
    return nullptr;
  }
  // Footer: "\n<POSIX TZ>\n"; an empty rule means "no rule" (keep the last type).
  std::string_view footer = r.Rest();
  if (footer.size() >= 2 && footer[0] == '\n') {
    footer = footer.substr(1, footer.find('\n', 1) - 1);
    if (!footer.empty()) {
      if (!ParsePosixTz(footer, &zone->rule_)) {
        *error = "bad TZ footer '" + std::string(footer) + "'";
        return nullptr;
      }
      zone->has_rule_ = true;
    }
  }
  return zone;
}

ZoneOffset TimeZone::RuleOffsetAt(int64_t utc_s) const {
  const Rule& r = rule_;
  if (!r.has_dst) return Make(r.std_type);
  const int64_t year = DaysToCivil(FloorDiv(utc_s + r.std_type.utoff, kDaySeconds)).year;
  const int64_t start = RuleDay(r.start, year) * kDaySeconds + r.start.time - r.std_type.utoff;
  const int64_t end = RuleDay(r.end, year) * kDaySeconds + r.end.time - r.dst_type.utoff;
  // Southern-hemisphere rules end before they start within a calendar year.
  const bool dst = start < end ? (utc_s >= start && utc_s < end) : !(utc_s >= end && utc_s < start);
  return Make(dst ? r.dst_type : r.std_type);
}

ZoneOffset TimeZone::OffsetAt(int64_t utc_ms) const {
  const int64_t s = FloorDiv(utc_ms, 1000);
  if (transitions_.empty()) return has_rule_ ? RuleOffsetAt(s) : Make(types_[0]);
  if (s < transitions_.front()) return Make(types_[0]);
  size_t idx = std::upper_bound(transitions_.begin(), transitions_.end(), s) - transitions_.begin();
  if (idx == transitions_.size() && has_rule_) return RuleOffsetAt(s);
  return Make(types_[transition_types_[idx - 1]]);
}

int64_t TimeZone::LocalToUtc(int64_t local_ms) const {
  // Offsets either side of any transition near this wall time (transitions are > 1 day apart).
  constexpr int64_t kDayMs = kDaySeconds * 1000;
  const int64_t before = OffsetAt(local_ms - kDayMs).offset_ms;
  const int64_t after = OffsetAt(local_ms + kDayMs).offset_ms;
  const bool before_ok = OffsetAt(local_ms - before).offset_ms == before;
  const bool after_ok = OffsetAt(local_ms - after).offset_ms == after;
  if (before_ok) return local_ms - before;  // also the overlap case: the earlier offset
  if (after_ok) return local_ms - after;
  // A gap: java.time moves the wall time forward by the gap, i.e. keeps the old offset.
  return local_ms - before;
}

const TimeZone* FindTimeZone(std::string_view name) {
  if (!ValidZoneName(name)) return nullptr;
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  std::unique_ptr<TimeZone> zone = LoadZone(name);
  const TimeZone* result = zone.get();
  // Unknown names are remembered too, but only up to a bound: they come from user data.
  if (result != nullptr || cache.size() < 4096) cache.emplace(std::string(name), std::move(zone));
  return result;
}

}  // namespace riffle
