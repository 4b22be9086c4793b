// Background jobs: CREATE STREAM ... AS SELECT, INSERT INTO ... SELECT, TERMINATE, PAUSE,
// RESUME, restart after riffle restarts, and waiting for jobs to catch up.
#include <algorithm>
#include <chrono>
#include <thread>

#include "core/common/text.h"
#include "core/engine/connector_ddl.h"
#include "core/engine/engine_impl.h"
#include "core/engine/schema_ddl.h"
#include "core/engine/with_properties.h"
#include "core/exec/aggregate_operator.h"
#include "core/exec/project.h"
#include "core/exec/registry_schemas.h"
#include "core/expr/binder.h"
#include "core/expr/cast.h"
#include "core/expr/function_registry.h"
#include "core/plan/join_plan.h"
#include "core/plan/timestamp_column.h"
#include "core/sql/parser.h"

namespace riffle {

namespace {

// Puts key columns first, as ksqlDB lays out a sink's schema, by appending a reordering
// projection to the plan. Keys keep their select order, except for aggregations, whose keys
// follow the GROUP BY order. Hidden columns (window bounds) stay last.
void KeyColumnsFirst(QueryPlan& plan) {
  std::vector<int> order;
  for (size_t i = 0; i < plan.output.size(); ++i) {
    if (plan.output_roles[i] == ColumnRole::kKey) order.push_back(int(i));
  }
  if (!plan.key_rank.empty()) {
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return plan.key_rank[a] < plan.key_rank[b]; });
  }
  for (size_t i = 0; i < plan.output.size(); ++i) {
    if (plan.output_roles[i] != ColumnRole::kKey) order.push_back(int(i));
  }
  bool identity = true;
  for (size_t i = 0; i < order.size(); ++i) identity = identity && order[i] == int(i);
  if (identity) return;
  Scope scope;
  size_t width = plan.output.size() + plan.hidden_columns;
  for (size_t i = 0; i < plan.output.size(); ++i) {
    scope.AddColumn("", plan.output[i].name, plan.output[i].type, int(i));
  }
  for (size_t i = plan.output.size(); i < width; ++i) {
    scope.AddColumn("", "$hidden" + std::to_string(i), Type::Bigint(), int(i));
  }
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<ResultColumn> output;
  std::vector<ColumnRole> roles;
  std::vector<int> ranks;
  for (int i : order) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = plan.output[i].name;
    exprs.push_back(BindExpression(ref, scope));
    names.push_back(ref.name);
    output.push_back(plan.output[i]);
    roles.push_back(plan.output_roles[i]);
    if (!plan.key_rank.empty()) ranks.push_back(plan.key_rank[i]);
  }
  for (size_t i = plan.output.size(); i < width; ++i) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = "$hidden" + std::to_string(i);
    exprs.push_back(BindExpression(ref, scope));
    names.push_back(ref.name);
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  plan.output = std::move(output);
  plan.output_roles = std::move(roles);
  plan.key_rank = std::move(ranks);
}

// Makes the result of `plan` (whose sink schema is `produced`) match the existing stream
// `target`: same column names and roles, each type equal or implicitly cast as ksqlDB does
// (INT into DECIMAL, DECIMAL(2, 1) into DECIMAL(5, 2), ...) by a last projection. Returns false
// when the schemas are incompatible.
bool CastToSinkSchema(QueryPlan& plan, const Schema& produced, const Schema& target) {
  if (produced.size() != target.size()) return false;
  bool cast = false;
  for (size_t i = 0; i < produced.size(); ++i) {
    const ColumnDef& p = produced[i];
    const ColumnDef& t = target[i];
    if (p.name != t.name || p.role != t.role || !CanImplicitlyCast(*p.type, *t.type)) return false;
    cast = cast || !TypeEquals(*p.type, *t.type);
  }
  if (!cast) return true;
  // The result's columns are in the sink's order (KeyColumnsFirst), hidden ones after them.
  Scope scope;
  size_t width = plan.output.size() + plan.hidden_columns;
  for (size_t i = 0; i < width; ++i) {
    TypePtr type = i < plan.output.size() ? plan.output[i].type : Type::Bigint();
    scope.AddColumn("", "$" + std::to_string(i), type, int(i));
  }
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < width; ++i) {
    auto ref = std::make_unique<Expr>();
    ref->kind = ExprKind::kColumnRef;
    ref->name = "$" + std::to_string(i);
    if (i < plan.output.size() && !TypeEquals(*plan.output[i].type, *target[i].type)) {
      Expr cast_expr;
      cast_expr.kind = ExprKind::kCast;
      cast_expr.cast_type = target[i].type;
      cast_expr.args.push_back(std::move(ref));
      exprs.push_back(BindExpression(cast_expr, scope));
      plan.output[i].type = target[i].type;
    } else {
      exprs.push_back(BindExpression(*ref, scope));
    }
    names.push_back(i < plan.output.size() ? plan.output[i].name : "$hidden" + std::to_string(i));
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  return true;
}

