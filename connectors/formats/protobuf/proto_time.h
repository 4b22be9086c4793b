#pragma once
// Conversions between riffle's DATE / TIME / TIMESTAMP / DECIMAL values and the messages ksqlDB
// writes for them: google.type.Date, google.type.TimeOfDay, google.protobuf.Timestamp and
// confluent.type.Decimal (unscaled value as big-endian two's complement, like BigInteger).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types/value.h"

namespace riffle::formats::proto {

// Timestamps.toMillis: seconds * 1000 + nanos / 1e6.
inline int64_t TimestampMillis(int64_t seconds, int32_t nanos) {
  return seconds * 1000 + nanos / 1000000;
}
inline void MillisToTimestamp(int64_t millis, int64_t& seconds, int32_t& nanos) {
  seconds = millis / 1000;
  int64_t rem = millis % 1000;
  if (rem < 0) {
    rem += 1000;
    --seconds;
  }
  nanos = static_cast<int32_t>(rem * 1000000);
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
inline int64_t DaysFromCivil(int32_t y, int32_t m, int32_t d) {
  int64_t year = y - (m <= 2 ? 1 : 0);
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t yoe = year - era * 400;
  int64_t mp = (m + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
inline void CivilFromDays(int64_t days, int32_t& y, int32_t& m, int32_t& d) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int32_t>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

inline int64_t TimeOfDayMillis(int32_t h, int32_t m, int32_t s, int32_t nanos) {
  return ((int64_t{h} * 60 + m) * 60 + s) * 1000 + nanos / 1000000;
}

// Reads an unscaled value of up to 16 bytes; false when wider.
inline bool DecimalFromBytes(std::string_view bytes, int32_t scale, Decimal& out) {
  if (bytes.size() > 16) return false;
  __int128 v = 0;
  if (!bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80)) v = -1;
  for (char c : bytes) v = static_cast<__int128>((static_cast<unsigned __int128>(v) << 8) |
                                                 static_cast<uint8_t>(c));
  out.unscaled = v;
  out.scale = scale;
  out.precision = 0;
  return true;
}

// BigInteger.toByteArray: the fewest bytes that keep the sign bit.
inline void DecimalToBytes(__int128 v, std::string& out) {
  char buf[16];
  int n = 0;
  auto u = static_cast<unsigned __int128>(v);
  for (int i = 15; i >= 0; --i) buf[i] = static_cast<char>(static_cast<uint8_t>(u >> (8 * (15 - i))));
  // Drop leading bytes that only repeat the sign.
  while (n < 15) {
    auto b = static_cast<uint8_t>(buf[n]);
    auto next = static_cast<uint8_t>(buf[n + 1]);
    if ((b == 0x00 && !(next & 0x80)) || (b == 0xff && (next & 0x80))) {
      ++n;
    } else {
      break;
    }
  }
  out.append(buf + n, static_cast<size_t>(16 - n));
}

}  // namespace riffle::formats::proto
