#pragma once
// Calendar arithmetic for DATE (days since epoch), TIME (ms of day) and TIMESTAMP (ms since
// epoch, UTC), in the proleptic Gregorian calendar, plus ksqlDB's ISO-8601 renderings.

#include <cstdint>
#include <optional>
#include <string>

namespace riffle {

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms; valid for any int64 day
// count that fits).
int64_t CivilToDays(int64_t year, int month, int day);
CivilDate DaysToCivil(int64_t days);
// 0 = Monday ... 6 = Sunday.
int DayOfWeek(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

// Floor division helpers for negative timestamps.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// "2020-01-01T00:00:00.000" (ksqlDB's TIMESTAMP rendering, UTC).
std::string FormatTimestampIso(int64_t epoch_ms);
// "2020-01-01".
std::string FormatDateIso(int64_t days);
// "12:00:00" or "12:00:00.123" when there are milliseconds.
std::string FormatTimeIso(int64_t ms_of_day);

// Parse ISO forms as ksqlDB's CAST from STRING accepts them: "2020-01-01T00:00:00.000",
// "2020-01-01T00:00:00", "2020-01-01T00:00", "2020-01-01" and an optional trailing "Z" or
// "+hh:mm" offset; a date alone may omit its day or month ("2020-05", "2020": the first day), as
// ksqlDB's PartialStringToTimestampParser completes it. Returns nullopt when malformed.
std::optional<int64_t> ParseTimestampIso(const std::string& text);
std::optional<int64_t> ParseDateIso(const std::string& text);
std::optional<int64_t> ParseTimeIso(const std::string& text);

}  // namespace riffle
