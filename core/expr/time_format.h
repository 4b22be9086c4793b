#pragma once
// java.time-style date/time patterns ("yyyy-MM-dd HH:mm:ss.SSS", "dd/MMM/yyyy:HH:mm:ss Z", ...)
// for ksqlDB's FORMAT_*/PARSE_* functions, and fixed-offset time zones.
//
// Supported letters: y u (year), M L (month: 1-2 digits, MMM short name, MMMM full name), d, D
// (day of year, format only), E (EEE short, EEEE full day name), a (AM/PM), H k K h, m, s,
// S... (fraction), n (nanos), X x Z (offsets), z VV (zone name: "UTC"/offset); 'quoted text'
// and '' for a quote. Time zones: "UTC", "GMT", "UT", "Z", "Etc/UTC", and fixed offsets such as
// "+05:30", "-08", "UTC+2", "GMT-03:00". Region zones with daylight saving are not supported.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace riffle {

class JavaTimeFormat {
 public:
  // Compiles `pattern`; returns nullptr and sets *error for unknown letters or bad quoting.
  static std::shared_ptr<const JavaTimeFormat> Compile(const std::string& pattern,
                                                       std::string* error);

  // Renders the instant epoch_ms as seen at UTC offset `offset_ms`.
  std::string Format(int64_t epoch_ms, int64_t offset_ms) const;

  // Parses `text`; fields absent from the pattern default to 1970-01-01T00:00:00.000. Returns
  // the instant, interpreting the local time at `default_offset_ms` unless the text carries an
  // offset. Returns false when the text does not match.
  bool Parse(const std::string& text, int64_t default_offset_ms, int64_t* epoch_ms) const;

 private:
  struct Token {
    char letter = 0;  // 0 for literal text
    int count = 0;
    std::string text;
  };
  std::vector<Token> tokens_;
};

// Parses a time zone name into a fixed UTC offset in milliseconds. Returns false when unknown.
bool ParseTimeZone(const std::string& zone, int64_t* offset_ms);

}  // namespace riffle