// A job planned again on restart reads sources as they are now. ALTER ... ADD COLUMN appends
// value columns: a `SELECT *` over an altered source then yields them after the columns the
// job's sink has, and an INSERT INTO job whose target was altered yields fewer than it has.
// The job must keep writing what it wrote (ksqlDB's running queries keep their schema), so
// trailing value columns the sink lacks are dropped and trailing ones the result lacks are
// written NULL. Returns false, changing nothing, when the difference is not of that shape.
bool FitToAlteredSink(QueryPlan& plan, const Schema& produced, const Schema& target) {
  size_t common = std::min(produced.size(), target.size());
  if (produced.size() == target.size()) return false;
  for (size_t i = 0; i < common; ++i) {
    if (produced[i].name != target[i].name || produced[i].role != target[i].role) return false;
  }
  const Schema& longer = produced.size() > target.size() ? produced : target;
  for (size_t i = common; i < longer.size(); ++i) {
    if (longer[i].role != ColumnRole::kValue) return false;
  }
  Scope scope;
  size_t width = plan.output.size() + plan.hidden_columns;
  for (size_t i = 0; i < width; ++i) {
    TypePtr type = i < plan.output.size() ? plan.output[i].type : Type::Bigint();
    scope.AddColumn("", "$" + std::to_string(i), type, int(i));
  }
  auto column = [&](size_t i) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = "$" + std::to_string(i);
    return BindExpression(ref, scope);
  };
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<ResultColumn> output(plan.output.begin(), plan.output.begin() + common);
  for (size_t i = 0; i < common; ++i) {
    exprs.push_back(column(i));
    names.push_back(plan.output[i].name);
  }
  for (size_t i = common; i < target.size(); ++i) {
    Expr cast_expr;
    cast_expr.kind = ExprKind::kCast;
    cast_expr.cast_type = target[i].type;
    auto null = std::make_unique<Expr>();
    null->kind = ExprKind::kLiteral;
    null->literal_type = Type::Null();
    cast_expr.args.push_back(std::move(null));
    exprs.push_back(BindExpression(cast_expr, scope));
    names.push_back(target[i].name);
    ResultColumn added;
    added.name = target[i].name;
    added.type = target[i].type;
    output.push_back(std::move(added));
  }
  for (size_t i = plan.output.size(); i < width; ++i) {
    exprs.push_back(column(i));
    names.push_back("$hidden" + std::to_string(i));
  }
  plan.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  plan.output = std::move(output);
  plan.output_roles.resize(target.size(), ColumnRole::kValue);
  if (!plan.key_rank.empty()) plan.key_rank.resize(target.size(), -1);
  return true;
}

// ksqlDB's checks that a persistent query's result names no system column (ROWTIME,
// WINDOWSTART, ...): an explicit alias of a single-source query is reported as such, any other
// result column by its name.
void CheckReservedNames(const Query& q, const QueryPlan& plan) {
  if (q.joins.empty()) {
    for (const SelectItem& item : q.select) {
      std::string alias = item.alias;
      if (!alias.empty() && IsSystemColumnName(alias)) {
        ThrowBind(item.expr->pos, "`" + alias + "` is a reserved column name. You cannot use it "
                                  "as an alias for a column.");
      }
    }
  }
  for (size_t i = 0; i < plan.output.size(); ++i) {
    const std::string& name = plan.output[i].name;
    // ksqlDB lets `*` under PARTITION BY ROWOFFSET name the new key so (its issue 8193).
    bool partition_key = plan.partitioned && i < plan.output_roles.size() &&
                         plan.output_roles[i] == ColumnRole::kKey;
    if (IsSystemColumnName(name) && !partition_key) {
      ThrowBind(q.pos, "Reserved column name in select: `" + name +
                           "`. Please remove or alias the column.");
    }
  }
}

// "F1", "F1 and F2", "F1, F2 and F3".
std::string JoinWithAnd(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    s += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return s;
}

// How ksqlDB's messages about key columns missing from a projection begin.
std::string KeysMissingPrefix(bool plural) {
  return std::string("Key") + (plural ? "s" : "") + " missing from projection (ie, SELECT). \n";
}

