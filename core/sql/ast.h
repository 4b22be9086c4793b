#pragma once
// The abstract syntax tree of riffle's SQL (ksqlDB's dialect plus riffle's extensions).
// Produced by core/sql/parser, consumed by the binder and planner. Identifiers are stored as
// ksqlDB resolves them: unquoted ones upper-cased, back-quoted ones verbatim.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/common/error.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

// ---------------------------------------------------------------------------------------------
// Expressions: one node type with a kind; children in `args`.

enum class ExprKind : uint8_t {
  kLiteral,     // literal + literal_type (NULL literal has type kNull)
  kColumnRef,   // name, optional qualifier ("o.ID" -> qualifier O, name ID)
  kStar,        // "*" or "o.*" (qualifier) in a select list, or COUNT(*)'s argument;
                // with args[0]: "args[0]->*", all fields of a struct (a whole select item)
  kDereference, // args[0] -> name       (struct field access)
  kSubscript,   // args[0] [ args[1] ]    (array index, 1-based in ksqlDB; map key)
  kUnary,       // op (kNeg, kNot, kPlus) args[0]
  kBinary,      // args[0] op args[1]
  kIsNull,      // args[0] IS [NOT] NULL  (negated)
  kLike,        // args[0] [NOT] LIKE args[1] [ESCAPE args[2]]
  kIn,          // args[0] [NOT] IN (args[1..])
  kBetween,     // args[0] [NOT] BETWEEN args[1] AND args[2]
  kCase,        // searched: args = when1, then1, when2, then2, ..., [else] (has_else)
                // simple CASE x WHEN ...: has_operand, args[0] is the operand, then pairs
  kCast,        // CAST(args[0] AS cast_type)
  kFunction,    // name(args...), distinct
  kArray,       // ARRAY[args...]
  kMap,         // MAP(k1 := v1, ...): args = k1, v1, k2, v2, ...
  kStruct,      // STRUCT(name1 := v1, ...): field_names[i] for args[i]
  kLambda,      // (x, y) => args[0]: lambda_params
};

enum class Op : uint8_t {
  kNone,
  kAdd, kSub, kMul, kDiv, kMod,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kAnd, kOr,
  kNeg, kNot, kPlus,
  kConcat,  // '||'
  kIsDistinct,     // a IS DISTINCT FROM b (NULLs compare equal; never NULL)
  kIsNotDistinct,  // a IS NOT DISTINCT FROM b
};

const char* OpSymbol(Op op);  // "+", "=", "AND", ...

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  // Where the expression starts; for operators (binary, IS NULL, LIKE, IN, BETWEEN, ->, [])
  // the operator's token. Relative to Statement::text (see core/sql/parser.h).
  SourcePos pos;
  Op op = Op::kNone;
  // Levels of this tree, 1 for a leaf. The parser sets it and refuses trees higher than
  // kMaxNestingDepth (core/common/nesting.h), which bounds every recursive walk of an Expr;
  // Clone copies it.
  uint16_t height = 1;
  std::string name;       // column / function / field name
  std::string qualifier;  // source alias for column refs and qualified stars
  Value literal;
  TypePtr literal_type;   // for kLiteral
  TypePtr cast_type;      // for kCast
  std::vector<ExprPtr> args;
  std::vector<std::string> field_names;    // kStruct
  std::vector<std::string> lambda_params;  // kLambda
  bool negated = false;      // IS NOT NULL, NOT LIKE, NOT IN, NOT BETWEEN
  bool distinct = false;     // COUNT(DISTINCT x)
  bool has_operand = false;  // simple CASE
  bool has_else = false;     // CASE ... ELSE
  // kColumnRef written "name": ksqlDB reads double quotes as an identifier, but a user often
  // means a string ('name'), so an unresolved one says so (DoubleQuotedNameHint).
  bool double_quoted = false;

  ExprPtr Clone() const;
  // SQL text of the expression as ksqlDB prints it in generated names and errors.
  std::string ToString() const;
};

// ---------------------------------------------------------------------------------------------
// Queries.

struct SelectItem {
  ExprPtr expr;       // kStar for "*" / "a.*"
  std::string alias;  // empty when none given
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull };

struct WithinClause {
  int64_t before_ms = 0;
  int64_t after_ms = 0;
  std::optional<int64_t> grace_ms;
};

struct Relation {
  std::string source;  // stream/table name; for a quoted name, the topic's verbatim
  std::string alias;   // empty when none
  SourcePos pos;
  // riffle's: a quoted name (FROM 'orders') reads a topic that no stream declares, its formats
  // detected and its columns inferred from its records (core/engine/topic_source.cpp).
  bool topic = false;
};

struct Join {
  JoinType type = JoinType::kInner;
  Relation right;
  ExprPtr on;
  std::optional<WithinClause> within;
};

enum class WindowKind : uint8_t { kTumbling, kHopping, kSession };

struct WindowSpec {
  WindowKind kind = WindowKind::kTumbling;
  int64_t size_ms = 0;     // TUMBLING/HOPPING SIZE; SESSION gap
  int64_t advance_ms = 0;  // HOPPING ADVANCE BY
  std::optional<int64_t> retention_ms;
  std::optional<int64_t> grace_ms;
  SourcePos pos;
};

enum class EmitKind : uint8_t { kNone, kChanges, kFinal };

