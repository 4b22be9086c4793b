#include "core/plan/query_plan.h"

#include <set>

#include "core/common/text.h"
#include "core/exec/changelog_filter.h"
#include "core/exec/drop_null_keys.h"
#include "core/exec/filter.h"
#include "core/exec/project.h"
#include "core/exec/rekey.h"
#include "core/exec/table_function.h"
#include "core/exec/table_materialize.h"
#include "core/expr/binder.h"
#include "core/expr/function_registry.h"
#include "core/expr/scope.h"
#include "core/plan/join_plan.h"
#include "core/plan/read_columns.h"
#include "core/sql/identifier.h"

namespace riffle {

SourceInfo RequireSource(const Catalog& catalog, const std::string& name, SourcePos pos) {
  if (auto s = catalog.GetSource(name)) return *s;
  std::vector<std::string> names;
  for (const auto& s : catalog.ListSources()) names.push_back(s.name);
  std::string hint = ClosestMatch(name, names);
  throw UnknownSourceError(name, pos, hint.empty() ? "" : "did you mean " + hint + "?");
}

std::string TopicSourceName(const std::string& topic) {
  std::string upper = AsciiUpper(topic);
  return FormatIdentifier(upper) == upper ? upper : topic;
}

SourceInfo ResolveRelation(const Relation& relation, const Catalog& catalog,
                           const PlanOptions& options) {
  if (!relation.topic) return RequireSource(catalog, relation.source, relation.pos);
  if (options.topics != nullptr) {
    auto it = options.topics->find(relation.source);
    if (it != options.topics->end()) return it->second;
  }
  // A persistent query is planned again on every restart: its sources must not change with
  // what a topic holds then.
  ThrowBind(relation.pos,
            "A quoted topic name ('" + relation.source + "') reads an undeclared topic in a "
            "SELECT only; a persistent query reads declared streams and tables.",
            "declare it first: CREATE STREAM " + FormatIdentifier(TopicSourceName(relation.source)) +
                " WITH (KAFKA_TOPIC='" + relation.source +
                "', VALUE_FORMAT='JSON'); infers its columns from a JSON topic's records");
}

std::string SelectItemName(const Expr& e, ColumnAliasGenerator& aliases) {
  if (e.kind == ExprKind::kColumnRef) return e.name;
  return aliases.UniqueAliasFor(e);
}

std::vector<std::string> ColumnNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const ColumnDef& c : schema.columns()) names.push_back(c.name);
  return names;
}

CompiledExprPtr BindWhere(const Expr& where, Scope& scope) {
  scope.set_clause("WHERE");
  try {
    CompiledExprPtr predicate = BindExpression(where, scope);
    scope.set_clause("");
    return predicate;
  } catch (const RiffleError& e) {
    scope.set_clause("");
    if (e.kind() != ErrorKind::kType) throw;
    throw RiffleError(ErrorKind::kType,
                      "Error in WHERE expression: " + e.message() + "\nStatement: " +
                          where.ToString(),
                      e.pos(), e.suggestion());
  }
}

bool ContainsAggregate(const Expr& e) {
  if (e.kind == ExprKind::kFunction && IsAggregateFunctionName(e.name)) return true;
  for (const auto& a : e.args) {
    if (a && ContainsAggregate(*a)) return true;
  }
  return false;
}