// ksqlDB's checks on the key columns of a CREATE ... AS SELECT with GROUP BY or PARTITION BY:
// every grouping (partitioning) expression selected exactly once, and one value column at least.
void CheckAggregateKeys(const QueryPlan& plan, const std::string& sink, SourcePos pos) {
  const char* what = plan.partitioned ? "partitioning " : "grouping ";
  std::vector<int> seen(plan.group_by_text.size(), -1);
  for (size_t i = 0; i < plan.key_rank.size(); ++i) {
    int g = plan.key_rank[i];
    if (g < 0) continue;
    if (seen[g] >= 0) {
      ThrowBind(pos, "The projection contains a key column more than once: `" +
                         plan.output[seen[g]].name + "` and `" + plan.output[i].name + "`.");
    }
    seen[g] = static_cast<int>(i);
  }
  std::vector<std::string> missing;
  for (size_t g = 0; g < seen.size(); ++g) {
    if (seen[g] < 0) missing.push_back(plan.group_by_text[g]);
  }
  // ksqlDB names the missing grouping expressions, but every partitioning expression.
  if (!missing.empty() && plan.partitioned) missing = plan.group_by_text;
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
    ThrowBind(pos, KeysMissingPrefix(missing.size() > 1) + "The query used to build `" + sink +
                       "` must include the " + what +
                       (missing.size() == 1 ? "expression " : "expressions ") +
                       JoinWithAnd(missing) + " in its projection (eg, SELECT " + list + "...).");
  }
  bool has_value = false;
  for (auto role : plan.output_roles) has_value = has_value || role != ColumnRole::kKey;
  if (!has_value) ThrowBind(pos, "The projection contains no value columns.");
}

const char* WindowTypeName(WindowKind kind) {
  switch (kind) {
    case WindowKind::kTumbling: return "TUMBLING";
    case WindowKind::kHopping: return "HOPPING";
    case WindowKind::kSession: return "SESSION";
  }
  return "";
}

Schema SinkSchema(const QueryPlan& plan) {
  Schema schema;
  for (size_t i = 0; i < plan.output.size(); ++i) {
    schema.Add({plan.output[i].name, plan.output[i].type, plan.output_roles[i], ""});
  }
  return schema;
}

// ksqlDB: each key column of the source is selected exactly once (it stays the sink's key), and
// something besides the keys is selected. (PARTITION BY chooses the key itself.)
void CheckKeyProjection(const Query& query, const QueryPlan& plan, const std::string& sink) {
  const Schema& schema = plan.layout.schema;
  std::map<int, std::vector<std::string>> names;  // key column -> its names in the projection
  for (const SelectItem& item : query.select) {
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kStar && e.args.empty()) {
      for (int k : schema.KeyIndexes()) names[k].push_back(schema[k].name);
    } else if (e.kind == ExprKind::kColumnRef) {
      int idx = schema.Find(e.name);
      if (idx >= 0 && schema[idx].role == ColumnRole::kKey) {
        names[idx].push_back(item.alias.empty() ? schema[idx].name : item.alias);
      }
    }
  }
  bool any_missing = false;
  for (int k : schema.KeyIndexes()) {
    const auto& found = names[k];
    any_missing = any_missing || found.empty();
    if (found.size() > 1) {
      std::string list;
      for (size_t i = 0; i < found.size(); ++i) {
        list += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i];
      }
      ThrowBind(query.pos, "The projection contains a key column (`" + schema[k].name +
                               "`) more than once, aliased as: " + list + ".");
    }
  }
  if (any_missing) {
    // ksqlDB names every key column, not only the missing ones.
    std::vector<int> keys = schema.KeyIndexes();
    std::string list, example;
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::string& name = schema[keys[i]].name;
      list += (i == 0 ? "" : i + 1 == keys.size() ? " and " : ", ") + name;
      example += (i == 0 ? "" : ", ") + name;
    }
    ThrowBind(query.pos, KeysMissingPrefix(keys.size() > 1) + "The query used to build `" +
                             sink + "` must include the key column" +
                             (keys.size() > 1 ? "s " : " ") + list +
                             " in its projection (eg, SELECT " + example + "...).");
  }
  bool has_value = false;
  for (ColumnRole role : plan.output_roles) has_value = has_value || role != ColumnRole::kKey;
  if (!has_value) ThrowBind(query.pos, "The projection contains no value columns.");
}

// The one place a persistent query's pipeline gets its sink's shape, for CREATE ... AS SELECT,
// INSERT INTO ... SELECT and a restart alike, so that a restarted job runs what it ran before:
// key columns first, then each column converted to the sink's type where ksqlDB converts
// implicitly. `sink` is null while a CREATE ... AS SELECT's sink is being made from the plan.
void ShapeToSink(QueryPlan& plan, const Schema* sink, SourcePos pos, bool restarting = false) {
  KeyColumnsFirst(plan);
  if (sink == nullptr) return;
  Schema produced = SinkSchema(plan);
  if (restarting && FitToAlteredSink(plan, produced, *sink)) produced = SinkSchema(plan);
  if (CastToSinkSchema(plan, produced, *sink)) return;
  auto quoted = [](const Schema& schema) {
    std::string text;
    for (size_t i = 0; i < schema.size(); ++i) {
      text += (i ? ", `" : "`") + schema[i].name + "` " + schema[i].type->ToString() +
              (schema[i].role == ColumnRole::kKey ? " KEY" : "");
    }
    return text;
  };
  ThrowType(pos, "Incompatible schema between results and sink.\nResult schema is " +
                     quoted(produced) + "\nSink schema is " + quoted(*sink));
}

}  // namespace

