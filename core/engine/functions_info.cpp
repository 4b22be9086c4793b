// SHOW FUNCTIONS and DESCRIBE FUNCTION: the scalar and table functions of the registry and the
// aggregates, as ksqlDB lists them (aggregates under the category AGGREGATE, table functions
// under TABLE; DESCRIBE says which type a function is and lists its variations).
#include <algorithm>

#include "core/engine/engine_impl.h"
#include "core/expr/aggregate_function_info.h"
#include "core/expr/function_hints.h"
#include "core/expr/function_registry.h"

namespace riffle {

namespace {

// ksqlDB's function types: SCALAR, AGGREGATE (a UDAF) or TABLE (a UDTF).
const char* FunctionType(const ScalarFunction& fn) {
  return fn.table_eval != nullptr ? "TABLE" : "SCALAR";
}

}  // namespace

void EngineImpl::ShowFunctions(ResultSink& sink) {
  std::vector<std::vector<Value>> rows;
  for (const ScalarFunction* fn : FunctionRegistry::Get().All()) {
    rows.push_back({Value::String(fn->name), Value::String(fn->category)});
  }
  for (const AggregateFunctionInfo& info : AggregateFunctionInfos()) {
    rows.push_back({Value::String(info.name), Value::String("AGGREGATE")});
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a[0].as_string() < b[0].as_string();
  });
  sink.Table({{"Function Name", Type::String()}, {"Category", Type::String()}}, rows);
}

void EngineImpl::DescribeFunction(const DescribeStmt& s, ResultSink& sink) {
  std::vector<std::vector<Value>> rows;
  auto add = [&rows](const char* property, const std::string& value) {
    rows.push_back({Value::String(property), Value::String(value)});
  };
  if (const ScalarFunction* fn = FunctionRegistry::Get().Find(s.name)) {
    add("Name", fn->name);
    add("Category", fn->category);
    add("Type", FunctionType(*fn));
    add("Description", fn->description);
    for (const std::string& sig : fn->signatures) add("Signature", sig);
  } else if (const AggregateFunctionInfo* info = FindAggregateFunctionInfo(s.name)) {
    add("Name", info->name);
    add("Category", "AGGREGATE");
    add("Type", "AGGREGATE");
    add("Description", info->description);
    for (const std::string& sig : info->signatures) add("Signature", sig);
  } else {
    ThrowBind(s.name_pos, "Can't find any functions with the name '" + s.name + "'",
              UnknownFunctionHint(s.name));
  }
  sink.Table({{"Property", Type::String()}, {"Value", Type::String()}}, rows);
}

}  // namespace riffle