namespace {

// The first WINDOWSTART/WINDOWEND reference in `e` that is not a real column, or "".
std::string WindowBoundIn(const Expr& e, const Schema& schema) {
  if (e.kind == ExprKind::kColumnRef && schema.Find(e.name) < 0) {
    std::string n = e.name;
    AsciiUpperInPlace(n);
    if (n == "WINDOWSTART" || n == "WINDOWEND") return n;
  }
  for (const auto& a : e.args) {
    if (!a) continue;
    std::string found = WindowBoundIn(*a, schema);
    if (!found.empty()) return found;
  }
  return "";
}

void CheckSupported(const Query& q) {
  if (!q.partition_by.empty() && !q.group_by.empty()) {
    ThrowBind(q.partition_by[0]->pos, "Queries only support one of PARTITION BY and GROUP BY");
  }
}

// The table function calls of the select list (EXPLODE(A) in EXPLODE(A)->F too), in order.
void CollectTableFunctions(const Expr& e, std::vector<const Expr*>& calls) {
  if (e.kind == ExprKind::kFunction) {
    const ScalarFunction* fn = FunctionRegistry::Get().Find(e.name);
    if (fn != nullptr && fn->table_eval != nullptr) {
      calls.push_back(&e);
      return;
    }
  }
  for (const auto& a : e.args) {
    if (a) CollectTableFunctions(*a, calls);
  }
}

// Adds the operator that expands rows by the table functions `calls`, and makes each call's
// text resolve to the column holding its values in `scope`.
void PlanTableFunctions(const std::vector<const Expr*>& calls, Scope& scope, QueryPlan& plan) {
  std::vector<TableFunctionCall> bound;
  std::set<std::string> seen;
  int column = static_cast<int>(plan.layout.batch_width());
  for (const Expr* e : calls) {
    std::string text = e->ToString();
    if (!seen.insert(text).second) continue;  // EXPLODE(A) twice is one column read twice
    TableFunctionCall call;
    call.fn = FunctionRegistry::Get().Find(e->name);
    call.text = text;
    std::vector<TypePtr> types;
    for (const auto& a : e->args) {
      call.args.push_back(BindExpression(*a, scope));
      types.push_back(call.args.back()->type());
    }
    TypePtr result = call.fn->resolve(call.fn->name, types, e->pos);
    call.call.arg_types = std::move(types);
    call.call.return_type = result;
    bound.push_back(std::move(call));
    scope.AddExpressionColumn(text, result, column++);
  }
  plan.operators.push_back(std::make_unique<TableFunctionOperator>(std::move(bound)));
}

// The stateless projection: one expression per select item, `*` expanded. With PARTITION BY
// (`partition`), the items equal to a partitioning expression are the key, any others values.
void PlanProjection(const Query& query, const Scope& scope, const std::string& alias,
                    const PlanOptions& options, const PartitionKeys* partition,
                    QueryPlan& plan) {
  bool windowed = plan.layout.window != SourceLayout::Window::kNone;
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  std::set<std::string> seen;
  const Schema& schema = plan.layout.schema;
  ColumnAliasGenerator aliases(ColumnNames(schema));
  for (const SelectItem& item : query.select) {
    // As ksqlDB's parser: `x.*` must name the source or its alias.
    const Expr& star = *item.expr;
    if (star.kind == ExprKind::kStar && star.args.empty() && !star.qualifier.empty() &&
        AsciiUpper(star.qualifier) != AsciiUpper(alias) &&
        AsciiUpper(star.qualifier) != AsciiUpper(plan.source.name)) {
      ThrowBind(star.pos, "'" + star.qualifier + "' is not a valid stream/table name or alias.");
    }
    if (item.expr->kind == ExprKind::kStar && !item.expr->args.empty()) {
      for (auto& [field, name] : ExpandStructStar(*item.expr, scope)) {
        exprs.push_back(BindExpression(*field, scope));
        names.push_back(name);
        if (partition != nullptr) {
          plan.key_rank.push_back(PartitionRank(*partition, *field));
          plan.output_roles.push_back(plan.key_rank.back() >= 0 ? ColumnRole::kKey
                                                                : ColumnRole::kValue);
        } else {
          plan.output_roles.push_back(ColumnRole::kValue);
        }
      }
      continue;
    }
    if (item.expr->kind == ExprKind::kStar && partition != nullptr) {
      ExpandPartitionedStar(*partition, scope, alias, item.expr->pos, exprs, names, plan);
      continue;
    }
    if (item.expr->kind == ExprKind::kStar) {
      std::vector<std::pair<std::string, ColumnRole>> star;
      for (int k : schema.KeyIndexes()) star.emplace_back(schema[k].name, ColumnRole::kKey);
      if (windowed && options.transient) {
        // Shown as key columns: the window is part of a windowed row's key.
        star.emplace_back("WINDOWSTART", ColumnRole::kKey);
        star.emplace_back("WINDOWEND", ColumnRole::kKey);
      }
      for (size_t i = 0; i < schema.size(); ++i) {
        if (schema[i].role != ColumnRole::kKey) star.emplace_back(schema[i].name, schema[i].role);
      }
      // Keys keep their declaration order among all columns when no window is shown.
      if (!(windowed && options.transient)) {
        star.clear();
        for (size_t i = 0; i < schema.size(); ++i) star.emplace_back(schema[i].name, schema[i].role);
      }
      for (const auto& [name, role] : star) {
        Expr ref;
        ref.kind = ExprKind::kColumnRef;
        ref.name = name;
        ref.qualifier = alias;
        ref.pos = item.expr->pos;
        exprs.push_back(BindExpression(ref, scope));
        names.push_back(name);
        plan.output_roles.push_back(role);
      }
      continue;
    }
    exprs.push_back(BindExpression(*item.expr, scope));
    std::string name = item.alias.empty() ? SelectItemName(*item.expr, aliases) : item.alias;
    names.push_back(name);
    ColumnRole role = ColumnRole::kValue;
    if (partition != nullptr) {
      int rank = PartitionRank(*partition, *item.expr);
      plan.key_rank.push_back(rank);
      plan.output_roles.push_back(rank >= 0 ? ColumnRole::kKey : ColumnRole::kValue);
      continue;
    }
    if (item.expr->kind == ExprKind::kColumnRef) {
      int idx = schema.Find(item.expr->name);
      if (idx >= 0 && schema[idx].role == ColumnRole::kKey) role = ColumnRole::kKey;
      // A transient query shows a windowed row's bounds as part of its key.
      std::string n = item.expr->name;
      AsciiUpperInPlace(n);
      if (idx < 0 && windowed && options.transient && (n == "WINDOWSTART" || n == "WINDOWEND")) {
        role = ColumnRole::kKey;
      }
    }
    plan.output_roles.push_back(role);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      ThrowBind(query.select[std::min(i, query.select.size() - 1)].expr->pos,
                "Duplicate column name '" + names[i] + "' in the select list.",
                "give one of them an alias with AS");
    }
    plan.output.push_back({names[i], exprs[i]->type(), plan.output_roles[i] == ColumnRole::kKey});
  }
  // A windowed source's sink is windowed too: pass the window bounds through, hidden.
  if (windowed) {
    for (int i = 0; i < 2; ++i) {
      Expr ref;
      ref.kind = ExprKind::kColumnRef;
      ref.name = i == 0 ? "WINDOWSTART" : "WINDOWEND";
      ref.qualifier = alias;
      exprs.push_back(BindExpression(ref, scope));
      names.push_back(ref.name);
    }
    plan.hidden_columns = 2;
    WindowSpec spec;
    std::string type = plan.source.properties.count("WINDOW_TYPE")
                           ? plan.source.properties.at("WINDOW_TYPE")
                           : "";
    AsciiUpperInPlace(type);
    spec.kind = type == "SESSION"   ? WindowKind::kSession
                : type == "HOPPING" ? WindowKind::kHopping
                                    : WindowKind::kTumbling;
    spec.size_ms = plan.layout.window_size_ms;
    plan.window = spec;
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  if (partition != nullptr && plan.is_table) {
    // A table partitioned by its own key (CheckRepartitionAllowed) keeps its changelog as is.
    plan.partitioned = true;
    plan.group_by_text = partition->display;
  } else if (partition != nullptr) {
    std::vector<int> key_columns;
    std::vector<bool> from_key;
    for (size_t i = 0; i < plan.output_roles.size(); ++i) {
      if (plan.output_roles[i] != ColumnRole::kKey) continue;
      key_columns.push_back(static_cast<int>(i));
      int rank = i < plan.key_rank.size() ? plan.key_rank[i] : -1;
      from_key.push_back(rank >= 0 && partition->from_key[rank]);
    }
    std::string text;
    for (const std::string& t : partition->texts) text += (text.empty() ? "" : ", ") + t;
    plan.operators.push_back(std::make_unique<RekeyOperator>(
        std::move(key_columns), std::move(from_key), text.empty() ? "NULL" : text));
    plan.partitioned = true;
    plan.group_by_text = partition->display;
  }
}

}  // namespace

