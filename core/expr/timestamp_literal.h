#pragma once
// ksqlDB's implicit conversion of a STRING literal compared with ROWTIME, WINDOWSTART or
// WINDOWEND: "yyyy[-MM[-dd[THH[:mm[:ss[.SSS]]]]]]" with an optional zone suffix ("Z", "+0445",
// "-01:00", "+05"); omitted fields take their minimum, the zone defaults to UTC.

#include <cstdint>
#include <string>

namespace riffle {

// The epoch milliseconds `text` denotes; false when it is not such a timestamp.
bool ParseTimestampLiteral(const std::string& text, int64_t* epoch_ms);

// Whether `name` is one of the BIGINT time columns that accept such literals (case-insensitive).
bool IsMagicTimestampColumn(const std::string& name);

}  // namespace riffle
