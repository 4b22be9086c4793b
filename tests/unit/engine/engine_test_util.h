#pragma once
// Helpers for operator tests: hand-built batches over a (K STRING, V INT) schema, expressions
// bound against it, and compact renderings of an operator's output rows.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/binder.h"
#include "core/expr/scope.h"
#include "core/sql/parser.h"

namespace riffle::testing {

struct TestRow {
  std::string k;
  Value v;
  int64_t ts = 0;
  RowKind kind = RowKind::kInsert;
  int32_t partition = 0;
};

// A batch with columns K (STRING) and V (INT).
inline Batch MakeBatch(const std::vector<TestRow>& rows) {
  Batch b;
  b.Reset(2);
  int64_t offset = 0;
  for (const TestRow& r : rows) {
    b.AddRowMeta(r.kind, r.ts, r.partition, offset++);
    b.columns[0].push_back(r.k.empty() ? Value() : Value::String(r.k));
    b.columns[1].push_back(r.v);
  }
  return b;
}

inline Scope KvScope() {
  Scope scope;
  scope.AddColumn("T", "K", Type::String(), 0);
  scope.AddColumn("T", "V", Type::Int(), 1);
  return scope;
}

inline CompiledExprPtr BindKv(const std::string& text) {
  return BindExpression(*ParseExpression(text), KvScope());
}

inline const char* KindName(RowKind k) {
  switch (k) {
    case RowKind::kInsert: return "+I";
    case RowKind::kUpdateBefore: return "-U";
    case RowKind::kUpdateAfter: return "+U";
    case RowKind::kDelete: return "-D";
  }
  return "?";
}

// One line per row: "<kind> <col0> <col1> ... @<rowtime>", values in a plain rendering.
inline std::string Render(const Value& v) {
  if (v.is_null()) return "null";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_string()) return v.as_string();
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_double()) return DoubleToString(v.as_double());
  if (v.is_decimal()) return v.as_decimal().ToString();
  if (v.is_list()) {
    std::string s = "[";
    for (size_t i = 0; i < v.as_list().size(); ++i) {
      if (i > 0) s += ',';
      s += Render(v.as_list()[i]);
    }
    return s + "]";
  }
  return "?";
}

inline std::vector<std::string> Rows(const Batch& b) {
  std::vector<std::string> out;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    std::string line = KindName(b.kinds[r]);
    for (const auto& col : b.columns) {
      line += ' ';
      line += Render(col[r]);
    }
    out.push_back(line + " @" + std::to_string(b.rowtime[r]));
  }
  return out;
}

}  // namespace riffle::testing