std::vector<std::pair<ExprPtr, std::string>> ExpandStructStar(const Expr& star,
                                                              const Scope& scope) {
  const Expr& base = *star.args.at(0);
  TypePtr type = BindExpression(base, scope)->type();
  if (type->kind != TypeKind::kStruct) {
    ThrowBind(star.pos, "Can not use '->*' on " + base.ToString() + ": it is " +
                            type->ToSqlString() + ", not a STRUCT.");
  }
  std::vector<std::pair<ExprPtr, std::string>> fields;
  for (const StructField& f : type->fields) {
    auto deref = std::make_unique<Expr>();
    deref->kind = ExprKind::kDereference;
    deref->name = f.name;
    deref->pos = star.pos;
    deref->args.push_back(base.Clone());
    fields.emplace_back(std::move(deref), f.name);
  }
  return fields;
}

bool IsAggregation(const Query& q) {
  if (!q.group_by.empty() || q.having) return true;
  for (const SelectItem& item : q.select) {
    if (item.expr && ContainsAggregate(*item.expr)) return true;
  }
  return false;
}

namespace {

// ksqlDB's LogicalPlanner, once the query is planned: only a windowed aggregation can hold its
// rows back until their window closes.
void CheckEmitFinal(const Query& query, const QueryPlan& plan, const PlanOptions& options) {
  if (query.emit == EmitKind::kFinal && !options.suppress_enabled) {
    ThrowBind(query.pos, "Suppression is currently disabled. You can enable it by setting "
                         "ksql.suppress.enabled to true");
  }
  if (query.emit == EmitKind::kFinal && !(plan.aggregates && query.window)) {
    ThrowBind(query.pos, "EMIT FINAL is only supported for windowed aggregations.");
  }
}

}  // namespace

