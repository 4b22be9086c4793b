#pragma once
// Plans a SELECT into a pipeline of physical operators over one source: stateless filter and
// projection over streams; changelog filter and projection over tables; GROUP BY aggregation
// (optionally windowed) over streams and tables. Joins (core/plan/join_plan.cpp) add several
// inputs, each with its own pre-join operators, combined by join operators before `operators`.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/exec/aggregate_operator.h"
#include "core/exec/join_operator.h"
#include "core/exec/operator.h"
#include "core/exec/source_layout.h"
#include "core/expr/scope.h"
#include "core/plan/column_alias.h"
#include "core/plan/result_column.h"
#include "core/sql/ast.h"

namespace riffle {

// One input of a join query.
struct JoinInputPlan {
  SourceInfo source;
  SourceLayout layout;
  std::string alias;
  std::vector<std::unique_ptr<Operator>> pre_ops;  // applied to the input before the join
};

struct QueryPlan {
  SourceInfo source;  // for a join: the first (leftmost) input
  SourceLayout layout;
  std::vector<std::unique_ptr<Operator>> operators;  // applied in order to each batch
  std::vector<ResultColumn> output;                  // names and types of the result
  std::vector<ColumnRole> output_roles;              // key or value, for sinks
  std::optional<int64_t> limit;

  // The result is a table (a changelog: the source is a table, or the query aggregates); its
  // rows may be kUpdateBefore/kDelete as well as upserts.
  bool is_table = false;
  bool aggregates = false;
  // Set for windowed aggregations: the sink's key carries the window.
  std::optional<WindowSpec> window;
  // Columns after `output` that the last operator appends: WINDOWSTART and WINDOWEND of a
  // windowed aggregation, for the sink's windowed key. Not part of the result.
  size_t hidden_columns = 0;
  // For aggregations and PARTITION BY, per output column: the index of the GROUP BY / PARTITION
  // BY expression it is (its key position), or -1 for value columns. Sinks order keys by it.
  std::vector<int> key_rank;
  // For aggregations: the GROUP BY expressions as ksqlDB prints them ("NAME", "KSQL_COL_0"...);
  // for PARTITION BY, the partitioning expressions qualified by the source ("ABS(S.ID)").
  std::vector<std::string> group_by_text;
  // PARTITION BY over a stream: the key is the partitioning expressions (none for NULL).
  bool partitioned = false;

  // Join queries: every input (inputs[0] is `source`) and the joins combining them: joins[0]
  // joins inputs 0 and 1, joins[k] joins the result of joins[k-1] with input k+1. `operators`
  // then run over the last join's output. Empty for single-source queries.
  std::vector<JoinInputPlan> join_inputs;
  std::vector<std::unique_ptr<JoinOperator>> joins;
  bool is_join() const { return !joins.empty(); }
  // Join queries: the join expressions a persistent query must project as its key ("L.A",
  // "R.A"), or the synthetic key's name when the key is synthetic; and whether one is projected.
  std::vector<std::string> join_key_expressions;
  std::string synthetic_key;
  bool join_key_projected = true;
  // Foreign-key joins: the left table (its alias), and those of its key columns, which key the
  // result, that the projection lacks.
  std::string foreign_key_left_table;
  std::vector<std::string> foreign_key_missing_keys;

