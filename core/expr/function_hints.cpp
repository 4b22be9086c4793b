#include "core/expr/function_hints.h"

#include <array>
#include <string_view>
#include <vector>

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/expr/function_registry.h"

namespace riffle {
namespace {

// Other dialects' names (PostgreSQL, MySQL, DuckDB, Spark, Flink) and what riffle writes
// instead. Each target exists in riffle (checked by tests/unit/expr/function_hints_test.cpp).
struct ForeignName {
  std::string_view name;
  std::string_view hint;
};

constexpr std::array kForeignNames = {
    ForeignName{"UPPER", "riffle (like ksqlDB) calls it UCASE"},
    ForeignName{"LOWER", "riffle (like ksqlDB) calls it LCASE"},
    ForeignName{"LENGTH", "riffle (like ksqlDB) calls it LEN"},
    ForeignName{"CHAR_LENGTH", "riffle (like ksqlDB) calls it LEN"},
    ForeignName{"CHARACTER_LENGTH", "riffle (like ksqlDB) calls it LEN"},
    ForeignName{"STRLEN", "riffle (like ksqlDB) calls it LEN"},
    ForeignName{"SUBSTR", "riffle (like ksqlDB) calls it SUBSTRING"},
    ForeignName{"POSITION", "riffle (like ksqlDB) calls it INSTR(str, substring)"},
    ForeignName{"STRPOS", "riffle (like ksqlDB) calls it INSTR(str, substring)"},
    ForeignName{"LOCATE", "riffle (like ksqlDB) calls it INSTR(str, substring)"},
    ForeignName{"CHARINDEX", "riffle (like ksqlDB) calls it INSTR(str, substring)"},
    ForeignName{"NOW",
                "use UNIX_TIMESTAMP() (milliseconds since the epoch), or "
                "FROM_UNIXTIME(UNIX_TIMESTAMP()) for a TIMESTAMP; ROWTIME is a record's time"},
    ForeignName{"CURRENT_TIMESTAMP",
                "use UNIX_TIMESTAMP() (milliseconds since the epoch), or "
                "FROM_UNIXTIME(UNIX_TIMESTAMP()) for a TIMESTAMP; ROWTIME is a record's time"},
    ForeignName{"GETDATE", "use FROM_UNIXTIME(UNIX_TIMESTAMP()) for the current TIMESTAMP"},
    ForeignName{"SYSDATE", "use FROM_UNIXTIME(UNIX_TIMESTAMP()) for the current TIMESTAMP"},
    ForeignName{"CURRENT_DATE", "use FROM_DAYS(UNIX_DATE()) for today's DATE"},
    ForeignName{"TODAY", "use FROM_DAYS(UNIX_DATE()) for today's DATE"},
    ForeignName{"NVL", "riffle (like ksqlDB) calls it IFNULL (or COALESCE)"},
    ForeignName{"IF", "use CASE WHEN condition THEN a ELSE b END"},
    ForeignName{"IIF", "use CASE WHEN condition THEN a ELSE b END"},
    ForeignName{"CEILING", "riffle (like ksqlDB) calls it CEIL"},
    ForeignName{"POW", "riffle (like ksqlDB) calls it POWER"},
    ForeignName{"RAND", "riffle (like ksqlDB) calls it RANDOM"},
    ForeignName{"LOG10", "use LOG(10, x)"},
    ForeignName{"LOG2", "use LOG(2, x)"},
    ForeignName{"MOD", "use the % operator: a % b"},
    ForeignName{"DATE_FORMAT", "use FORMAT_TIMESTAMP(ts, 'yyyy-MM-dd HH:mm:ss')"},
    ForeignName{"STRFTIME", "use FORMAT_TIMESTAMP(ts, 'yyyy-MM-dd HH:mm:ss')"},
    ForeignName{"TO_CHAR", "use FORMAT_TIMESTAMP(ts, pattern) or CAST(x AS STRING)"},
    ForeignName{"TO_TIMESTAMP", "use PARSE_TIMESTAMP(str, pattern) or FROM_UNIXTIME(millis)"},
    ForeignName{"STRPTIME", "use PARSE_TIMESTAMP(str, pattern)"},
    ForeignName{"TO_DATE", "use PARSE_DATE(str, pattern)"},
    ForeignName{"DATE_ADD", "use TIMESTAMPADD(unit, amount, ts) or DATEADD(unit, amount, date)"},
    ForeignName{"DATE_SUB", "use TIMESTAMPSUB(unit, amount, ts) or DATESUB(unit, amount, date)"},
    ForeignName{"TO_STRING", "use CAST(x AS STRING)"},
    ForeignName{"STRING_AGG", "use ARRAY_JOIN(COLLECT_LIST(x), ',') with GROUP BY"},
    ForeignName{"GROUP_CONCAT", "use ARRAY_JOIN(COLLECT_LIST(x), ',') with GROUP BY"},
    ForeignName{"LISTAGG", "use ARRAY_JOIN(COLLECT_LIST(x), ',') with GROUP BY"},
    ForeignName{"ARRAY_AGG", "riffle (like ksqlDB) calls it COLLECT_LIST"},
    ForeignName{"CARDINALITY", "riffle (like ksqlDB) calls it ARRAY_LENGTH"},
    ForeignName{"ARRAY_SIZE", "riffle (like ksqlDB) calls it ARRAY_LENGTH"},
    ForeignName{"JSON_EXTRACT", "use EXTRACTJSONFIELD(json, '$.path')"},
    ForeignName{"JSON_VALUE", "use EXTRACTJSONFIELD(json, '$.path')"},
    ForeignName{"GET_JSON_OBJECT", "use EXTRACTJSONFIELD(json, '$.path')"},
    ForeignName{"STARTS_WITH", "use str LIKE 'prefix%'"},
    ForeignName{"ENDS_WITH", "use str LIKE '%suffix'"},
    ForeignName{"CONTAINS", "use INSTR(str, substring) > 0, or ARRAY_CONTAINS(array, x)"},
    ForeignName{"SPLIT_PART", "use SPLIT(str, delimiter)[n] (1-based)"},
    ForeignName{"REGEXP_LIKE", "use REGEXP_EXTRACT(pattern, str) IS NOT NULL"},
    ForeignName{"RLIKE", "use REGEXP_EXTRACT(pattern, str) IS NOT NULL"},
};

}  // namespace

std::string UnknownFunctionHint(const std::string& name) {
  const std::string upper = AsciiUpper(name);
  for (const ForeignName& f : kForeignNames) {
    if (upper == f.name) return std::string(f.hint);
  }
  std::vector<std::string> known = FunctionRegistry::Get().Names();
  const std::vector<std::string>& aggregates = AggregateFunctionNames();
  known.insert(known.end(), aggregates.begin(), aggregates.end());
  std::string closest = ClosestMatch(upper, known);
  return closest.empty() ? "SHOW FUNCTIONS lists them" : "did you mean " + closest + "?";
}

std::vector<std::string> ForeignFunctionNames() {
  std::vector<std::string> names;
  for (const ForeignName& f : kForeignNames) names.emplace_back(f.name);
  return names;
}

}  // namespace riffle