void EngineImpl::CreateAsSelect(const CreateSourceStmt& s, const Statement& stmt,
                                ResultSink& sink) {
  ValidateWithProperties(s.properties, WithClause::kCreateAsSelect);
  if (!s.columns.empty()) {
    ThrowBind(s.name_pos, "CREATE ... AS SELECT takes its columns from the query; remove the "
                          "column list.");
  }
  auto existing = catalog_->GetSource(s.name);
  const char* what = s.is_table ? "table" : "stream";
  if (existing && s.if_not_exists) {
    sink.Notice(std::string(s.is_table ? "Table " : "Stream ") + existing->name +
                " already exists.");
    return;
  }
  if (existing && !s.or_replace) {
    ThrowBind(s.name_pos, "Cannot add " + std::string(what) + " '" + s.name +
                              "': A " + (existing->is_table ? "table" : "stream") +
                              " with the same name already exists.");
  }
  bool only_aggregates = !s.as_query->select.empty();
  for (const SelectItem& item : s.as_query->select) {
    only_aggregates = only_aggregates && item.expr->kind == ExprKind::kFunction &&
                      IsAggregateFunctionName(item.expr->name);
  }
  if (s.is_table && s.as_query->group_by.empty() && only_aggregates) {
    // ksqlDB's wording (it renders COUNT(*) as COUNT(ROWTIME)).
    for (const SelectItem& item : s.as_query->select) {
      const Expr& e = *item.expr;
      if (e.kind != ExprKind::kFunction || !IsAggregateFunctionName(e.name)) continue;
      bool star = e.args.empty() || e.args[0]->kind == ExprKind::kStar;
      std::string text = star ? e.name + "(ROWTIME)" : e.ToString();
      ThrowBind(e.pos, "CREATE TABLE AS SELECT statement does not support aggregate function [" +
                           text + "] without a GROUP BY clause.");
    }
  }
  QueryPlan plan = PlanQuery(*s.as_query, *catalog_, Planning());
  if (plan.is_table && !s.is_table) {
    ThrowBind(s.as_query->from.pos,
              "Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE "
              "AS SELECT statement instead.");
  }
  if (!plan.is_table && s.is_table) {
    ThrowBind(s.as_query->from.pos,
              "Invalid result type. Your SELECT query produces a STREAM. Please use CREATE "
              "STREAM AS SELECT statement instead.");
  }
  if (plan.limit) {
    ThrowBind(s.as_query->pos, std::string("CREATE ") + (s.is_table ? "TABLE" : "STREAM") +
                                   " AS SELECT statements don't support LIMIT clause.");
  }
  CheckReservedNames(*s.as_query, plan);
  // The sink's own TIMESTAMP names a result column whose time its records carry (ksqlDB checks
  // it when planning the output, before the key checks below).
  std::string sink_ts_column, sink_ts_format;
  if (auto ts = s.properties.find("TIMESTAMP"); ts != s.properties.end()) {
    std::optional<std::string> format;
    if (auto f = s.properties.find("TIMESTAMP_FORMAT"); f != s.properties.end()) {
      format = f->second.AsString();
    }
    Schema result = SinkSchema(plan);
    sink_ts_column =
        result[ResolveTimestampColumn(result, ts->second.AsString(), format, ts->second.pos)].name;
    sink_ts_format = format.value_or("");
  }
  if (plan.aggregates || plan.partitioned) CheckAggregateKeys(plan, s.name, s.as_query->pos);
  if (std::string missing = MissingJoinKeyMessage(plan, s.name); !missing.empty()) {
    ThrowBind(s.as_query->pos, missing);
  }
  for (const ResultColumn& column : plan.output) {
    if (column.type && column.type->kind == TypeKind::kNull) {
      ThrowBind(s.as_query->pos, "Can't infer a type of null. Please explicitly cast it to a "
                                 "required type, e.g. CAST(null AS VARCHAR).");
    }
  }
  if (!plan.aggregates && !plan.is_join() && s.as_query->partition_by.empty()) {
    CheckKeyProjection(*s.as_query, plan, s.name);
  }
  ShapeToSink(plan, /*sink=*/nullptr, s.as_query->pos);

  SourceInfo target;
  target.name = s.name;
  target.is_table = s.is_table;
  target.sql = stmt.text;
  target.schema = SinkSchema(plan);
  target.timestamp_column = sink_ts_column;
  target.timestamp_format = sink_ts_format;
  for (const auto& [name, value] : s.properties) target.properties[name] = value.AsString();
  std::map<std::string, std::string> fmt_props = target.properties;
  target.key_format =
      formats::ParseFormatSpec(plan.source.key_format, fmt_props, /*is_key=*/true).name;
  // ksqlDB: a NONE key inherited by a result that has key columns (PARTITION BY, GROUP BY)
  // becomes the session's default key format.
  bool key_format_given = fmt_props.count("KEY_FORMAT") || fmt_props.count("FORMAT");
  bool has_key = false;
  for (auto role : plan.output_roles) has_key = has_key || role == ColumnRole::kKey;
  // ksqlDB: PARTITION BY NULL leaves no key, so the key format is NONE, and naming another one
  // is an error.
  if (plan.partitioned && !has_key) {
    if (key_format_given && target.key_format != "NONE") {
      ThrowBind(s.as_query->pos, "Key format specified for stream without key columns.");
    }
    target.key_format = "NONE";
  }
  if (target.key_format == "NONE" && !key_format_given && has_key) {
    target.key_format = AsciiUpper(Property("ksql.persistence.default.format.key"));
  }
  if (!fmt_props.count("VALUE_FORMAT") && !fmt_props.count("FORMAT")) {
    fmt_props["VALUE_FORMAT"] = plan.source.value_format;
  }
  target.value_format = formats::ParseFormatSpec("", fmt_props, /*is_key=*/false).name;
  // A sink in its source's DELIMITED format keeps the source's delimiter unless WITH sets one.
  for (const auto& [property, same_format] :
       {std::pair{"KEY_DELIMITER", target.key_format == plan.source.key_format},
        std::pair{"VALUE_DELIMITER", target.value_format == plan.source.value_format}}) {
    auto inherited = plan.source.properties.find(property);
    if (same_format && inherited != plan.source.properties.end() &&
        !target.properties.count(property)) {
      target.properties[property] = inherited->second;
    }
  }
  auto topic = target.properties.find("KAFKA_TOPIC");
  target.topic = topic != target.properties.end() ? topic->second : AsciiUpper(s.name);
  int partitions = admin_->PartitionCount(plan.source.topic).value_or(1);
  if (auto p = target.properties.find("PARTITIONS"); p != target.properties.end()) {
    partitions = std::stoi(p->second);
  }
  target.properties["PARTITIONS"] = std::to_string(partitions);
  if (plan.window) {
    target.properties["WINDOW_TYPE"] = WindowTypeName(plan.window->kind);
    if (plan.window->kind != WindowKind::kSession) {
      target.properties["WINDOW_SIZE"] = std::to_string(plan.window->size_ms);
    }
  }
  MakeSourceLayout(target);  // validates formats against the columns
  const bool file_sink = IsExternalConnector(s.properties);
  if (file_sink) FinishFileSink(s.properties, paths_, s.or_replace, target);
  if (!file_sink) {
    CheckSinkSchema(target, Schemas());
    RegisterSourceSchemas(target, Schemas(), /*for_query_sink=*/true);
  }

  JobInfo job;
  job.id = catalog_->NextJobId((s.is_table ? "CTAS_" : "CSAS_") + AsciiUpper(s.name));
  job.sql = stmt.text;
  job.sink = target.name;
  job.kind = s.is_table ? "CTAS" : "CSAS";
  job.state = "RUNNING";
  job.properties = JobProperties();
  target.created_by_job = job.id;

  if (!file_sink && !admin_->PartitionCount(target.topic)) {
    admin_->CreateTopic(target.topic, partitions);
  }
  catalog_->CreateSource(target, s.or_replace);
  LaunchJob(job, std::move(plan), target, sink);
}

