#include "core/expr/aggregate_function_info.h"

#include <gtest/gtest.h>

#include "core/exec/aggregate_functions.h"
#include "core/expr/function_registry.h"

namespace riffle {
namespace {

// The error MakeAggregateFunction throws for `name` called with one INT, or "" when it builds.
std::string BuildError(const std::string& name) {
  Value k = Value::Int(1);
  try {
    MakeAggregateFunction(name, {Type::Int(), Type::Int()}, {nullptr, &k}, false, {});
    MakeAggregateFunction(name, {Type::Int()}, {nullptr}, false, {});
    return "";
  } catch (const RiffleError& e) {
    return e.message();
  }
}

// SHOW FUNCTIONS and DESCRIBE FUNCTION know exactly the aggregates riffle runs: a new aggregate
// without a description, or a description of one that does not run, fails here.
TEST(AggregateFunctionInfoTest, DescribesEveryAggregateThatRuns) {
  for (const std::string& name : AggregateFunctionNames()) {
    bool runs = BuildError(name).find("not supported") == std::string::npos;
    EXPECT_EQ(FindAggregateFunctionInfo(name) != nullptr, runs) << name;
  }
  for (const AggregateFunctionInfo& info : AggregateFunctionInfos()) {
    EXPECT_TRUE(IsAggregateFunctionName(info.name)) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    ASSERT_FALSE(info.signatures.empty()) << info.name;
    for (const std::string& sig : info.signatures) {
      EXPECT_EQ(sig.rfind(info.name + "(", 0), 0u) << sig;
      EXPECT_NE(sig.find(") -> "), std::string::npos) << sig;
    }
  }
}

TEST(AggregateFunctionInfoTest, FindsByNameIgnoringCase) {
  ASSERT_NE(FindAggregateFunctionInfo("topk"), nullptr);
  EXPECT_EQ(FindAggregateFunctionInfo("topk")->name, "TOPK");
  EXPECT_EQ(FindAggregateFunctionInfo("ucase"), nullptr);
}

}  // namespace
}  // namespace riffle
