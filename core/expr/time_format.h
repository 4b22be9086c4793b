#pragma once
// java.time-style date/time patterns ("yyyy-MM-dd HH:mm:ss.SSS", "dd/MMM/yyyy:HH:mm:ss Z", ...)
// for ksqlDB's FORMAT_*/PARSE_* functions, and the time zones they take.
//
// Supported letters: y u (year), M L (month: 1-2 digits, MMM short name, MMMM full name), d, D
// (day of year, format only), E (EEE short, EEEE full day name), a (AM/PM), H k K h, m, s,
// S... (fraction), n (nanos), X x Z (offset at that instant), z (short zone name: "BST", "PDT",
// "UTC", or the offset of a fixed zone; zzzz prints the same short name, not java's long one),
// VV (zone id); 'quoted text' and '' for a quote. Time zones: "UTC", "GMT", "UT", "Z",
// "Etc/UTC", fixed offsets such as "+05:30", "-08", "UTC+2", "GMT-03:00", and region zones
// ("Europe/London") from the system tz database (see time_zone.h).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace riffle {

class TimeZone;

// A resolved time zone: a region zone from the tz database, or a fixed UTC offset.
struct ZoneRef {
  const TimeZone* region = nullptr;  // nullptr: fixed_offset_ms applies at every instant
  int64_t fixed_offset_ms = 0;

  int64_t OffsetAt(int64_t utc_ms) const;
  // The instant of a wall-clock time (java.time's rules for gaps and overlaps).
  int64_t LocalToUtc(int64_t local_ms) const;
};

// Resolves a zone name: UTC aliases and fixed offsets first (ParseTimeZone), then tz database
// ids. Returns false when unknown or when the tz database is missing.
bool ResolveTimeZone(const std::string& name, ZoneRef* zone);

class JavaTimeFormat {
 public:
  // Compiles `pattern`; returns nullptr and sets *error for unknown letters or bad quoting.
  static std::shared_ptr<const JavaTimeFormat> Compile(const std::string& pattern,
                                                       std::string* error);

  // Renders the instant epoch_ms as seen in `zone`.
  std::string Format(int64_t epoch_ms, const ZoneRef& zone) const;

  // Parses `text`; fields absent from the pattern default to 1970-01-01T00:00:00.000. Returns
  // the instant, interpreting the local time in `default_zone` unless the text carries an
  // offset or a zone (z, VV: ids, fixed offsets, or US/UK abbreviations such as "PST", which
  // mean their region zone as in java.time). Returns false when the text does not match.
  bool Parse(const std::string& text, const ZoneRef& default_zone, int64_t* epoch_ms) const;

 private:
  struct Token {
    char letter = 0;  // 0 for literal text
    int count = 0;
    std::string text;
  };
  std::vector<Token> tokens_;
};

// Parses a UTC alias or fixed-offset zone name into milliseconds east of UTC. Returns false for
// anything else (including region zones: use ResolveTimeZone).
bool ParseTimeZone(const std::string& zone, int64_t* offset_ms);

}  // namespace riffle
