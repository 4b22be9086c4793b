#pragma once
// Region time zones ("Europe/London", "America/Los_Angeles") read from the system tz database:
// TZif files (RFC 8536, version 2+) under $TZDIR or /usr/share/zoneinfo. Only the 64-bit
// section is used; instants after the last transition follow the file's POSIX TZ footer rule,
// which matters for Debian's "slim" files that stop listing transitions early.
//
// Why not Howard Hinnant's date/tz (Debian's libhowardhinnant-date-dev, built with USE_OS_TZDB):
// tried on 2026-12-08, version 3.0.1 reads the same files but ignores the footer, so after a
// zone's last listed transition it keeps that transition's offset forever: America/Los_Angeles
// at 2100-07-01 12:00 UTC came out PST -08:00 instead of PDT -07:00 (java.time, Python's
// zoneinfo and this reader say PDT). Its first lookup also scans the whole zoneinfo tree
// (~30 ms).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace riffle {

// The UTC offset in effect at one instant.
struct ZoneOffset {
  int64_t offset_ms = 0;
  std::string_view abbreviation;  // "BST", "PDT", "+0330"; valid while the TimeZone lives
  bool is_dst = false;
};

class TimeZone {
 public:
  // Parses TZif bytes. Returns nullptr and sets *error for a truncated or malformed file, a
  // version 1 file (no 64-bit data) or an unusable footer.
  static std::unique_ptr<TimeZone> FromTzif(std::string name, std::string_view data,
                                            std::string* error);

  const std::string& name() const { return name_; }

  // The offset at the UTC instant utc_ms.
  ZoneOffset OffsetAt(int64_t utc_ms) const;

  // The UTC instant for a wall-clock time (epoch millis as if local were UTC), resolved as
  // java.time does: in a gap the time moves forward by the gap's length; in an overlap the
  // earlier offset (the one before the transition) wins.
  int64_t LocalToUtc(int64_t local_ms) const;

  // Public so the parser helpers in time_zone.cpp can fill them in.
  struct LocalType {
    int32_t utoff = 0;  // seconds east of UTC
    bool is_dst = false;
    std::string abbreviation;
  };
  // A POSIX TZ rule date: Jn (kJulian1, Feb 29 never counted), n (kJulian0), Mm.w.d (kMonth).
  struct RuleDate {
    enum Kind { kJulian1, kJulian0, kMonth } kind = kMonth;
    int day = 0, week = 0, month = 0;  // day: 1-365 / 0-365 / weekday 0 (Sunday)-6
    int32_t time = 7200;               // seconds after local midnight; may be negative or > 24h
  };
  struct Rule {
    LocalType std_type, dst_type;
    bool has_dst = false;
    RuleDate start, end;
  };

 private:
  ZoneOffset RuleOffsetAt(int64_t utc_s) const;
  static ZoneOffset Make(const LocalType& t) {
    return {int64_t{t.utoff} * 1000, t.abbreviation, t.is_dst};
  }

  std::string name_;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<uint8_t> transition_types_;
  std::vector<LocalType> types_;
  Rule rule_;
  bool has_rule_ = false;
};

// The zone named `name` (a tz database id such as "Asia/Kolkata"), loaded once and cached for
// the life of the process; nullptr when the name is malformed (absolute, "..", odd characters),
// unknown, or the tz database is missing. Thread-safe.
const TimeZone* FindTimeZone(std::string_view name);

// Parses a POSIX TZ string ("GMT0BST,M3.5.0/1,M10.5.0", "<+0330>-3:30"); false when malformed.
bool ParsePosixTz(std::string_view text, TimeZone::Rule* rule);

}  // namespace riffle
