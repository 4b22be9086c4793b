// The GROUP BY part of the planner: aggregate extraction, ksqlDB's validation rules and error
// messages, the aggregation operator, HAVING and the final projection over the aggregated rows.
#include <algorithm>
#include <map>
#include <set>

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/exec/aggregate_operator.h"
#include "core/exec/changelog_filter.h"
#include "core/exec/project.h"
#include "core/expr/binder.h"
#include "core/expr/function_hints.h"
#include "core/expr/function_registry.h"
#include "core/expr/scope.h"
#include "core/plan/query_plan.h"

namespace riffle {

namespace {

bool IsWindowBound(const Expr& e, const Schema& schema) {
  if (e.kind != ExprKind::kColumnRef) return false;
  std::string n = AsciiUpper(e.name);
  return (n == "WINDOWSTART" || n == "WINDOWEND") && schema.Find(e.name) < 0;
}

// The first WINDOWSTART/WINDOWEND reference in `e`, or "".
std::string FindWindowBound(const Expr& e, const Schema& schema) {
  if (IsWindowBound(e, schema)) return AsciiUpper(e.name);
  for (const auto& a : e.args) {
    if (!a) continue;
    std::string found = FindWindowBound(*a, schema);
    if (!found.empty()) return found;
  }
  return "";
}

[[noreturn]] void ThrowWindowBound(SourcePos pos, const std::string& name) {
  ThrowBind(pos, "Window bounds column " + name +
                     " can only be used in the SELECT clause of windowed aggregations");
}

// The first aggregate call inside `e` (e itself included), or nullptr.
const Expr* FirstAggregate(const Expr& e) {
  if (e.kind == ExprKind::kFunction && IsAggregateFunctionName(e.name)) return &e;
  for (const auto& a : e.args) {
    if (!a) continue;
    if (const Expr* f = FirstAggregate(*a)) return f;
  }
  return nullptr;
}

// Collects the aggregate calls of `e` (deduplicated by text), checking they are not nested and
// do not read window bounds.
void CollectAggregates(const Expr& e, const Schema& schema, std::vector<const Expr*>& calls,
                       std::set<std::string>& seen) {
  if (e.kind == ExprKind::kFunction && IsAggregateFunctionName(e.name)) {
    for (const auto& a : e.args) {
      if (a && FirstAggregate(*a) != nullptr) {
        ThrowBind(e.pos, "Aggregate functions can not be nested: " + e.ToString());
      }
      if (a) {
        std::string bound = FindWindowBound(*a, schema);
        if (!bound.empty()) ThrowWindowBound(a->pos, bound);
      }
    }
    if (seen.insert(e.ToString()).second) calls.push_back(&e);
    return;
  }
  for (const auto& a : e.args) {
    if (a) CollectAggregates(*a, schema, calls, seen);
  }
}

// Appends to `out` the column references of `e` that lie outside aggregate calls and outside
// sub-expressions equal to a GROUP BY expression: what ksqlDB calls non-aggregate expressions
// not part of the GROUP BY.
void FindUngrouped(const Expr& e, const std::set<std::string>& group_texts, bool windowed,
                   const Schema& schema, const std::set<std::string>& lambda_params,
                   std::vector<std::string>& out) {
  if (e.kind == ExprKind::kLiteral) return;
  if (group_texts.count(e.ToString())) return;
  if (e.kind == ExprKind::kFunction && IsAggregateFunctionName(e.name)) return;
  if (e.kind == ExprKind::kColumnRef) {
    if (windowed && IsWindowBound(e, schema)) return;
    if (e.qualifier.empty() && lambda_params.count(AsciiUpper(e.name))) return;
    out.push_back(e.ToString());
    return;
  }
  std::set<std::string> params = lambda_params;
  if (e.kind == ExprKind::kLambda) {
    for (const auto& p : e.lambda_params) params.insert(AsciiUpper(p));
  }
  for (const auto& a : e.args) {
    if (a) FindUngrouped(*a, group_texts, windowed, schema, params, out);
  }
}

// A double-quoted name that names no column: most likely a string meant in single quotes.
const Expr* UnknownDoubleQuotedName(const Expr& e, const Schema& schema) {
  if (e.kind == ExprKind::kColumnRef && e.double_quoted && e.qualifier.empty() &&
      schema.Find(e.name) < 0) {
    return &e;
  }
  for (const auto& a : e.args) {
    if (const Expr* found = a ? UnknownDoubleQuotedName(*a, schema) : nullptr) return found;
  }
  return nullptr;
}

void CheckFunctionsExist(const Expr& e) {
  if (e.kind == ExprKind::kFunction && !IsAggregateFunctionName(e.name)) {
    const FunctionRegistry& registry = FunctionRegistry::Get();
    if (registry.Find(e.name) == nullptr) {
      ThrowBind(e.pos, "Can't find any functions with the name '" + e.name + "'",
                UnknownFunctionHint(e.name));
    }
  }
  for (const auto& a : e.args) {
    if (a) CheckFunctionsExist(*a);
  }
}

bool HasStructIntermediate(const std::string& fn) {
  return fn == "STDDEV_SAMP" || fn == "STDDEV_SAMPLE" || fn == "STDDEV_POP" ||
         fn == "VARIANCE" || fn == "CORRELATION";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

[[noreturn]] void ThrowUngroupedSelect(SourcePos pos, const std::vector<std::string>& items) {
  ThrowBind(pos, "Non-aggregate SELECT expression(s) not part of GROUP BY: " + JoinNames(items) +
                     "\nEither add the column(s) to the GROUP BY or remove them from the SELECT.");
}

}  // namespace

void StripQualifiers(Expr& e, const std::string& alias, const std::string& source) {
  if (e.kind == ExprKind::kColumnRef &&
      (AsciiUpper(e.qualifier) == AsciiUpper(alias) || AsciiUpper(e.qualifier) == AsciiUpper(source))) {
    e.qualifier.clear();
  }
  for (auto& a : e.args) {
    if (a) StripQualifiers(*a, alias, source);
  }
}

void QualifyColumns(Expr& e, const Scope& scope, std::set<std::string> lambda_params) {
  if (e.kind == ExprKind::kColumnRef) {
    if (e.qualifier.empty() && lambda_params.count(AsciiUpper(e.name))) return;
    try {
      if (const ScopeColumn* c = scope.Resolve(e.qualifier, e.name, e.pos)) {
        e.qualifier = c->qualifier;
        e.name = c->name;
      }
    } catch (const RiffleError&) {
    }
    return;
  }
  if (e.kind == ExprKind::kLambda) {
    for (const auto& p : e.lambda_params) lambda_params.insert(AsciiUpper(p));
  }
  for (auto& a : e.args) {
    if (a) QualifyColumns(*a, scope, lambda_params);
  }
}

void PlanAggregation(const Query& q, const AggregationInput& input, QueryPlan& plan) {
  const Scope& scope = input.scope;
  const Schema& schema = input.schema;
  const std::string& alias = input.alias;
  const std::string& source_name = plan.source.name;
  bool windowed = q.window.has_value();
  auto normalize = [&](const Expr& e) {
    ExprPtr c = e.Clone();
    if (input.is_join) {
      QualifyColumns(*c, scope, {});
    } else {
      StripQualifiers(*c, alias, source_name);
    }
    return c;
  };
  if (AsciiUpper(plan.source.value_format) == "KAFKA") {
    ThrowBind(q.from.pos, "Source(s) " + source_name +
                              " are using the 'KAFKA' value format. This format does not yet "
                              "support GROUP BY.");
  }

  // The select list with `*` expanded, normalized.
  struct Item {
    ExprPtr expr;
    std::string alias;
    SourcePos pos;
  };
  std::vector<Item> items;
  for (const SelectItem& s : q.select) {
    if (s.expr->kind == ExprKind::kStar && s.expr->args.empty()) {
      auto add = [&](const std::string& qualifier, const std::string& name) {
        auto ref = std::make_unique<Expr>();
        ref->kind = ExprKind::kColumnRef;
        ref->qualifier = qualifier;
        ref->name = name;
        ref->pos = s.expr->pos;
        items.push_back({std::move(ref), "", s.expr->pos});
      };
      if (!input.is_join) {
        for (size_t i = 0; i < schema.size(); ++i) add("", schema[i].name);
        continue;
      }
      // A join's `*` (or `A.*`): each input's columns, qualified by its alias.
      for (const ScopeColumn& c : scope.columns()) {
        if (c.qualifier.empty()) continue;  // the synthetic key
        if (!s.expr->qualifier.empty() && AsciiUpper(s.expr->qualifier) != AsciiUpper(c.qualifier)) continue;
        add(c.qualifier, c.name);
      }
      continue;
    }
    if (s.expr->kind == ExprKind::kStar) {
      for (auto& [field, name] : ExpandStructStar(*s.expr, scope)) {
        items.push_back({normalize(*field), name, s.expr->pos});
      }
      continue;
    }
    items.push_back({normalize(*s.expr), s.alias, s.expr->pos});
  }
  ExprPtr having = q.having ? normalize(*q.having) : nullptr;

  // Unknown functions are reported before any GROUP BY rule.
  for (const Item& it : items) CheckFunctionsExist(*it.expr);
  if (having) CheckFunctionsExist(*having);

  // ---- Aggregate calls ----
  std::vector<const Expr*> calls;
  std::set<std::string> seen_calls;
  for (const Item& it : items) CollectAggregates(*it.expr, schema, calls, seen_calls);
  if (having) {
    std::string bound = FindWindowBound(*having, schema);
    if (!bound.empty()) ThrowWindowBound(having->pos, bound);
    CollectAggregates(*having, schema, calls, seen_calls);
  }

  // ---- GROUP BY ----
  // A finite query may aggregate every row as one group; elsewhere ksqlDB's rules hold.
  bool global = q.group_by.empty() && input.allow_global && !calls.empty();
  if (q.group_by.empty() && !global) {
    if (having) ThrowBind(having->pos, "HAVING requires GROUP BY.");
    std::vector<std::string> ungrouped;
    for (const Item& it : items) {
      std::vector<std::string> cols;
      FindUngrouped(*it.expr, {}, windowed, schema, {}, cols);
      if (!cols.empty()) ungrouped.push_back(it.expr->ToString());
    }
    if (!ungrouped.empty()) ThrowUngroupedSelect(q.pos, ungrouped);
    ThrowBind(q.pos, "Aggregate functions need a GROUP BY clause: aggregate function [" +
                         (calls.empty() ? std::string() : calls[0]->ToString()) +
                         "] is used without a GROUP BY clause.");
  }
  if (calls.empty()) {
    ThrowBind(q.group_by[0]->pos,
              "GROUP BY requires aggregate functions in either the SELECT or HAVING clause.");
  }
  std::vector<CompiledExprPtr> group_exprs;
  std::vector<ExprPtr> group_norm;
  std::set<std::string> group_texts;
  for (const ExprPtr& g : q.group_by) {
    if (const Expr* agg = FirstAggregate(*g)) {
      ThrowBind(agg->pos, "GROUP BY does not support aggregate functions: " + AsciiUpper(agg->name) +
                              " is an aggregate function.");
    }
    std::string bound = FindWindowBound(*g, schema);
    if (!bound.empty()) ThrowWindowBound(g->pos, bound);
    ExprPtr n = normalize(*g);
    if (!group_texts.insert(n->ToString()).second) {
      ThrowBind(g->pos, "Duplicate GROUP BY expression: " + g->ToString());
    }
    group_exprs.push_back(BindExpression(*g, scope));
    plan.group_by_text.push_back(n->ToString());
    group_norm.push_back(std::move(n));
  }
  size_t k = group_exprs.size();

  // ---- Aggregates, bound against the input ----
  std::vector<AggregateCall> aggregates;
  std::vector<std::string> no_undo;
  for (const Expr* call : calls) {
    AggregateCall ac;
    ac.text = call->ToString();
    bool star = call->args.empty() ||
                (call->args.size() == 1 && call->args[0]->kind == ExprKind::kStar &&
                 call->args[0]->args.empty());
    std::vector<TypePtr> types;
    std::vector<const Value*> constants;
    std::vector<CompiledExprPtr> bound;
    // Arguments after the first of these functions configure them: they must be literals.
    std::string fn_name = AsciiUpper(call->name);
    if (fn_name == "EARLIEST_BY_OFFSET" || fn_name == "LATEST_BY_OFFSET" || fn_name == "TOPK" ||
        fn_name == "TOPKDISTINCT") {
      // TOPK's other columns (between its value and k) are data. A call with its value alone
      // has no k: the signature check below refuses it, pointing at DESCRIBE FUNCTION.
      const bool topk = fn_name == "TOPK" || fn_name == "TOPKDISTINCT";
      size_t first_literal = topk ? std::max<size_t>(call->args.size(), 2) - 1 : 1;
      for (size_t i = first_literal; i < call->args.size(); ++i) {
        if (call->args[i]->kind != ExprKind::kLiteral) {
          ThrowBind(call->args[i]->pos,
                    "Parameter " + std::to_string(i + 1) + " passed to function " + fn_name +
                        " must be a literal constant, but was expression: '" +
                        call->args[i]->ToString() + "'");
        }
      }
    }
    if (!star) {
      for (const auto& a : call->args) {
        if (a->kind == ExprKind::kStar) ThrowBind(a->pos, "'*' is only allowed in COUNT(*)");
        bound.push_back(BindExpression(*a, scope));
        types.push_back(bound.back()->type());
        constants.push_back(bound.back()->literal_value());
      }
    }
    ac.fn = MakeAggregateFunction(call->name, types, constants, star, call->pos);
    // ksqlDB keeps these functions' state as a STRUCT in the source's value format.
    if (AsciiUpper(plan.source.value_format) == "DELIMITED" && HasStructIntermediate(ac.fn->name())) {
      ThrowBind(call->pos,
                "One of the functions used in the statement has an intermediate type that the "
                "value format can not handle. Please remove the function or change the format.");
    }
    std::vector<bool> data = AggregateArgumentIsData(call->name, bound.size());
    for (size_t i = 0; i < bound.size(); ++i) {
      if (data[i]) ac.args.push_back(std::move(bound[i]));
    }
    if (input.is_table && !ac.fn->supports_undo()) {
      std::string name = AsciiUpper(call->name);
      bool dup = false;
      for (const auto& n : no_undo) dup = dup || n == name;
      if (!dup) no_undo.push_back(name);
    }
    aggregates.push_back(std::move(ac));
  }
  if (!no_undo.empty()) {
    std::string list;
    for (size_t i = 0; i < no_undo.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == no_undo.size() ? " and " : ", ") + no_undo[i];
    }
    ThrowBind(q.from.pos, "The aggregation functions " + list +
                              " cannot be applied to a table source, only to a stream source.");
  }
  size_t m = aggregates.size();

