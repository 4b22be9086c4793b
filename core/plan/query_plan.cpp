#include "core/plan/query_plan.h"

#include <set>

#include "core/exec/filter.h"
#include "core/exec/project.h"
#include "core/expr/binder.h"
#include "core/expr/scope.h"

namespace riffle {

SourceInfo RequireSource(const Catalog& catalog, const std::string& name, SourcePos pos) {
  if (auto s = catalog.GetSource(name)) return *s;
  std::vector<std::string> names;
  for (const auto& s : catalog.ListSources()) names.push_back(s.name);
  std::string hint = ClosestMatch(name, names);
  ThrowBind(pos, name + " does not exist.", hint.empty() ? "" : "did you mean " + hint + "?");
}

namespace {

// ksqlDB's name for a select item without an alias.
std::string ItemName(const Expr& e, int& generated) {
  if (e.kind == ExprKind::kColumnRef) return e.name;
  if (e.kind == ExprKind::kDereference) return e.name;
  return "KSQL_COL_" + std::to_string(generated++);
}

void CheckNoAggregates(const Query& q) {
  if (!q.group_by.empty()) {
    ThrowBind(q.group_by[0]->pos, "GROUP BY is not supported yet.");
  }
  if (q.window) ThrowBind(q.window->pos, "WINDOW is not supported yet.");
  if (!q.joins.empty()) ThrowBind(q.joins[0].right.pos, "JOIN is not supported yet.");
  if (!q.partition_by.empty()) {
    ThrowBind(q.partition_by[0]->pos, "PARTITION BY is not supported yet.");
  }
  if (q.having) ThrowBind(q.having->pos, "HAVING requires GROUP BY.");
}

}  // namespace

QueryPlan PlanQuery(const Query& query, const Catalog& catalog) {
  CheckNoAggregates(query);
  QueryPlan plan;
  plan.source = RequireSource(catalog, query.from.source, query.from.pos);
  plan.layout = MakeSourceLayout(plan.source);
  plan.limit = query.limit;

  Scope scope;
  std::string alias = query.from.alias.empty() ? plan.source.name : query.from.alias;
  scope.AddSchema(alias, plan.layout.schema, 0);
  if (!query.from.alias.empty() && query.from.alias != plan.source.name) {
    // ksqlDB accepts both the alias and the source name as qualifiers.
  }

  if (query.where) {
    CompiledExprPtr predicate = BindExpression(*query.where, scope);
    if (predicate->type()->kind != TypeKind::kBoolean) {
      ThrowType(query.where->pos, "WHERE clause must be BOOLEAN, but was " +
                                      predicate->type()->ToSqlString() + ".");
    }
    plan.operators.push_back(
        std::make_unique<FilterOperator>(std::move(predicate), query.where->ToString()));
  }

  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  std::set<std::string> seen;
  int generated = 0;
  const Schema& schema = plan.layout.schema;
  for (const SelectItem& item : query.select) {
    if (item.expr->kind == ExprKind::kStar) {
      for (size_t i = 0; i < schema.size(); ++i) {
        Expr ref;
        ref.kind = ExprKind::kColumnRef;
        ref.name = schema[i].name;
        ref.qualifier = alias;
        ref.pos = item.expr->pos;
        exprs.push_back(BindExpression(ref, scope));
        names.push_back(schema[i].name);
        plan.output_roles.push_back(schema[i].role);
      }
      continue;
    }
    exprs.push_back(BindExpression(*item.expr, scope));
    std::string name = item.alias.empty() ? ItemName(*item.expr, generated) : item.alias;
    names.push_back(name);
    ColumnRole role = ColumnRole::kValue;
    if (item.expr->kind == ExprKind::kColumnRef) {
      int idx = schema.Find(item.expr->name);
      if (idx >= 0 && schema[idx].role == ColumnRole::kKey) role = ColumnRole::kKey;
    }
    plan.output_roles.push_back(role);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      ThrowBind(query.select[std::min(i, query.select.size() - 1)].expr->pos,
                "Duplicate column name '" + names[i] + "' in the select list.",
                "give one of them an alias with AS");
    }
    plan.output.push_back({names[i], exprs[i]->type()});
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  return plan;
}

std::vector<std::string> QueryPlan::Describe() const {
  std::vector<std::string> lines;
  lines.push_back("Source " + source.name + " (topic " + source.topic + ", " +
                  layout.key_format.name + " key, " + layout.value_format.name + " value)");
  for (const auto& op : operators) lines.push_back(op->Describe());
  if (limit) lines.push_back("Limit " + std::to_string(*limit));
  return lines;
}

}  // namespace riffle
