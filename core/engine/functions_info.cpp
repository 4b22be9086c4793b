// SHOW FUNCTIONS and DESCRIBE FUNCTION, read from the scalar function registry.
#include "core/engine/engine_impl.h"
#include "core/expr/function_hints.h"
#include "core/expr/function_registry.h"

namespace riffle {

void EngineImpl::ShowFunctions(ResultSink& sink) {
  std::vector<std::vector<Value>> rows;
  for (const ScalarFunction* fn : FunctionRegistry::Get().All()) {
    rows.push_back({Value::String(fn->name), Value::String(fn->category)});
  }
  sink.Table({{"Function Name", Type::String()}, {"Category", Type::String()}}, rows);
}

void EngineImpl::DescribeFunction(const DescribeStmt& s, ResultSink& sink) {
  const ScalarFunction* fn = FunctionRegistry::Get().Find(s.name);
  if (fn == nullptr) {
    ThrowBind(s.name_pos, "Can't find any functions with the name '" + s.name + "'",
              UnknownFunctionHint(s.name));
  }
  std::vector<std::vector<Value>> rows = {
      {Value::String("Name"), Value::String(fn->name)},
      {Value::String("Category"), Value::String(fn->category)},
      {Value::String("Description"), Value::String(fn->description)},
  };
  for (const std::string& sig : fn->signatures) {
    rows.push_back({Value::String("Signature"), Value::String(sig)});
  }
  sink.Table({{"Property", Type::String()}, {"Value", Type::String()}}, rows);
}

}  // namespace riffle
