#pragma once
// What to say when a query calls a function riffle does not have. Most such calls are another
// SQL dialect's name for a function ksqlDB spells differently (UPPER is UCASE, LENGTH is LEN,
// NOW() is UNIX_TIMESTAMP()), so the hint names the equivalent before falling back to the
// closest spelling of a known function.

#include <string>
#include <vector>

namespace riffle {

// The hint for an unknown function `name` (any case): "riffle (like ksqlDB) calls it UCASE", "...
// use CASE WHEN c THEN a ELSE b END", "did you mean SUBSTRING?", or "SHOW FUNCTIONS lists them"
// when nothing is close.
std::string UnknownFunctionHint(const std::string& name);

// The other dialects' names UnknownFunctionHint has a specific hint for, upper case.
std::vector<std::string> ForeignFunctionNames();

}  // namespace riffle
