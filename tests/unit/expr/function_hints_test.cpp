// What an unknown function's error suggests: another dialect's name gets riffle's equivalent,
// anything else the closest known spelling.

#include "core/expr/function_hints.h"

#include <gtest/gtest.h>

#include <regex>

#include "core/expr/function_registry.h"
#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

bool IsKnownFunction(const std::string& name) {
  if (FunctionRegistry::Get().Find(name) != nullptr) return true;
  return IsAggregateFunctionName(name);
}

TEST(FunctionHints, CommonSqlNamesGetRifflesEquivalent) {
  EXPECT_EQ(UnknownFunctionHint("upper"), "riffle (like ksqlDB) calls it UCASE");
  EXPECT_EQ(UnknownFunctionHint("LENGTH"), "riffle (like ksqlDB) calls it LEN");
  EXPECT_EQ(UnknownFunctionHint("Char_Length"), "riffle (like ksqlDB) calls it LEN");
  EXPECT_NE(UnknownFunctionHint("NOW").find("UNIX_TIMESTAMP()"), std::string::npos);
  EXPECT_NE(UnknownFunctionHint("if").find("CASE WHEN"), std::string::npos);
}

TEST(FunctionHints, OtherNamesGetTheClosestSpelling) {
  EXPECT_EQ(UnknownFunctionHint("SUBSTRIN"), "did you mean SUBSTRING?");
  EXPECT_EQ(UnknownFunctionHint("COUNTT"), "did you mean COUNT?");  // aggregates too
  EXPECT_EQ(UnknownFunctionHint("XYZZYQ"), "SHOW FUNCTIONS lists them");
}

// A foreign name riffle has since gained would hide the real function's own errors; and every
// function a hint names must exist.
TEST(FunctionHints, ForeignNamesAreUnknownAndHintsNameRealFunctions) {
  const std::regex kCall(R"(\b([A-Z][A-Z0-9_]+)\()");
  const std::regex kCalls(R"(calls it ([A-Z][A-Z0-9_]+))");
  for (const std::string& name : ForeignFunctionNames()) {
    EXPECT_FALSE(IsKnownFunction(name)) << name << " is a riffle function now";
    std::string hint = UnknownFunctionHint(name);
    int named = 0;
    for (const std::regex* re : {&kCall, &kCalls}) {
      for (auto it = std::sregex_iterator(hint.begin(), hint.end(), *re);
           it != std::sregex_iterator(); ++it) {
        std::string target = (*it)[1].str();
        if (target == "CAST" || target == "CASE") continue;  // syntax, not functions
        EXPECT_TRUE(IsKnownFunction(target)) << name << "'s hint names " << target;
        ++named;
      }
    }
    if (hint.find("CAST(") == std::string::npos && hint.find("CASE ") == std::string::npos &&
        hint.find("LIKE") == std::string::npos && hint.find('%') == std::string::npos) {
      EXPECT_GT(named, 0) << name << "'s hint names no function: " << hint;
    }
  }
}

TEST(FunctionHints, TheBindErrorCarriesTheHint) {
  testing::ExprFixture f;
  f.Column("S", Type::String(), {Value::String("abc")});
  RiffleError e = f.BindError("UPPER(S)");
  EXPECT_EQ(e.message(), "Can't find any functions with the name 'UPPER'");
  EXPECT_EQ(e.suggestion(), "riffle (like ksqlDB) calls it UCASE");
}

// Not a function, but the same kind of mistake: another dialect's field access on a STRUCT.
TEST(FunctionHints, DottedFieldOfAStructColumnSuggestsTheArrow) {
  testing::ExprFixture f;
  f.Column("CUSTOMER", Type::Struct({{"NAME", Type::String()}}), {Value::List({Value::String("a")})});
  RiffleError e = f.BindError("customer.name");
  EXPECT_EQ(e.message(), "'CUSTOMER' is not a valid stream/table name or alias.");
  EXPECT_EQ(e.suggestion(), "CUSTOMER is a STRUCT column: write CUSTOMER->NAME for its field");
  EXPECT_EQ(f.Show("customer->name"), "a");
}

}  // namespace
}  // namespace riffle
