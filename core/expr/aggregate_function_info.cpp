#include "core/expr/aggregate_function_info.h"

#include <algorithm>

#include "core/common/text.h"

namespace riffle {

const std::vector<AggregateFunctionInfo>& AggregateFunctionInfos() {
  static const std::vector<AggregateFunctionInfo> kInfos = [] {
    std::vector<AggregateFunctionInfo> infos = {
        {"ATTR",
         "The value shared by every row of the group, or NULL when the rows disagree.",
         {"ATTR(col T) -> T"}},
        {"AVG",
         "The average of the non-NULL values.",
         {"AVG(col INT) -> DOUBLE", "AVG(col BIGINT) -> DOUBLE", "AVG(col DOUBLE) -> DOUBLE",
          "AVG(col DECIMAL) -> DOUBLE"}},
        {"COLLECT_LIST",
         "Every value in arrival order, duplicates kept.",
         {"COLLECT_LIST(col T) -> ARRAY<T>"}},
        {"COLLECT_SET",
         "Every distinct value, in order of first arrival (streams only).",
         {"COLLECT_SET(col T) -> ARRAY<T>"}},
        {"CORRELATION",
         "The Pearson correlation coefficient of two columns (numbers, non-NULL pairs).",
         {"CORRELATION(x DOUBLE, y DOUBLE) -> DOUBLE"}},
        {"COUNT",
         "COUNT(*) counts rows; COUNT(col) counts the rows where col is not NULL.",
         {"COUNT(*) -> BIGINT", "COUNT(col T) -> BIGINT"}},
        {"COUNT_DISTINCT",
         "The number of distinct non-NULL values.",
         {"COUNT_DISTINCT(col T) -> BIGINT"}},
        {"EARLIEST_BY_OFFSET",
         "The value of the earliest row (by arrival); with n, the n earliest; NULLs are "
         "skipped unless ignoreNulls is false (streams only).",
         {"EARLIEST_BY_OFFSET(col T) -> T", "EARLIEST_BY_OFFSET(col T, ignoreNulls BOOLEAN) -> T",
          "EARLIEST_BY_OFFSET(col T, n INT) -> ARRAY<T>",
          "EARLIEST_BY_OFFSET(col T, n INT, ignoreNulls BOOLEAN) -> ARRAY<T>"}},
        {"HISTOGRAM",
         "How many times each distinct value occurs.",
         {"HISTOGRAM(col T) -> MAP<T, BIGINT>"}},
        {"LATEST_BY_OFFSET",
         "The value of the latest row (by arrival); with n, the n latest; NULLs are skipped "
         "unless ignoreNulls is false (streams only).",
         {"LATEST_BY_OFFSET(col T) -> T", "LATEST_BY_OFFSET(col T, ignoreNulls BOOLEAN) -> T",
          "LATEST_BY_OFFSET(col T, n INT) -> ARRAY<T>",
          "LATEST_BY_OFFSET(col T, n INT, ignoreNulls BOOLEAN) -> ARRAY<T>"}},
        {"MAX",
         "The largest non-NULL value.",
         {"MAX(col T) -> T  (T a primitive type)"}},
        {"MIN",
         "The smallest non-NULL value.",
         {"MIN(col T) -> T  (T a primitive type)"}},
        {"STDDEV_POP",
         "The population standard deviation of the non-NULL values.",
         {"STDDEV_POP(col INT) -> DOUBLE", "STDDEV_POP(col BIGINT) -> DOUBLE",
          "STDDEV_POP(col DOUBLE) -> DOUBLE"}},
        {"STDDEV_SAMP",
         "The sample variance of the non-NULL values (ksqlDB's STDDEV_SAMP, same as VARIANCE).",
         {"STDDEV_SAMP(col INT) -> DOUBLE", "STDDEV_SAMP(col BIGINT) -> DOUBLE",
          "STDDEV_SAMP(col DOUBLE) -> DOUBLE"}},
        {"STDDEV_SAMPLE",
         "The sample standard deviation of the non-NULL values.",
         {"STDDEV_SAMPLE(col INT) -> DOUBLE", "STDDEV_SAMPLE(col BIGINT) -> DOUBLE",
          "STDDEV_SAMPLE(col DOUBLE) -> DOUBLE"}},
        {"SUM",
         "The sum of the non-NULL values.",
         {"SUM(col INT) -> INT", "SUM(col BIGINT) -> BIGINT", "SUM(col DOUBLE) -> DOUBLE",
          "SUM(col DECIMAL(p, s)) -> DECIMAL(p, s)"}},
        {"TOPK",
         "The k largest values, largest first, duplicates kept (streams only).",
         {"TOPK(col T, k INT) -> ARRAY<T>"}},
        {"TOPKDISTINCT",
         "The k largest distinct values, largest first (streams only).",
         {"TOPKDISTINCT(col T, k INT) -> ARRAY<T>"}},
        {"VARIANCE",
         "The sample variance of the non-NULL values.",
         {"VARIANCE(col INT) -> DOUBLE", "VARIANCE(col BIGINT) -> DOUBLE",
          "VARIANCE(col DOUBLE) -> DOUBLE"}},
    };
    std::sort(infos.begin(), infos.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return infos;
  }();
  return kInfos;
}

const AggregateFunctionInfo* FindAggregateFunctionInfo(const std::string& name) {
  std::string upper = AsciiUpper(name);
  for (const AggregateFunctionInfo& info : AggregateFunctionInfos()) {
    if (info.name == upper) return &info;
  }
  return nullptr;
}

}  // namespace riffle
