#pragma once
// The one limit on how deeply anything a user gives riffle may nest: parenthesised and nested
// expressions, operator chains (a + b + c ...), lambdas, types (ARRAY<ARRAY<...>>) and the
// schemas that become types. Every stage that walks such a tree does so recursively (binder,
// evaluator, printing, schema conversion, destructors), so an unbounded tree would end the
// process with a stack overflow, taking every background job with it. The parser refuses
// deeper statements with a positioned error; stages that build trees from elsewhere (registered
// Avro/Protobuf/JSON schemas, inferred JSON, types derived by the binder) check the same limit,
// so a later recursive walk always has a bounded stack.
//
// 1000 is DuckDB's max_expression_depth. At that depth, parsing, binding, evaluating, printing
// and freeing the deepest expressions of each shape use at most 1.3 MiB of stack in the
// optimised build and 2.6 MiB in the unoptimised ASan one, of a thread's 8 MiB
// (tests/unit/expr/nesting_stack_test.cpp measures it); the recursive functions keep their
// frames small for that (see ParsePredicate and BindUnary).

#include <string>

#include "core/common/error.h"

namespace riffle {

inline constexpr int kMaxNestingDepth = 1000;

// "expression nested too deeply (limit 1000)": the message every stage uses, `what` naming the
// tree ("expression", "type", "Avro schema", ...).
std::string NestingMessage(const std::string& what);

// Counts the levels of recursion on this thread; one guard per recursive call of a walk over a
// user's tree. Thread-local, so nested walks on one stack (a type inside an expression) add up
// and walks on other threads (jobs) do not interfere.
class NestingGuard {
 public:
  // Enters one level. Throws RiffleError(kind, NestingMessage(what), pos) when the thread is
  // already kMaxNestingDepth levels deep (the level is then not entered).
  NestingGuard(ErrorKind kind, const char* what, SourcePos pos = {});
  ~NestingGuard();
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

  // Levels entered on this thread (for tests).
  static int Depth();
};

}  // namespace riffle