QueryPlan PlanQuery(const Query& query, const Catalog& catalog, PlanOptions options) {
  CheckSupported(query);
  if (!query.joins.empty()) {
    QueryPlan plan = PlanJoinQuery(query, catalog, options);
    CheckEmitFinal(query, plan, options);
    return plan;
  }
  QueryPlan plan;
  plan.source = ResolveRelation(query.from, catalog, options);
  plan.layout = MakeSourceLayout(plan.source, options.schemas ? options.schemas : &catalog);
  MarkUnreadValueColumns(query, plan.layout);
  plan.limit = query.limit;
  plan.is_table = plan.source.is_table;
  bool aggregate = IsAggregation(query);
  if (query.window && !aggregate) {
    ThrowBind(query.window->pos, "WINDOW clause requires a GROUP BY clause.");
  }
  std::vector<const Expr*> table_calls;
  for (const SelectItem& item : query.select) CollectTableFunctions(*item.expr, table_calls);
  if (!table_calls.empty() && plan.source.is_table) {
    ThrowBind(query.from.pos, "Table source is not supported with table functions");
  }
  if (!table_calls.empty() && aggregate) {
    ThrowBind(table_calls[0]->pos, "Table functions cannot be used with aggregations.");
  }

  Scope scope;
  std::string alias = query.from.alias.empty() ? plan.source.name : query.from.alias;
  scope.AddSchema(alias, plan.layout.schema, 0);
  if (plan.layout.window != SourceLayout::Window::kNone) {
    // A windowed source's rows carry their window, after the schema's columns.
    int at = static_cast<int>(plan.layout.schema.size());
    for (const char* bound : {"WINDOWSTART", "WINDOWEND"}) {
      if (plan.layout.schema.Find(bound) < 0) scope.AddColumn(alias, bound, Type::Bigint(), at);
      ++at;
    }
  }
  if (alias != plan.source.name) scope.AddQualifierSynonym(alias, plan.source.name);

  if (!query.partition_by.empty()) {
    CheckRepartitionAllowed(query, plan.layout.schema, plan.source.is_table,
                            plan.layout.window != SourceLayout::Window::kNone, alias,
                            plan.source.name);
  }

  // An aggregation over a table retracts old rows, so it needs them: materialize the table.
  bool materialized = plan.source.is_table && aggregate;
  if (plan.source.is_table) {
    std::vector<int> keys = plan.layout.schema.KeyIndexes();
    plan.operators.push_back(std::make_unique<DropNullKeysOperator>(keys));
    if (materialized) {
      plan.operators.push_back(
          std::make_unique<TableMaterializeOperator>(keys, plan.layout.schema.size()));
    }
  }

  if (query.where) {
    // Window bounds exist only after a windowed aggregation, never in WHERE.
    std::string bound = plan.source.properties.count("WINDOW_TYPE")
                            ? ""
                            : WindowBoundIn(*query.where, plan.layout.schema);
    if (!bound.empty()) {
      // ksqlDB words it differently for a pull query (no EMIT) than for push and persistent ones.
      bool pull = options.transient && query.emit == EmitKind::kNone;
      ThrowBind(query.where->pos, pull ? "WHERE column '" + bound + "' cannot be resolved."
                                       : "Error in WHERE expression: Unknown column " + bound + ".");
    }
    CompiledExprPtr predicate = BindWhere(*query.where, scope);
    if (predicate->type()->kind != TypeKind::kBoolean) {
      ThrowType(query.where->pos, "WHERE clause must be BOOLEAN, but was " +
                                      predicate->type()->ToSqlString() + ".");
    }
    if (plan.source.is_table) {
      plan.operators.push_back(std::make_unique<ChangelogFilterOperator>(
          std::move(predicate), "Filter", query.where->ToString(), materialized));
    } else {
      plan.operators.push_back(
          std::make_unique<FilterOperator>(std::move(predicate), query.where->ToString()));
    }
  }

  // PARTITION BY is checked against the source; under GROUP BY the grouping decides the key.
  std::optional<PartitionKeys> partition;
  if (!query.partition_by.empty()) {
    partition = AnalyzePartitionBy(
        query, SingleSourcePartitionInput(scope, plan.layout.schema, alias, plan.source.name));
  }
  if (aggregate) {
    plan.aggregates = true;
    plan.is_table = true;
    PlanAggregation(query,
                    {.scope = scope,
                     .schema = plan.layout.schema,
                     .alias = alias,
                     .is_join = false,
                     .is_table = plan.source.is_table,
                     .allow_global = options.finite},
                    plan);
  } else {
    if (!table_calls.empty()) PlanTableFunctions(table_calls, scope, plan);
    scope.set_clause("SELECT");
    PlanProjection(query, scope, alias, options, partition ? &*partition : nullptr, plan);
  }
  CheckEmitFinal(query, plan, options);
  return plan;
}