  // One line per step for EXPLAIN, source first.
  std::vector<std::string> Describe() const;
};

struct PlanOptions {
  // A transient query (push or pull, shown to the user): `*` over a windowed source includes
  // WINDOWSTART and WINDOWEND after the key columns, as ksqlDB shows them. In a persistent
  // query the window stays in the sink's key instead.
  bool transient = false;
  // The sources of the quoted topic names in FROM and JOIN (`FROM 'orders'`), by topic: the
  // engine infers them before planning, for transient queries only; they are never in the
  // catalog. Null, or a topic missing here: a quoted name is an error.
  const std::map<std::string, SourceInfo>* topics = nullptr;
  // A finite query (transient, without EMIT CHANGES: read to the sources' current end, then
  // answer once). Aggregates without GROUP BY are allowed there, over one group of every row
  // (riffle's extension: ksqlDB needs a GROUP BY).
  bool finite = false;
  // Where AVRO / PROTOBUF schemas are found; null: the catalog's own registry. Must outlive the
  // plan's operators.
  const SchemaRegistry* schemas = nullptr;
  // ksql.suppress.enabled: false refuses EMIT FINAL (ksqlDB's feature flag). A job restarted
  // from the catalog plans with it on: it was accepted when created.
  bool suppress_enabled = true;
};

// Binds `query` against the catalog and builds its plan. Throws RiffleError (kBind, kType) with
// positions relative to the statement text.
QueryPlan PlanQuery(const Query& query, const Catalog& catalog, PlanOptions options = {});

// A statement named a stream or table the catalog does not have. The engine, which can see
// the cluster, adds a hint when a topic has that name (EngineImpl::WithTopicHint).
class UnknownSourceError : public RiffleError {
 public:
  UnknownSourceError(std::string name, SourcePos pos, std::string hint)
      : RiffleError(ErrorKind::kBind, name + " does not exist.", pos, std::move(hint)),
        name_(std::move(name)) {}
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// Looks a source up by name, throwing UnknownSourceError at `pos` with a "did you mean" hint
// when it does not exist.
SourceInfo RequireSource(const Catalog& catalog, const std::string& name, SourcePos pos);

// The name of the stream a quoted topic name reads: the topic's upper-cased when it is a plain
// identifier (FROM 'orders' o, ORDERS.ID), else the topic's verbatim (written back-quoted).
std::string TopicSourceName(const std::string& topic);

// The source `relation` reads: a catalog source, or for a quoted topic name the one given in
// options.topics. Throws UnknownSourceError (see RequireSource), or RiffleError(kBind) for a
// quoted name options.topics lacks (a persistent query: it must read a declared source).
SourceInfo ResolveRelation(const Relation& relation, const Catalog& catalog,
                           const PlanOptions& options);

// ---- Shared with the aggregation planner (query_plan_aggregate.cpp). ----

// ksqlDB's name for a select item without an alias: the column name, else the name `aliases`
// generates (a struct field's name, or KSQL_COL_<n>), unique among the sources' columns.
std::string SelectItemName(const Expr& e, ColumnAliasGenerator& aliases);
// The names of `schema`'s columns, in order (what a ColumnAliasGenerator must not repeat).
std::vector<std::string> ColumnNames(const Schema& schema);
// Whether `e` contains a call to an aggregate function.
bool ContainsAggregate(const Expr& e);
// Binds a query's WHERE expression in `scope` (its "WHERE column ..." messages included). A type
// error in it is worded as ksqlDB's FilterTypeValidator words it: "Error in WHERE expression:
// <error>\nStatement: <the expression>".
CompiledExprPtr BindWhere(const Expr& where, Scope& scope);
// `base->*` (a kStar whose args[0] is the base): one `base->field` per field of the STRUCT
// `base`, each with the field's name. Throws RiffleError(kBind) when `base` is not a STRUCT.
std::vector<std::pair<ExprPtr, std::string>> ExpandStructStar(const Expr& star, const Scope& scope);
// Whether `q` aggregates: GROUP BY, HAVING or an aggregate call in its select list.
bool IsAggregation(const Query& q);
// Removes the qualifiers of `e` that name the query's only source (`alias` or `source`), so
// that TEST.DATA and DATA have the same text: GROUP BY and PARTITION BY match items by text.
void StripQualifiers(Expr& e, const std::string& alias, const std::string& source);

// Qualifies the column references of `e` by the alias of the input they resolve to in `scope`
// (lambda parameters aside), so that a join's `region` and `u.region` have one text. Names that
// do not resolve stay as they are: binding reports them.
void QualifyColumns(Expr& e, const Scope& scope, std::set<std::string> lambda_params = {});

// PARTITION BY of a stream query or a join of streams (core/plan/partition_by.cpp).
struct PartitionKeys {
  std::vector<const Expr*> exprs;    // in order; empty for PARTITION BY NULL
  std::vector<std::string> texts;    // normalized: select items match by it
  std::vector<std::string> display;  // qualified by the source, for messages: ABS(INPUT.ID)
  std::vector<std::string> names;    // key column names when `*` selects them
  std::vector<int> columns;          // the input row column each one is, or -1
  std::vector<bool> from_key;        // reads only the old key columns (or no column)
  std::function<void(Expr&)> normalize;  // see PartitionInput
};
// What PARTITION BY re-keys: one source's rows or a join's.
struct PartitionInput {
  const Scope& scope;  // resolves the input row's columns
  // Rewrites an expression so that two spellings of one expression have one text (`T.A` and
  // `A`): a single source's qualifiers are stripped, a join's columns qualified by their input.
  std::function<void(Expr&)> normalize;
  // A normalized expression as ksqlDB prints it in messages.
  std::function<std::string(const Expr&)> display;
  // For a normalized expression that is a column of the input row: the name its key column
  // takes and its index in the row; else ("", -1).
  std::function<std::pair<std::string, int>(const Expr&)> column;
  std::vector<std::string> taken;  // column names a generated key name must not repeat
  // Whether a normalized column reference is one of the input row's key columns; null when the
  // rows never are tombstones (a join's).
  std::function<bool(const Expr&)> is_key_column;
};
PartitionInput SingleSourcePartitionInput(const Scope& scope, const Schema& schema,
                                          const std::string& alias, const std::string& source);
// Checks q.partition_by (REQUIRES: not empty) against input.scope and names its keys as ksqlDB
// does: a column keeps its name (input.column), others are named by a ColumnAliasGenerator
// over input.taken (a struct field by the field's name, others KSQL_COL_<n>).
PartitionKeys AnalyzePartitionBy(const Query& q, const PartitionInput& input);

// ksqlDB re-keys a table only to its own key, a no-op; so a PARTITION BY of a table (a
// windowed stream) that is not exactly its single key column is refused with ksqlDB's message.
void CheckRepartitionAllowed(const Query& q, const Schema& schema, bool is_table, bool windowed,
                             const std::string& alias, const std::string& source);

// The index of the partitioning expression `item` is, or -1.
int PartitionRank(const PartitionKeys& keys, const Expr& item);
// Expands `*` under PARTITION BY as ksqlDB does: the new key columns, then the source's value
// columns and then its old key columns, except those that became keys. Appends to `exprs`,
// `names`, plan.output_roles and plan.key_rank.
void ExpandPartitionedStar(const PartitionKeys& keys, const Scope& scope, const std::string& alias,
                           SourcePos pos, std::vector<CompiledExprPtr>& exprs,
                           std::vector<std::string>& names, QueryPlan& plan);

// What the GROUP BY planner aggregates: one source's rows, or a join's joined rows.
struct AggregationInput {
  const Scope& scope;    // resolves the input row's columns
  const Schema& schema;  // the input row's columns (a join's: every input's, in order)
  // One source: its alias, whose qualifiers are stripped (`T.A` and `A` are one expression).
  // A join: empty; column references are qualified by their input's alias instead, so that
  // `region` and `u.region` are one expression too.
  std::string alias;
  bool is_join = false;
  bool is_table = false;  // the rows are a table's changelog (retractions come as before-rows)
  bool allow_global = false;  // aggregates without GROUP BY (PlanOptions::finite)
};

// Plans the GROUP BY part of `query` (everything after WHERE) into `plan`.
void PlanAggregation(const Query& query, const AggregationInput& input, QueryPlan& plan);

}  // namespace riffle