void EngineImpl::InsertSelect(const InsertSelectStmt& s, const Statement& stmt,
                              ResultSink& sink) {
  ValidateWithProperties(s.properties, WithClause::kInsertSelect);
  if (!catalog_->GetSource(s.target)) {
    ThrowBind(s.target_pos, "Source `" + s.target + "` does not exist.");
  }
  SourceInfo target = RequireSource(*catalog_, s.target, s.target_pos);
  if (target.is_table) {
    ThrowBind(s.target_pos, "INSERT INTO can only be used to insert into a stream. " +
                                target.name + " is a table.");
  }
  if (target.is_source) {
    ThrowBind(s.target_pos, "Cannot insert into read-only stream: " + target.name);
  }
  // ksqlDB's AstSanitizer: a query cannot give the headers of the records it writes.
  for (const ColumnDef& c : target.schema.columns()) {
    if (c.role == ColumnRole::kHeader) {
      ThrowBind(s.target_pos,
                "Cannot insert into " + target.name + " because it has header columns");
    }
  }
  QueryPlan plan = PlanQuery(*s.query, *catalog_, Planning());
  CheckReservedNames(*s.query, plan);
  if (plan.is_table) {
    ThrowBind(s.query->from.pos, "INSERT INTO can only be used with a stream as its source.");
  }
  ShapeToSink(plan, &target.schema, s.query->pos);
  RequireRegisteredWriteSchemas(MakeSourceLayout(target, &Schemas()), Schemas(), target.name);
  JobInfo job;
  auto qid = s.properties.find("QUERY_ID");
  job.id = qid != s.properties.end() ? AsciiUpper(qid->second.AsString())
                                     : catalog_->NextJobId("INSERTQUERY");
  job.sql = stmt.text;
  job.sink = target.name;
  job.kind = "INSERT";
  job.state = "RUNNING";
  job.properties = JobProperties();
  LaunchJob(job, std::move(plan), target, sink);
}