namespace {

// "; decodes A; type-checks B" when the query leaves value columns unread.
std::string Decodes(const SourceLayout& layout) {
  std::string decoded = DescribeDecodedColumns(layout);
  return decoded.empty() ? "" : "; " + decoded;
}

}  // namespace

std::vector<std::string> QueryPlan::Describe() const {
  std::vector<std::string> lines;
  if (is_join()) {
    for (const auto& in : join_inputs) {
      lines.push_back("Source " + in.source.name + " AS " + in.alias + " (topic " +
                      in.source.topic + ", " + in.layout.key_format.name + " key, " +
                      in.layout.value_format.name + " value" + Decodes(in.layout) + ")");
      for (const auto& op : in.pre_ops) lines.push_back("  " + op->Describe());
    }
    for (const auto& j : joins) lines.push_back(j->Describe());
    for (const auto& op : operators) lines.push_back(op->Describe());
    if (limit) lines.push_back("Limit " + std::to_string(*limit));
    return lines;
  }
  lines.push_back("Source " + source.name + " (topic " +
                  source.topic + ", " + layout.key_format.name + " key, " +
                  layout.value_format.name + " value" + Decodes(layout) + ")");
  for (const auto& op : operators) lines.push_back(op->Describe());
  if (limit) lines.push_back("Limit " + std::to_string(*limit));
  return lines;
}

}  // namespace riffle