struct Query {
  std::vector<SelectItem> select;
  Relation from;
  std::vector<Join> joins;
  std::optional<WindowSpec> window;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  std::vector<ExprPtr> partition_by;
  ExprPtr having;
  EmitKind emit = EmitKind::kNone;
  std::optional<int64_t> limit;
  SourcePos pos;
};

// ---------------------------------------------------------------------------------------------
// Statements.

struct ColumnSpec {
  std::string name;
  TypePtr type;
  bool key = false;          // KEY (stream) or PRIMARY KEY (table)
  bool primary_key = false;  // written as PRIMARY KEY
  bool headers = false;      // HEADERS or HEADER('k')
  std::string header_key;
  SourcePos pos;
};

// A WITH property value: string, number or boolean literal as written.
struct PropertyValue {
  Value value;
  TypePtr type;
  SourcePos pos;       // of the value
  SourcePos name_pos;  // of the property's name
  std::string AsString() const;  // the value rendered as text ('x' -> x, 3 -> 3)
};
// Property names upper-cased (KAFKA_TOPIC, VALUE_FORMAT, ...).
using Properties = std::map<std::string, PropertyValue>;

struct CreateSourceStmt {
  bool is_table = false;
  bool or_replace = false;
  bool if_not_exists = false;
  bool is_source = false;  // CREATE SOURCE STREAM/TABLE (read-only)
  std::string name;
  SourcePos name_pos;
  std::vector<ColumnSpec> columns;
  Properties properties;
  std::unique_ptr<Query> as_query;  // CREATE ... AS SELECT when set
};

struct DropSourceStmt {
  bool is_table = false;
  bool if_exists = false;
  bool delete_topic = false;
  std::string name;
  SourcePos name_pos;
};

// ALTER STREAM|TABLE name ADD [COLUMN] col type [, ADD [COLUMN] col type ...]: appends value
// columns to a source created by CREATE STREAM/TABLE (not CREATE SOURCE, not ... AS SELECT).
struct AlterSourceStmt {
  bool is_table = false;
  std::string name;
  SourcePos name_pos;
  std::vector<ColumnSpec> columns;  // in the order written; only name, type and pos are set
};

struct InsertValuesStmt {
  std::string target;
  SourcePos target_pos;
  std::vector<std::string> columns;  // empty: all columns in schema order (key first)
  std::vector<ExprPtr> values;
};

struct InsertSelectStmt {
  std::string target;
  SourcePos target_pos;
  Properties properties;  // WITH (QUERY_ID='...')
  std::unique_ptr<Query> query;
};

struct SelectStmt {
  std::unique_ptr<Query> query;
};

enum class ShowWhat : uint8_t {
  kStreams, kTables, kTopics, kProperties, kFunctions, kQueries, kJobs, kTypes, kVariables
};
struct ShowStmt {
  ShowWhat what = ShowWhat::kStreams;
  bool extended = false;
  bool all_topics = false;  // SHOW ALL TOPICS
};

struct DescribeStmt {
  std::string name;  // source name, or function name when is_function
  SourcePos name_pos;
  bool extended = false;
  bool is_function = false;
  bool all_streams = false;  // DESCRIBE STREAMS [EXTENDED]
  bool all_tables = false;   // DESCRIBE TABLES [EXTENDED]
  // riffle's DESCRIBE TOPIC 'name' | name: `name` is the topic, quoted verbatim, unquoted
  // upper-cased (the engine then matches it ignoring case, as PRINT's users expect).
  bool is_topic = false;
};

struct SetStmt {
  std::string property;
  std::string value;
  SourcePos property_pos;  // of the quoted name
};
struct UnsetStmt {
  std::string property;
};

struct PrintStmt {
  std::string topic;  // quoted name verbatim; unquoted upper-cased like any identifier
  bool from_beginning = false;
  std::optional<int64_t> limit;
  std::optional<int64_t> interval;
};

struct RunScriptStmt {
  std::string path;
};

// EXPLAIN <query> or EXPLAIN <job id>.
struct ExplainStmt {
  std::unique_ptr<Query> query;  // when explaining a query text
  std::string job_id;            // when explaining a running job
};

// TERMINATE <id> | TERMINATE ALL, PAUSE <id> | ALL, RESUME <id> | ALL, and riffle's
// RESTART <id> | ALL FROM BEGINNING (kRestart: the job forgets its state and offsets and reads
// its inputs again from their earliest records).
enum class JobControl : uint8_t { kTerminate, kPause, kResume, kRestart };
struct JobControlStmt {
  JobControl action = JobControl::kTerminate;
  std::string job_id;  // empty when all
  bool all = false;
};

// riffle's TRUNCATE TOPIC 'name' | name: deletes every record of a topic of the local broker.
// `topic` as DescribeStmt's: quoted verbatim, unquoted upper-cased (matched ignoring case).
struct TruncateTopicStmt {
  std::string topic;
  SourcePos topic_pos;
};

using StatementBody =
    std::variant<CreateSourceStmt, DropSourceStmt, AlterSourceStmt, InsertValuesStmt, InsertSelectStmt, SelectStmt,
                 ShowStmt, DescribeStmt, SetStmt, UnsetStmt, PrintStmt, RunScriptStmt,
                 ExplainStmt, JobControlStmt, TruncateTopicStmt>;

struct Statement {
  StatementBody body;
  SourcePos pos;
  std::string text;  // the statement's own text, ';' excluded
};

}  // namespace riffle