void EngineImpl::LaunchJob(const JobInfo& job, QueryPlan plan, const SourceInfo& target,
                           ResultSink& sink) {
  // Under the lock, so that the supervisor does not see the new catalog row and start the job a
  // second time.
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  catalog_->CreateJob(job);
  if (RunsJobs()) {
    StartJob(job, std::move(plan), target, KafkaClientConfig());
    sink.Notice("Created query with ID " + job.id);
  } else {
    sink.Notice("Created query with ID " + job.id +
                "; the riffle process that runs this catalog's jobs starts it.");
  }
}

std::map<std::string, std::string> EngineImpl::JobProperties() const {
  std::map<std::string, std::string> props;
  for (const char* name : {"auto.offset.reset", "fail.on.deserialization.error",
                           "fail.on.processing.error", "riffle.checkpoint.max.bytes.per.second",
                           "riffle.state.max.bytes"}) {
    props[name] = Property(name);
  }
  return props;
}

std::string EngineImpl::JobProperty(const JobInfo& info, const std::string& name) const {
  auto it = info.properties.find(name);
  if (it != info.properties.end()) return it->second;
  auto d = DefaultProperties().find(name);  // a job from before properties were recorded
  return d == DefaultProperties().end() ? "" : d->second;
}

void EngineImpl::StartJob(const JobInfo& info, QueryPlan plan, const SourceInfo& target,
                          const kafka::KafkaConfig& client_config) {
  ScanOptions options = ScanOptionsFor(plan.source);
  options.from_beginning = JobProperty(info, "auto.offset.reset") == "earliest";
  // A join reads every input, each from its own checkpointed positions.
  std::vector<ScanOptions> input_options;
  for (const JoinInputPlan& in : plan.join_inputs) {
    input_options.push_back(ScanOptionsFor(in.source));
    input_options.back().from_beginning = options.from_beginning;
  }
  // Input numbers as PersistentQueryBody::AllPositions gives them: 0 for a single source, the
  // join_inputs index for a join. Two inputs over one topic each resume at their own position.
  std::optional<Checkpoint> cp = catalog_->LoadCheckpoint(info.id);
  if (cp) {
    options.start_positions = cp->PositionsOf(0, plan.source.topic);
    for (size_t i = 0; i < plan.join_inputs.size(); ++i) {
      input_options[i].start_positions =
          cp->PositionsOf(static_cast<int32_t>(i), plan.join_inputs[i].source.topic);
    }
  }
  for (auto& op : plan.operators) {
    if (auto* agg = dynamic_cast<AggregateOperator*>(op.get())) {
      agg->set_processing_log(&processing_log_, info.id, plan.source.topic);
    }
  }
  for (size_t k = 0; k < plan.joins.size(); ++k) {
    plan.joins[k]->set_processing_log(&processing_log_, info.id,
                                      k == 0 ? plan.join_inputs[0].source.topic : "",
                                      plan.join_inputs[k + 1].source.topic);
  }
  RunningJob running;
  kafka::KafkaProducerOptions producer_options;
  producer_options.bootstrap_servers = bootstrap_;
  for (const auto& [key, value] : client_config) producer_options.config[key] = value;
  // librdkafka learns a new topic's partitions from a once-a-second timer unless the topic was
  // known when it connected, which delayed a job's first output by up to 1 s. On the local
  // broker, refreshing metadata every 100 ms costs nothing and bounds that delay.
  if (local_broker_in_use_) producer_options.config["topic.metadata.refresh.interval.ms"] = "100";
  running.producer = std::make_unique<kafka::KafkaProducer>(producer_options);
  std::unique_ptr<SourceScan> scan;
  std::vector<std::unique_ptr<SourceScan>> join_scans;
  for (size_t i = 0; i < plan.join_inputs.size(); ++i) {
    const JoinInputPlan& in = plan.join_inputs[i];
    join_scans.push_back(
        OpenSourceScan(in.source, in.layout, input_options[i], info.id, &processing_log_));
  }
  if (!plan.is_join()) {
    scan = OpenSourceScan(plan.source, plan.layout, options, info.id, &processing_log_);
  }
  // Skipped offsets: counted and logged by the scan; tallied per source for EXPLAIN and told to
  // the user as an event (before the next prompt; on riffle run's stderr).
  SourceScan::SkipHandler on_skip = [this, tally = running.skips, id = info.id](
                                        const std::string& source, const SourceSkip& skip) {
    {
      std::lock_guard lock(tally->mutex);
      tally->by_source[source] += skip.count;
      tally->last = skip.message;
    }
    AddEvent("job " + id + " skipped " + skip.message);
  };
  for (auto& s : join_scans) s->set_skip_handler(on_skip);
  if (scan) scan->set_skip_handler(on_skip);
  auto topic_sink =
      MakeSinkWriter(target, running.producer.get(), info.id, &processing_log_, paths_, &Schemas());
  // Only a CSAS/CTAS's own TIMESTAMP stamps what it writes; INSERT INTO keeps ROWTIME, and
  // readers of the target take their time from its TIMESTAMP column anyway (ksqlDB's rules).
  if ((info.kind == "CSAS" || info.kind == "CTAS") && !target.timestamp_column.empty()) {
    topic_sink->StampWithTimestampColumn();
  }
  if (plan.window) {
    int start = static_cast<int>(plan.output.size());
    topic_sink->set_window(plan.window->kind == WindowKind::kSession, start, start + 1);
  }
  auto body = plan.is_join()
                  ? std::make_unique<PersistentQueryBody>(info.id, std::move(plan),
                                                          std::move(join_scans),
                                                          std::move(topic_sink), catalog_.get())
                  : std::make_unique<PersistentQueryBody>(info.id, std::move(plan),
                                                          std::move(scan),
                                                          std::move(topic_sink), catalog_.get());
  JobFailurePolicy failure;
  failure.fail_on_deserialization_error =
      JobProperty(info, "fail.on.deserialization.error") == "true";
  failure.fail_on_processing_error = JobProperty(info, "fail.on.processing.error") == "true";
  failure.log = &processing_log_;
  body->set_failure_policy(failure);
  CheckpointPolicy checkpoint;
  checkpoint.max_bytes_per_second =
      ByteProperty(JobProperty(info, "riffle.checkpoint.max.bytes.per.second"));
  checkpoint.state_max_bytes = ByteProperty(JobProperty(info, "riffle.state.max.bytes"));
  body->set_checkpoint_policy(checkpoint);
  if (cp) body->RestoreState(*cp);
  running.body = body.get();
  running.sink = target.name;
  running.job = std::make_unique<Job>(info.id, std::move(body));
  Catalog* catalog = catalog_.get();
  std::string id = info.id;
  // Only failures are recorded from the job thread: a job stopped because riffle exits must
  // stay RUNNING in the catalog so that it restarts next time.
  // A failure is also an event: the shell warns before its next prompt, riffle run logs it.
  running.job->set_on_state_change([this, catalog, id](JobState state, const std::string& error) {
    if (state != JobState::kFailed) return;
    catalog->UpdateJobState(id, "FAILED", error);
    AddEvent("Query " + id + " failed: " + error);
  });
  running.job->Start(/*paused=*/info.state == "PAUSED");
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  jobs_[info.id] = std::move(running);
}