  // ---- The aggregation operator ----
  std::optional<WindowConfig> window;
  if (windowed) {
    if (input.is_table) {
      ThrowBind(q.window->pos, "WINDOW clauses can only be used on streams, not tables.");
    }
    window = MakeWindowConfig(*q.window, q.emit == EmitKind::kFinal);
    plan.window = *q.window;
  }
  if (q.emit == EmitKind::kFinal && !windowed) {
    ThrowBind(q.pos, "EMIT FINAL is only supported for windowed aggregations.");
  }
  std::vector<TypePtr> group_types;
  for (const auto& g : group_exprs) group_types.push_back(g->type());
  std::vector<TypePtr> agg_types;
  for (const auto& a : aggregates) agg_types.push_back(a.fn->result_type());
  plan.operators.push_back(std::make_unique<AggregateOperator>(
      std::move(group_exprs), plan.group_by_text, std::move(aggregates), window,
      input.is_table, q.emit == EmitKind::kFinal));

  // ---- The aggregated rows' scope ----
  Scope post;
  post.set_allow_pseudo_columns(false);
  for (size_t g = 0; g < k; ++g) {
    if (group_norm[g]->kind == ExprKind::kColumnRef) {
      post.AddColumn(input.is_join ? group_norm[g]->qualifier : alias, group_norm[g]->name,
                     group_types[g], static_cast<int>(g));
    }
    post.AddExpressionColumn(plan.group_by_text[g], group_types[g], static_cast<int>(g));
  }
  for (size_t j = 0; j < m; ++j) {
    post.AddExpressionColumn(calls[j]->ToString(), agg_types[j], static_cast<int>(k + j));
  }
  if (windowed) {
    post.AddColumn("", "WINDOWSTART", Type::Bigint(), static_cast<int>(k + m));
    post.AddColumn("", "WINDOWEND", Type::Bigint(), static_cast<int>(k + m + 1));
  }

