// PARTITION BY: which expressions become the result's key and what they are called. The
// projection (query_plan.cpp) then makes the select items equal to them the key columns, and
// the sink writes records under that key, so Kafka partitions by it. riffle runs a query in
// one process, so no repartition topic is needed.
#include <set>

#include "core/expr/binder.h"
#include "core/expr/function_registry.h"
#include "core/plan/query_plan.h"

namespace riffle {

namespace {

bool IsNullLiteral(const Expr& e) {
  return e.kind == ExprKind::kLiteral && e.literal.is_null() &&
         (!e.literal_type || e.literal_type->kind == TypeKind::kNull);
}

const Expr* FindAggregate(const Expr& e) {
  if (e.kind == ExprKind::kFunction && IsAggregateFunctionName(e.name)) return &e;
  for (const auto& a : e.args) {
    if (!a) continue;
    if (const Expr* f = FindAggregate(*a)) return f;
  }
  return nullptr;
}

// ksqlDB prints partitioning expressions with their columns qualified by the source.
void Qualify(Expr& e, const Schema& schema, const std::string& alias) {
  if (e.kind == ExprKind::kColumnRef && e.qualifier.empty() && schema.Find(e.name) >= 0) {
    e.qualifier = alias;
  }
  if (e.kind == ExprKind::kLambda) return;  // its parameters are not columns
  for (auto& a : e.args) {
    if (a) Qualify(*a, schema, alias);
  }
}

}  // namespace

PartitionKeys AnalyzePartitionBy(const Query& q, const Scope& scope, const Schema& schema,
                                 const std::string& alias, const std::string& source) {
  PartitionKeys keys;
  if (q.partition_by.size() == 1 && IsNullLiteral(*q.partition_by[0])) return keys;
  Scope clause_scope = scope;
  clause_scope.set_clause("PARTITION BY");
  std::set<std::string> seen;
  int generated = 0;
  for (const ExprPtr& p : q.partition_by) {
    if (IsNullLiteral(*p)) {
      ThrowBind(p->pos, "Cannot PARTITION BY multiple columns including NULL");
    }
    if (const Expr* agg = FindAggregate(*p)) {
      ThrowBind(agg->pos, "PARTITION BY does not support aggregate functions: " + agg->name +
                              " is an aggregate function.");
    }
    BindExpression(*p, clause_scope);  // resolves names and types, or throws
    ExprPtr plain = p->Clone();
    StripQualifiers(*plain, alias, source);
    std::string text = plain->ToString();
    if (!seen.insert(text).second) {
      ThrowBind(p->pos, "Duplicate PARTITION BY expression: " + p->ToString());
    }
    ExprPtr shown = plain->Clone();
    Qualify(*shown, schema, alias);
    keys.exprs.push_back(p.get());
    keys.texts.push_back(text);
    keys.display.push_back(shown->ToString());
    bool column = plain->kind == ExprKind::kColumnRef;
    keys.columns.push_back(column ? schema.Find(plain->name) : -1);
    keys.names.push_back(column || plain->kind == ExprKind::kDereference
                             ? plain->name
                             : "KSQL_COL_" + std::to_string(generated++));
  }
  return keys;
}

int PartitionRank(const PartitionKeys& keys, const Expr& item, const std::string& alias,
                  const std::string& source) {
  ExprPtr plain = item.Clone();
  StripQualifiers(*plain, alias, source);
  std::string text = plain->ToString();
  for (size_t i = 0; i < keys.texts.size(); ++i) {
    if (keys.texts[i] == text) return static_cast<int>(i);
  }
  return -1;
}

void ExpandPartitionedStar(const PartitionKeys& keys, const Scope& scope, const std::string& alias,
                           SourcePos pos, std::vector<CompiledExprPtr>& exprs,
                           std::vector<std::string>& names, QueryPlan& plan) {
  for (size_t i = 0; i < keys.exprs.size(); ++i) {
    exprs.push_back(BindExpression(*keys.exprs[i], scope));
    names.push_back(keys.names[i]);
    plan.output_roles.push_back(ColumnRole::kKey);
    plan.key_rank.push_back(static_cast<int>(i));
  }
  const Schema& schema = plan.layout.schema;
  std::set<int> keyed(keys.columns.begin(), keys.columns.end());
  for (ColumnRole pass : {ColumnRole::kValue, ColumnRole::kKey}) {
    for (size_t c = 0; c < schema.size(); ++c) {
      bool is_key = schema[c].role == ColumnRole::kKey;
      if (is_key != (pass == ColumnRole::kKey) || keyed.count(static_cast<int>(c))) continue;
      Expr ref;
      ref.kind = ExprKind::kColumnRef;
      ref.name = schema[c].name;
      ref.qualifier = alias;
      ref.pos = pos;
      exprs.push_back(BindExpression(ref, scope));
      names.push_back(schema[c].name);
      plan.output_roles.push_back(is_key ? ColumnRole::kValue : schema[c].role);  // headers stay
      plan.key_rank.push_back(-1);
    }
  }
}

}  // namespace riffle