void EngineImpl::StartJobFromCatalog(const JobInfo& info,
                                     const kafka::KafkaConfig& client_config) {
  Statement stmt = ParseStatement(info.sql);
  const Query* query = nullptr;
  std::string target_name;
  if (auto* c = std::get_if<CreateSourceStmt>(&stmt.body)) {
    query = c->as_query.get();
    target_name = c->name;
  } else if (auto* i = std::get_if<InsertSelectStmt>(&stmt.body)) {
    query = i->query.get();
    target_name = i->target;
  }
  if (query == nullptr) throw RiffleError(ErrorKind::kRuntime, "not a persistent query");
  SourceInfo target = RequireSource(*catalog_, target_name, {});
  PlanOptions planning = Planning();
  planning.suppress_enabled = true;
  QueryPlan plan = PlanQuery(*query, *catalog_, planning);
  // The sink exists now: its stored schema is what the job was created to produce.
  ShapeToSink(plan, &target.schema, query->pos, /*restarting=*/true);
  StartJob(info, std::move(plan), target, client_config);
}

int EngineImpl::RestartJobs(const std::function<void(const std::string&)>& warn) {
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  int restarted = 0;
  for (JobInfo info : catalog_->ListJobs()) {
    if (info.state == "RESTARTING") {
      // RESTART ... FROM BEGINNING asked of a process that exited before applying it.
      catalog_->ResetJob(info.id);
      info = catalog_->GetJob(info.id).value_or(info);
    }
    if (info.state != "RUNNING" && info.state != "PAUSED") continue;
    try {
      StartJobFromCatalog(info, kafka_config_);
      ++restarted;
    } catch (const std::exception& e) {
      catalog_->UpdateJobState(info.id, "FAILED", std::string("restart failed: ") + e.what());
      warn("Job " + info.id + " could not be restarted: " + e.what());
    }
  }
  return restarted;
}

