// PARTITION BY: which expressions become the result's key and what they are called. The
// projection (query_plan.cpp) then makes the select items equal to them the key columns, and
// the sink writes records under that key, so Kafka partitions by it. riffle runs a query in
// one process, so no repartition topic is needed.
#include <functional>
#include <set>

#include "core/common/text.h"
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

// Whether every column `e` reads passes `is_key` (lambda parameters are not columns).
bool ReadsOnly(const Expr& e, const std::function<bool(const Expr&)>& is_key,
               std::set<std::string> lambda_params = {}) {
  if (e.kind == ExprKind::kColumnRef) {
    if (e.qualifier.empty() && lambda_params.count(AsciiUpper(e.name))) return true;
    return is_key(e);
  }
  if (e.kind == ExprKind::kLambda) {
    for (const auto& p : e.lambda_params) lambda_params.insert(AsciiUpper(p));
  }
  for (const auto& a : e.args) {
    if (a && !ReadsOnly(*a, is_key, lambda_params)) return false;
  }
  return true;
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

PartitionInput SingleSourcePartitionInput(const Scope& scope, const Schema& schema,
                                          const std::string& alias, const std::string& source) {
  return PartitionInput{
      .scope = scope,
      .normalize = [alias, source](Expr& e) { StripQualifiers(e, alias, source); },
      .display =
          [&schema, alias](const Expr& plain) {
            ExprPtr shown = plain.Clone();
            Qualify(*shown, schema, alias);
            return shown->ToString();
          },
      .column = [&schema](const Expr& plain) -> std::pair<std::string, int> {
        if (plain.kind != ExprKind::kColumnRef) return {"", -1};
        return {plain.name, schema.Find(plain.name)};
      },
      .taken = ColumnNames(schema),
      .is_key_column = [&schema](const Expr& ref) {
        int c = schema.Find(ref.name);
        return ref.qualifier.empty() && c >= 0 && schema[c].role == ColumnRole::kKey;
      }};
}

PartitionKeys AnalyzePartitionBy(const Query& q, const PartitionInput& input) {
  PartitionKeys keys;
  keys.normalize = input.normalize;
  if (q.partition_by.size() == 1 && IsNullLiteral(*q.partition_by[0])) return keys;
  Scope clause_scope = input.scope;
  clause_scope.set_clause("PARTITION BY");
  std::set<std::string> seen;
  ColumnAliasGenerator generated_names(input.taken);
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
    input.normalize(*plain);
    std::string text = plain->ToString();
    if (!seen.insert(text).second) {
      ThrowBind(p->pos, "Duplicate PARTITION BY expression: " + p->ToString());
    }
    keys.exprs.push_back(p.get());
    keys.texts.push_back(text);
    keys.display.push_back(input.display(*plain));
    auto [column_name, column] = input.column(*plain);
    keys.columns.push_back(column);
    keys.from_key.push_back(input.is_key_column && ReadsOnly(*plain, input.is_key_column));
    // A column keeps its name; anything else is named as ksqlDB names a new column.
    keys.names.push_back(!column_name.empty() ? column_name
                                              : generated_names.UniqueAliasFor(*plain));
  }
  return keys;
}

bool RepartitionNeeded(const std::vector<ExprPtr>& partition_by, const Schema& schema,
                       const std::string& alias, const std::string& source) {
  std::vector<int> keys = schema.KeyIndexes();
  if (keys.size() != 1 || partition_by.size() != 1) return true;
  ExprPtr plain = partition_by[0]->Clone();
  StripQualifiers(*plain, alias, source);
  return plain->kind != ExprKind::kColumnRef || !plain->qualifier.empty() ||
         schema.Find(plain->name) != keys[0];
}

void CheckRepartitionAllowed(const Query& q, const Schema& schema, bool is_table, bool windowed,
                             const std::string& alias, const std::string& source) {
  if (!RepartitionNeeded(q.partition_by, schema, alias, source)) return;
  SourcePos pos = q.partition_by[0]->pos;
  if (is_table) {
    std::vector<int> keys = schema.KeyIndexes();
    if (keys.size() > 1) {
      ThrowBind(pos, "Cannot repartition a TABLE source. If this is a join, joins on tables "
                     "with multiple columns is not yet supported.");
    }
    std::string list;
    for (const ExprPtr& p : q.partition_by) {
      ExprPtr plain = p->Clone();
      StripQualifiers(*plain, alias, source);
      list += (list.empty() ? "" : ", ") + plain->ToString();
    }
    std::string key = keys.empty() ? "" : schema[keys[0]].name;
    ThrowBind(pos, "Cannot repartition a TABLE source. If this is a join, make sure that the "
                   "criteria uses the TABLE's key column " + key + " instead of [" + list + "]");
  }
  if (windowed) {
    ThrowBind(pos, "Implicit repartitioning of windowed sources is not supported. See "
                   "https://github.com/confluentinc/ksql/issues/4385.");
  }
}

int PartitionRank(const PartitionKeys& keys, const Expr& item) {
  ExprPtr plain = item.Clone();
  keys.normalize(*plain);
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
