// Expressions as deep as the nesting limit allows go through every recursive stage of core
// (parse, bind with constant folding, evaluate, print, clone, destroy) within a stack budget:
// half of a thread's default 8 MiB, measured, so the limit leaves room for the stack below.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/common/nesting.h"
#include "tests/unit/expr/expr_test_util.h"
#include "tests/unit/stack_probe.h"

namespace riffle {
namespace {

constexpr size_t kBudget = 4u << 20;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The deepest expressions of each shape that the parser accepts.
std::vector<std::pair<std::string, std::string>> DeepestExpressions() {
  const int n = kMaxNestingDepth;
  std::string lambdas = "T.A";
  // A call and its lambda are two levels.
  for (int i = 0; i < n / 2 - 1; ++i) {
    lambdas = "TRANSFORM(ARRAY[T.A], x" + std::to_string(i) + " => " + lambdas + ")";
  }
  lambdas = "ARRAY_LENGTH(" + lambdas + ")";
  return {
      {"left-deep sum", "T.A" + Repeat(" + T.A", n - 1)},
      {"right-deep sum in parentheses", Repeat("(T.A + ", n - 1) + "T.A" + Repeat(")", n - 1)},
      {"nested calls", Repeat("ABS(", n - 1) + "T.A" + Repeat(")", n - 1)},
      {"nested lambdas", lambdas},
      // The innermost WHEN (T.A > 0) is two levels.
      {"nested CASE", Repeat("CASE WHEN T.A > 0 THEN ", n - 2) + "T.A" + Repeat(" END", n - 2)},
      {"NOT chain", Repeat("NOT ", n - 2) + "(T.A > 0)"},
      {"AND chain", "T.A > 0" + Repeat(" AND T.A > 0", n / 2 - 1)},
      {"nested ARRAY constructors",
       "ARRAY_LENGTH(" + Repeat("ARRAY[", n - 2) + "T.A" + Repeat("]", n - 2) + ")"},
      {"nested STRUCT constructors", Repeat("STRUCT(f := ", n - 1) + "T.A" + Repeat(")", n - 1)},
      {"constant folding", Repeat("ABS(", n - 2) + "-1" + Repeat(")", n - 2)},
  };
}

TEST(NestingStackTest, DeepestExpressionsFitTheStack) {
  for (const auto& [name, text] : DeepestExpressions()) {
    size_t used = testing::StackUsed([&text = text] {
      testing::ExprFixture f;
      f.Column("A", Type::Int(), {Value::Int(1), Value::Int(2)});
      ExprPtr parsed = ParseExpression(text);
      ExprPtr copy = parsed->Clone();
      std::string printed = copy->ToString();
      CompiledExprPtr bound = BindExpression(*parsed, f.scope());
      std::vector<Value> out;
      bound->Eval(f.batch(), out, f.ctx());
      ASSERT_EQ(out.size(), 2u);
      ValueToDisplayString(out[0], *bound->type());
    });
    std::printf("%-32s %7zu KiB of stack\n", name.c_str(), used >> 10);
    EXPECT_LT(used, kBudget) << name;
  }
}

TEST(NestingStackTest, OneLevelMoreIsAParseError) {
  for (const auto& [name, text] : DeepestExpressions()) {
    // One more level on top of each shape.
    try {
      ParseExpression("ABS(" + text + ")");
      if (name != "AND chain") ADD_FAILURE() << name << ": no error";
    } catch (const RiffleError& e) {
      EXPECT_EQ(e.message(), "expression nested too deeply (limit 1000)") << name;
    }
  }
}

}  // namespace
}  // namespace riffle