void EngineImpl::StopJob(const std::string& id) {
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  it->second.job->Cancel();
  it->second.job->Join();
  jobs_.erase(it);
}

std::vector<std::string> EngineImpl::WritersOf(const std::string& sink_name) const {
  std::vector<std::string> ids;
  for (const JobInfo& info : catalog_->ListJobs()) {
    if (AsciiUpper(info.sink) == AsciiUpper(sink_name) && info.state != "TERMINATED") ids.push_back(info.id);
  }
  return ids;
}

void EngineImpl::ControlJob(const JobControlStmt& s, ResultSink& sink) {
  std::vector<std::string> ids;
  if (s.all) {
    for (const JobInfo& info : catalog_->ListJobs()) ids.push_back(info.id);
  } else {
    auto info = catalog_->GetJob(s.job_id);
    if (!info) {
      std::vector<std::string> known;
      for (const JobInfo& j : catalog_->ListJobs()) known.push_back(j.id);
      std::string hint = ClosestMatch(s.job_id, known);
      ThrowBind({}, "Unknown queryId: " + s.job_id,
                hint.empty() ? "SHOW JOBS lists them" : "did you mean " + hint + "?");
    }
    ids.push_back(info->id);
  }
  if (!RunsJobs()) {
    RequestJobControl(s.action, ids, sink);
    return;
  }
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  for (const std::string& id : ids) {
    auto it = jobs_.find(id);
    switch (s.action) {
      case JobControl::kTerminate:
        StopJob(id);
        catalog_->DeleteCheckpoint(id);
        catalog_->DeleteJob(id);
        sink.Notice("Query " + id + " terminated.");
        break;
      case JobControl::kPause:
        if (it != jobs_.end()) it->second.job->Pause();
        catalog_->UpdateJobState(id, "PAUSED", "");
        sink.Notice("Query " + id + " paused.");
        break;
      case JobControl::kResume:
        if (it != jobs_.end()) it->second.job->Resume();
        catalog_->UpdateJobState(id, "RUNNING", "");
        sink.Notice("Query " + id + " resumed.");
        break;
      case JobControl::kRestart: {
        std::string notice = RestartedNotice(id);  // counts the sink's records before the rerun
        RestartFromBeginning(id);
        sink.Notice(notice);
        break;
      }
    }
  }
}

void EngineImpl::RestartFromBeginning(const std::string& id) {
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  // Stopped first, so that no checkpoint of the old run lands after the reset.
  StopJob(id);
  if (!catalog_->ResetJob(id)) return;  // terminated meanwhile
  std::optional<JobInfo> info = catalog_->GetJob(id);
  if (!info) return;
  try {
    StartJobFromCatalog(*info, kafka_config_);
  } catch (const std::exception& e) {
    catalog_->UpdateJobState(id, "FAILED", std::string("restart failed: ") + e.what());
    throw RiffleError(ErrorKind::kRuntime, "Query " + id + " could not be restarted: " + e.what());
  }
}

std::string EngineImpl::RestartedNotice(const std::string& id) const {
  std::string text = "Query " + id +
                     " restarted from the beginning: its state and offsets are forgotten and it "
                     "reads its inputs from their earliest records.";
  std::optional<JobInfo> info = catalog_->GetJob(id);
  std::optional<SourceInfo> target =
      info ? catalog_->GetSource(info->sink) : std::optional<SourceInfo>();
  if (!target) return text;
  // What it wrote before stays in its sink: a lesson re-run wants that cleared too, first.
  try {
    int64_t records = 0;
    for (const auto& w : admin_->GetWatermarks(target->topic)) records += w.high - w.low;
    if (records > 0) {
      text += " Its sink topic '" + target->topic + "' keeps the " + std::to_string(records) +
              " record(s) written before (TRUNCATE TOPIC '" + target->topic +
              "' then RESTART clears them).";
    }
  } catch (const std::exception&) {
    // Not a Kafka topic (a file sink), or the broker cannot say: nothing to add.
  }
  return text;
}

bool EngineImpl::WaitForIdle(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int stable_rounds = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    bool caught_up = true;
    std::unique_lock<std::recursive_mutex> lock(jobs_mu_);
    for (auto& [id, running] : jobs_) {
      JobState state = running.job->state();
      if (state != JobState::kRunning) continue;
      for (const auto& [topic, positions] : running.body->AllPositions()) {
        for (const auto& w : JobInputWatermarks(running.body->plan(), topic)) {
          auto p = positions.find(w.partition);
          int64_t pos = p == positions.end() ? 0 : p->second;
          if (pos < w.high) caught_up = false;
        }
      }
    }
    lock.unlock();
    // Two consecutive caught-up rounds: a job's output may be another job's input.
    stable_rounds = caught_up ? stable_rounds + 1 : 0;
    if (stable_rounds >= 2) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(caught_up ? 20 : 10));
  }
  return false;
}

}  // namespace riffle