  // ---- HAVING ----
  if (having) {
    std::vector<std::string> cols;
    FindUngrouped(*having, group_texts, false, schema, {}, cols);
    if (!cols.empty()) {
      const Expr* quoted = UnknownDoubleQuotedName(*having, schema);
      ThrowBind(having->pos,
                "Non-aggregate HAVING expression not part of GROUP BY: " + JoinNames(cols),
                quoted ? DoubleQuotedNameHint(quoted->name, "") : "");
    }
    CompiledExprPtr predicate = BindPredicate(*having, post, "HAVING");
    auto filter = std::make_unique<ChangelogFilterOperator>(
        std::move(predicate), "Having", q.having->ToString(), /*paired=*/false);
    std::vector<int> key_columns;
    for (size_t g = 0; g < k; ++g) key_columns.push_back(static_cast<int>(g));
    if (windowed) {
      key_columns.push_back(static_cast<int>(k + m));
      key_columns.push_back(static_cast<int>(k + m + 1));
    }
    filter->set_keyed(std::move(key_columns));
    plan.operators.push_back(std::move(filter));
  }

  // ---- Projection ----
  std::vector<std::string> ungrouped;
  for (const Item& it : items) {
    std::vector<std::string> cols;
    FindUngrouped(*it.expr, group_texts, windowed, schema, {}, cols);
    if (!cols.empty()) ungrouped.push_back(it.expr->ToString());
  }
  if (!ungrouped.empty()) ThrowUngroupedSelect(q.pos, ungrouped);

  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  ColumnAliasGenerator aliases(ColumnNames(schema));
  for (const Item& it : items) {
    exprs.push_back(BindExpression(*it.expr, post));
    std::string name = it.alias.empty() ? SelectItemName(*it.expr, aliases) : it.alias;
    int rank = -1;
    std::string text = it.expr->ToString();
    for (size_t g = 0; g < k; ++g) {
      if (plan.group_by_text[g] == text) rank = static_cast<int>(g);
    }
    names.push_back(name);
    plan.key_rank.push_back(rank);
    plan.output_roles.push_back(rank >= 0 ? ColumnRole::kKey : ColumnRole::kValue);
    plan.output.push_back({name, exprs.back()->type(), rank >= 0});
  }
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < names.size(); ++i) {
    auto [at, fresh] = by_name.emplace(names[i], i);
    if (fresh) continue;
    size_t v = plan.key_rank[i] >= 0 ? at->second : i;
    ThrowBind(items[i].pos, "Duplicate value columns found in schema: `" + names[i] + "` " +
                                plan.output[v].type->ToString(),
              "give one of them an alias with AS");
  }
  if (windowed) {
    for (const char* bound : {"WINDOWSTART", "WINDOWEND"}) {
      Expr ref;
      ref.kind = ExprKind::kColumnRef;
      ref.name = bound;
      exprs.push_back(BindExpression(ref, post));
      names.push_back(bound);
    }
    plan.hidden_columns = 2;
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
}

}  // namespace riffle
