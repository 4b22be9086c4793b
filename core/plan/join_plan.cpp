#include "core/plan/join_plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/common/text.h"
#include "core/exec/append_pseudo_columns.h"
#include "core/exec/changelog_filter.h"
#include "core/exec/drop_null_keys.h"
#include "core/exec/filter.h"
#include "core/exec/project.h"
#include "core/exec/rekey.h"
#include "core/exec/table_materialize.h"
#include "core/expr/binder.h"
#include "core/expr/scope.h"
#include "core/plan/read_columns.h"

namespace riffle {

namespace {

const char* JoinTypeName(JoinType t) {
  switch (t) {
    case JoinType::kInner:
      return "INNER";
    case JoinType::kLeft:
      return "LEFT";
    case JoinType::kRight:
      return "RIGHT";
    case JoinType::kFull:
      break;
  }
  return "FULL OUTER";
}

// ksqlDB prints INT as INTEGER in join errors.
std::string KsqlTypeName(const Type& t) {
  std::string s = t.ToSqlString();
  return s == "INT" ? "INTEGER" : s;
}

// A name no SQL identifier can take, for the join key column.
constexpr const char* kJoinKeyColumn = "$JOIN_KEY";

struct Input {
  SourceInfo source;
  SourceLayout layout;
  std::string alias;  // upper-cased as the parser stores qualifiers
  int offset = 0;     // first column in the joined row
  // The pseudo-columns the query names qualified by this input (`T.ROWTIME`): copied into
  // columns after the decoded ones, so that they survive the join.
  std::vector<PseudoColumn> pseudo;
  int width() const { return static_cast<int>(layout.batch_width() + pseudo.size()); }
};

// Adds to `found` the pseudo-columns `e` names with a qualifier that `is_input` accepts.
void FindQualifiedPseudo(const Expr& e, const std::function<bool(const std::string&)>& is_input,
                         std::set<PseudoColumn>& found) {
  if (e.kind == ExprKind::kColumnRef && !e.qualifier.empty() && is_input(e.qualifier)) {
    PseudoColumn p = PseudoColumnFromName(e.name);
    if (p != PseudoColumn::kNone) found.insert(p);
  }
  for (const auto& a : e.args) {
    if (a) FindQualifiedPseudo(*a, is_input, found);
  }
}

// The WINDOW_TYPE of a windowed source (upper case), or "".
std::string WindowTypeOf(const Input& in) {
  auto it = in.source.properties.find("WINDOW_TYPE");
  return it == in.source.properties.end() ? std::string() : AsciiUpper(it->second);
}

// A windowed source's rows carry WINDOWSTART and WINDOWEND after its schema's columns.
void AddWindowColumns(Scope& scope, const Input& in, int offset) {
  if (in.layout.window == SourceLayout::Window::kNone) return;
  int at = offset + static_cast<int>(in.layout.schema.size());
  for (const char* bound : {"WINDOWSTART", "WINDOWEND"}) {
    if (in.layout.schema.Find(bound) < 0) scope.AddColumn(in.alias, bound, Type::Bigint(), at);
    ++at;
  }
}

class JoinPlanner {
 public:
  JoinPlanner(const Query& q, const Catalog& catalog, const PlanOptions& options)
      : q_(q), catalog_(catalog), options_(options) {}
  QueryPlan Plan();

 private:
  void LoadInputs();
  // The inputs `e` references (by index), checking that its columns resolve.
  std::set<int> ReferencedInputs(const Expr& e, size_t visible, const Expr& on) const;
  int FindInput(const std::string& qualifier) const;
  // The inputs a select-list star expands over: every input for `*`, input A for `A.*`
  // (refused when A names none).
  std::vector<int> StarInputs(const Expr& star) const;
  // `e` with its column references qualified by the first of `visible` inputs having them, as
  // ksqlDB prints join criteria in errors.
  std::string Qualified(const Expr& e, size_t visible) const;
  void PlanJoin(size_t k);
  // Checks that join k, whose left side is not a table key, can be a foreign-key join and makes
  // `spec` one. `criteria` is the ON clause as errors print it.
  void PlanForeignKey(const Join& join, size_t k, const std::string& criteria, JoinSpec& spec);
  // Join k of two windowed streams: both sides must join on their key (ksqlDB cannot
  // repartition windowed sources) with the same window kind; rows match on key and window.
  void PlanWindowedJoin(size_t k, JoinSpec& spec);
  void PlanKey();
  void PlanWhere();
  void PlanProjection();
  // PARTITION BY over a join of streams: the partitioning expressions, checked and named.
  PartitionKeys AnalyzePartitionBy() const;
  // Whether PARTITION BY is a no-op: the join result's own (single) key column. Otherwise a
  // join of tables or of windowed streams cannot be re-keyed (ksqlDB's messages).
  bool PartitionByIsNoOp() const;
  // The projection of a re-keyed join: the items equal to a partitioning expression are the
  // key, any others values; `*` gives the new key columns, then every input's columns.
  void PlanPartitionedProjection(const PartitionKeys& keys);
  // GROUP BY over the joined rows (WHERE, aggregation, HAVING, projection).
  void PlanAggregate();
  // The columns keying a join of tables' result rows: the join key, or a foreign-key join's
  // left key columns.
  std::vector<int> ResultKeyColumns() const {
    return foreign_key_last_ ? key_columns_ : std::vector<int>{synthetic_column_};
  }
  // The name of column `name` of input `i` in the joined row's `*` expansion.
  std::string Prefixed(int i, const std::string& name) const {
    return inputs_[i].alias + "_" + name;
  }

  const Query& q_;
  const Catalog& catalog_;
  const PlanOptions& options_;
  QueryPlan plan_;
  std::vector<Input> inputs_;
  Scope scope_;  // the joined row
  int width_ = 0;
  bool result_is_table_ = false;
  // The last join's key columns (plain-column criteria, left first) and synthetic key column.
  std::vector<int> key_columns_;
  int synthetic_column_ = -1;
  // The last join is a foreign-key join: key_columns_ are all the left table's key columns.
  bool foreign_key_last_ = false;
};

int JoinPlanner::FindInput(const std::string& qualifier) const {
  std::string q = AsciiUpper(qualifier);
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (AsciiUpper(inputs_[i].alias) == q) return static_cast<int>(i);
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (AsciiUpper(inputs_[i].source.name) == q) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> JoinPlanner::StarInputs(const Expr& star) const {
  std::vector<int> inputs;
  if (star.qualifier.empty()) {
    for (size_t i = 0; i < inputs_.size(); ++i) inputs.push_back(static_cast<int>(i));
    return inputs;
  }
  int i = FindInput(star.qualifier);
  if (i < 0) {
    ThrowBind(star.pos, "'" + star.qualifier + "' is not a valid stream/table name or alias.");
  }
  inputs.push_back(i);
  return inputs;
}

void JoinPlanner::LoadInputs() {
  std::vector<const Relation*> relations = {&q_.from};
  for (const Join& j : q_.joins) relations.push_back(&j.right);
  std::vector<std::string> kafka_format;
  for (const Relation* r : relations) {
    Input in;
    in.source = ResolveRelation(*r, catalog_, options_);
    for (const Input& other : inputs_) {
      if (AsciiUpper(other.source.name) == AsciiUpper(in.source.name)) {
        ThrowBind(r->pos, "Can not join '" + other.source.name + "' to '" + in.source.name +
                              "': self joins are not yet supported.");
      }
    }
    in.layout = MakeSourceLayout(in.source, options_.schemas ? options_.schemas : &catalog_);
    MarkUnreadValueColumns(q_, in.layout);
    in.alias = r->alias.empty() ? in.source.name : r->alias;
    in.offset = width_;
    if (AsciiUpper(in.source.value_format) == "KAFKA") kafka_format.push_back(in.source.name);
    std::set<PseudoColumn> pseudo;
    auto is_input = [&](const std::string& q) {
      return AsciiUpper(q) == AsciiUpper(in.alias) || AsciiUpper(q) == AsciiUpper(in.source.name);
    };
    auto scan = [&](const Expr* e) {
      if (e) FindQualifiedPseudo(*e, is_input, pseudo);
    };
    for (const SelectItem& item : q_.select) scan(item.expr.get());
    scan(q_.where.get());
    scan(q_.having.get());
    for (const auto& g : q_.group_by) scan(g.get());
    for (const auto& p : q_.partition_by) scan(p.get());
    for (PseudoColumn p : pseudo) {
      // A real column of that name shadows the pseudo-column.
      if (in.layout.schema.Find(PseudoColumnName(p)) < 0) in.pseudo.push_back(p);
    }
    width_ += in.width();
    // Room for the join key column each join appends after its right input.
    if (!inputs_.empty()) ++width_;
    inputs_.push_back(std::move(in));
  }
  if (!kafka_format.empty()) {
    std::string names;
    for (const auto& n : kafka_format) names += (names.empty() ? "" : ", ") + n;
    ThrowBind(q_.pos, "Source(s) " + names +
                          " are using the 'KAFKA' value format. This format does not yet "
                          "support JOIN.");
  }
  // Windowed sources join only windowed sources of a compatible kind; the window is part of
  // their key (PlanJoin matches it).
  for (size_t i = 1; i < inputs_.size(); ++i) {
    const Input& a = inputs_[0];
    const Input& b = inputs_[i];
    std::string wa = WindowTypeOf(a);
    std::string wb = WindowTypeOf(b);
    if (wa.empty() != wb.empty()) {
      const Input& w = wa.empty() ? b : a;
      const Input& n = wa.empty() ? a : b;
      ThrowBind(relations[i]->pos,
                "Can not join windowed source to non-windowed source.\n`" + w.source.name +
                    "` is " + (wa.empty() ? wb : wa) + " windowed\n`" + n.source.name +
                    "` is not windowed");
    }
    if (!wa.empty() && (wa == "SESSION") != (wb == "SESSION")) {
      ThrowBind(relations[i]->pos,
                "Incompatible windowed sources.\nLeft source: " + wa + "\nRight source: " + wb +
                    "\nSession windowed sources can only be joined to other session windowed "
                    "sources, and may still not result in expected behaviour as session bounds "
                    "must be an exact match for the join to work\nHopping and tumbling windowed "
                    "sources can only be joined to other hopping and tumbling windowed sources");
    }
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const Input& in = inputs_[i];
    scope_.AddSchema(in.alias, in.layout.schema, in.offset);
    AddWindowColumns(scope_, in, in.offset);
    int at = in.offset + static_cast<int>(in.layout.batch_width());
    for (PseudoColumn p : in.pseudo) {
      scope_.AddQualifiedPseudoColumn(in.alias, PseudoColumnName(p), at++);
    }
    if (AsciiUpper(in.alias) != AsciiUpper(in.source.name)) scope_.AddQualifierSynonym(in.alias, in.source.name);
  }
}

std::set<int> JoinPlanner::ReferencedInputs(const Expr& e, size_t visible, const Expr& on) const {
  std::set<int> found;
  if (e.kind == ExprKind::kColumnRef) {
    std::string shown = e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
    if (!e.qualifier.empty()) {
      int i = FindInput(e.qualifier);
      if (i < 0 || static_cast<size_t>(i) >= visible) {
        ThrowBind(e.pos, "'" + e.qualifier + "' is not a valid stream/table name or alias.");
      }
      if (inputs_[i].layout.schema.Find(e.name) < 0) {
        ThrowBind(e.pos, "JOIN ON column '" + shown + "' cannot be resolved.",
                  e.double_quoted ? DoubleQuotedNameHint(e.name, "") : "");
      }
      found.insert(i);
    } else {
      std::vector<int> matches;
      for (size_t i = 0; i < visible; ++i) {
        if (inputs_[i].layout.schema.Find(e.name) >= 0) matches.push_back(static_cast<int>(i));
      }
      if (matches.size() > 1) {
        std::string could;
        for (int m : matches) {
          could += (could.empty() ? "" : " or ") + inputs_[m].alias + "." + e.name;
        }
        ThrowBind(e.pos, "Column '" + e.name + "' is ambiguous. Could be " + could + ".");
      }
      if (matches.empty()) {
        ThrowBind(e.pos, "JOIN ON column '" + shown + "' cannot be resolved.",
                  e.double_quoted ? DoubleQuotedNameHint(e.name, "") : "");
      }
      found.insert(matches[0]);
    }
  }
  for (const auto& a : e.args) {
    if (!a) continue;
    auto sub = ReferencedInputs(*a, visible, on);
    found.insert(sub.begin(), sub.end());
  }
  return found;
}

std::string JoinPlanner::Qualified(const Expr& e, size_t visible) const {
  ExprPtr copy = e.Clone();
  std::vector<Expr*> pending = {copy.get()};
  while (!pending.empty()) {
    Expr* x = pending.back();
    pending.pop_back();
    if (x->kind == ExprKind::kColumnRef && x->qualifier.empty()) {
      for (size_t i = 0; i < visible; ++i) {
        if (inputs_[i].layout.schema.Find(x->name) < 0) continue;
        x->qualifier = AsciiUpper(inputs_[i].alias);
        break;
      }
    }
    for (auto& a : x->args) {
      if (a) pending.push_back(a.get());
    }
  }
  return copy->ToString();
}

void JoinPlanner::PlanForeignKey(const Join& join, size_t k, const std::string& criteria,
                                 JoinSpec& spec) {
  const Input& left = inputs_[0];
  const Input& right = inputs_[k + 1];
  if (join.type == JoinType::kFull) {
    ThrowBind(join.right.pos, "Invalid join type: full-outer join not supported for foreign-key "
                              "table-table join. Got " + left.source.name +
                                  " [FULL] OUTER JOIN " + right.source.name + ".");
  }
  // Only a join of two sources: ksqlDB keys the intermediate results of n-way joins otherwise.
  if (k > 0) {
    ThrowBind(join.on->pos, "Invalid join condition: foreign-key table-table joins are not "
                            "supported as part of n-way joins. Got " + criteria + ".");
  }
  if (right.source.properties.count("WINDOW_TYPE")) {
    ThrowBind(join.right.pos, "Foreign-key table-table joins are not supported on windowed "
                              "tables.");
  }
  if (join.type == JoinType::kRight) {
    ThrowBind(join.right.pos, "RIGHT OUTER JOIN on a foreign key is not supported");
  }
  spec.kind = JoinKind::kForeignKey;
  spec.left_key_columns = left.layout.schema.KeyIndexes();
}

void JoinPlanner::PlanWindowedJoin(size_t k, JoinSpec& spec) {
  const Input& right = inputs_[k + 1];
  const char* kRepartition =
      "Implicit repartitioning of windowed sources is not supported. See "
      "https://github.com/confluentinc/ksql/issues/4385.";
  // The left criteria must be the key column of one of the inputs joined so far.
  int lcol = spec.left_key->ColumnIndex();
  int left_input = -1;
  for (size_t i = 0; i <= k; ++i) {
    std::vector<int> keys = inputs_[i].layout.schema.KeyIndexes();
    if (keys.size() == 1 && lcol == inputs_[i].offset + keys[0]) left_input = static_cast<int>(i);
  }
  std::vector<int> rkeys = right.layout.schema.KeyIndexes();
  int rcol = spec.right_key->ColumnIndex();
  if (left_input < 0 || rkeys.size() != 1 || rcol != rkeys[0]) ThrowBind(q_.pos, kRepartition);
  const Input& left = inputs_[left_input];
  // Time windows of another kind or size have another key format: joining them would mean
  // rewriting one side's keys. Schema-registry key formats are rewritten anyway.
  bool registry_keys = left.layout.key_format.name.find("_SR") != std::string::npos ||
                       left.layout.key_format.name == "AVRO" ||
                       left.layout.key_format.name.rfind("PROTOBUF", 0) == 0;
  if (!registry_keys && (WindowTypeOf(left) != WindowTypeOf(right) ||
                         left.layout.window_size_ms != right.layout.window_size_ms)) {
    ThrowBind(q_.pos, kRepartition);
  }
  // A time window is keyed by its start; a session by its start and end.
  bool session = right.layout.window == SourceLayout::Window::kSession;
  int lw = left.offset + static_cast<int>(left.layout.schema.size());
  int rw = static_cast<int>(right.layout.schema.size());
  spec.left_window_columns = {lw};
  spec.right_window_columns = {rw};
  if (session) {
    spec.left_window_columns.push_back(lw + 1);
    spec.right_window_columns.push_back(rw + 1);
  }
}

void JoinPlanner::PlanJoin(size_t k) {
  const Join& join = q_.joins[k];
  const Expr& on = *join.on;
  if (on.kind == ExprKind::kBinary && (on.op == Op::kAnd || on.op == Op::kOr)) {
    ThrowBind(on.pos, "Invalid join condition: joins on multiple conditions are not yet "
                      "supported. Got " + on.ToString() + ".");
  }
  if (on.kind != ExprKind::kBinary || on.op != Op::kEq) {
    ThrowBind(on.pos, "Unsupported join expression: " + on.ToString() +
                          ". Joins must be on equality (eg, ON A.ID = B.ID).");
  }
  size_t right_index = k + 1;
  const Expr* sides[2] = {on.args[0].get(), on.args[1].get()};
  std::set<int> refs[2];
  // Unknown qualifiers first, as ksqlDB reports them before ambiguous names.
  std::vector<const Expr*> pending = {&on};
  while (!pending.empty()) {
    const Expr* x = pending.back();
    pending.pop_back();
    if (x->kind == ExprKind::kColumnRef && !x->qualifier.empty()) {
      int i = FindInput(x->qualifier);
      if (i < 0 || static_cast<size_t>(i) > right_index) {
        ThrowBind(x->pos, "'" + x->qualifier + "' is not a valid stream/table name or alias.");
      }
    }
    for (const auto& arg : x->args) {
      if (arg) pending.push_back(arg.get());
    }
  }
  for (int s = 0; s < 2; ++s) {
    refs[s] = ReferencedInputs(*sides[s], right_index + 1, on);
    if (refs[s].size() != 1) {
      ThrowBind(sides[s]->pos, "Invalid comparison expression '" + sides[s]->ToString() +
                                   "' in join '" + on.ToString() +
                                   "'. Each side of the join comparision must contain "
                                   "references from exactly one source.");
    }
  }
  // Orient the criteria: [0] over the inputs joined so far, [1] over the new input.
  bool flipped = *refs[0].begin() == static_cast<int>(right_index);
  if (flipped) {
    std::swap(sides[0], sides[1]);
    std::swap(refs[0], refs[1]);
  }
  if (*refs[1].begin() != static_cast<int>(right_index) ||
      *refs[0].begin() == static_cast<int>(right_index)) {
    ThrowBind(on.pos, "Invalid join condition: each side must reference a different source. "
                      "Got " + on.ToString() + ".");
  }
  const Input& right = inputs_[right_index];
  int left_width = right.offset;
  // Left scope: the joined row so far; right scope: the new input alone.
  Scope left_scope;
  for (const ScopeColumn& c : scope_.columns()) {
    if (c.index < left_width) left_scope.AddColumn(c.qualifier, c.name, c.type, c.index);
  }
  for (size_t i = 0; i <= k; ++i) {
    if (AsciiUpper(inputs_[i].alias) != AsciiUpper(inputs_[i].source.name)) {
      left_scope.AddQualifierSynonym(inputs_[i].alias, inputs_[i].source.name);
    }
  }
  Scope right_scope;
  right_scope.AddSchema(right.alias, right.layout.schema, 0);
  AddWindowColumns(right_scope, right, 0);
  if (AsciiUpper(right.alias) != AsciiUpper(right.source.name)) {
    right_scope.AddQualifierSynonym(right.alias, right.source.name);
  }
  JoinSpec spec;
  spec.type = join.type;
  spec.left_key = BindExpression(*sides[0], left_scope);
  spec.right_key = BindExpression(*sides[1], right_scope);
  spec.left_width = static_cast<size_t>(left_width);
  spec.right_width = static_cast<size_t>(right.width());
  // The criteria as ksqlDB prints them in errors: qualified, in the order written.
  std::string texts[2] = {Qualified(*sides[0], right_index + 1),
                          Qualified(*sides[1], right_index + 1)};
  std::string types[2] = {KsqlTypeName(*spec.left_key->type()),
                          KsqlTypeName(*spec.right_key->type())};
  if (flipped) {
    std::swap(texts[0], texts[1]);
    std::swap(types[0], types[1]);
  }
  std::string criteria = texts[0] + " = " + texts[1];
  if (types[0] != types[1]) {
    ThrowType(on.pos, "Invalid join condition: types don't match. Got " + texts[0] + "{" +
                          types[0] + "} = " + texts[1] + "{" + types[1] + "}.");
  }

  bool left_table = result_is_table_;
  bool right_table = right.source.is_table;
  std::string left_name = k == 0 ? inputs_[0].source.name : "the join result";
  auto kind_name = [](bool table) { return table ? "TABLE" : "STREAM"; };
  std::string got = std::string(kind_name(left_table)) + " [" + left_name + "] " +
                    JoinTypeName(join.type) + " JOIN " + kind_name(right_table) + " [" +
                    right.source.name + "]";
  // A stream-table join must name the table's (single) primary key column.
  auto require_table_key = [&](const Input& in, const CompiledExpr& bound) {
    std::vector<int> keys = in.layout.schema.KeyIndexes();
    if (keys.size() != 1 || bound.ColumnIndex() != keys[0]) {
      ThrowBind(on.pos, "Invalid join condition: stream-table joins require to join on the "
                        "table's primary key. Got " + criteria + ".");
    }
  };
  if (left_table && !right_table) {
    ThrowBind(join.right.pos, "Invalid join order: table-stream joins are not supported; only "
                              "stream-table joins. Got " + got + ".");
  }
  if (!left_table && !right_table) {
    if (!join.within) {
      ThrowBind(join.right.pos,
                "Stream-Stream joins must have a WITHIN clause specified. None was provided. To "
                "learn about how to specify a WITHIN clause with a stream-stream join, please "
                "visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html"
                "#create-stream-as-select");
    }
    spec.kind = JoinKind::kStreamStream;
    spec.before_ms = join.within->before_ms;
    spec.after_ms = join.within->after_ms;
    spec.grace_ms = join.within->grace_ms;
    if (!WindowTypeOf(right).empty()) PlanWindowedJoin(k, spec);
  } else {
    if (join.within) {
      ThrowBind(join.right.pos,
                std::string("A window definition was provided for a ") +
                    (left_table ? "Table-Table" : "Stream-Table") +
                    " join. These joins are not windowed. Please drop the window definition "
                    "(ie. the WITHIN clause) and try to execute your join again.");
    }
    if (!left_table) {
      if (join.type == JoinType::kRight || join.type == JoinType::kFull) {
        ThrowBind(join.right.pos, std::string("Invalid join type: ") +
                                      (join.type == JoinType::kFull ? "full-outer" : "right") +
                                      " join not supported for stream-table join. Got " + got +
                                      ".");
      }
      spec.kind = JoinKind::kStreamTable;
    } else {
      spec.kind = JoinKind::kTableTable;
      int col = spec.right_key->ColumnIndex();
      std::vector<int> rkeys = right.layout.schema.KeyIndexes();
      if (rkeys.size() != 1 || col != rkeys[0]) {
        ThrowBind(on.pos, "Invalid join condition: table-table joins require to join on the "
                          "primary key of the right input table. Got " + criteria + ".");
      }
      // A left side other than a (single-column) table key makes a foreign-key join.
      int lcol = spec.left_key->ColumnIndex();
      bool left_is_key = false;
      for (size_t i = 0; i <= k; ++i) {
        std::vector<int> keys = inputs_[i].layout.schema.KeyIndexes();
        left_is_key = left_is_key || (keys.size() == 1 && lcol == inputs_[i].offset + keys[0]);
      }
      if (!left_is_key) PlanForeignKey(join, k, criteria, spec);
    }
    if (spec.kind == JoinKind::kStreamTable) {
      require_table_key(right, *spec.right_key);
    }
  }
  if (!WindowTypeOf(right).empty() && spec.kind != JoinKind::kStreamStream) {
    ThrowBind(join.right.pos, "Joins of windowed tables are not supported yet.");
  }
  result_is_table_ = left_table && right_table;
  spec.description = std::string(spec.kind == JoinKind::kStreamTable    ? "StreamTableJoin "
                                 : spec.kind == JoinKind::kStreamStream ? "StreamStreamJoin "
                                 : spec.kind == JoinKind::kForeignKey   ? "ForeignKeyTableJoin "
                                                                        : "TableTableJoin ") +
                     JoinTypeName(join.type) + " " + right.source.name + " ON " + on.ToString();
  if (spec.kind == JoinKind::kStreamStream) {
    spec.description += " WITHIN (" + std::to_string(spec.before_ms) + " ms, " +
                        std::to_string(spec.after_ms) + " ms)";
    if (spec.grace_ms) spec.description += " GRACE " + std::to_string(*spec.grace_ms) + " ms";
  }
  // The key candidates for the result: the criteria's plain columns, left side first.
  key_columns_.clear();
  plan_.join_key_expressions.clear();
  int lcol = spec.left_key->ColumnIndex();
  int rcol = spec.right_key->ColumnIndex();
  if (lcol >= 0) {
    key_columns_.push_back(lcol);
    plan_.join_key_expressions.push_back(Qualified(*sides[0], right_index + 1));
  }
  if (rcol >= 0) {
    key_columns_.push_back(right.offset + rcol);
    plan_.join_key_expressions.push_back(Qualified(*sides[1], right_index + 1));
  }
  synthetic_column_ = right.offset + right.width();
  if (join.type == JoinType::kFull || key_columns_.empty()) {
    key_columns_.clear();
    plan_.join_key_expressions.clear();
  }
  // A foreign-key join's result is keyed by the left table's key columns, all of them.
  foreign_key_last_ = spec.kind == JoinKind::kForeignKey;
  if (foreign_key_last_) {
    key_columns_ = spec.left_key_columns;
    plan_.join_key_expressions.clear();
  }
  plan_.joins.push_back(MakeJoinOperator(std::move(spec)));
}

void JoinPlanner::PlanKey() {
  if (!key_columns_.empty()) return;
  // A synthetic key: ROWKEY, or ROWKEY_<n> when a source has a column of that name.
  std::set<std::string> names;
  for (const Input& in : inputs_) {
    for (size_t c = 0; c < in.layout.schema.size(); ++c) names.insert(AsciiUpper(in.layout.schema[c].name));
  }
  std::string name = "ROWKEY";
  for (int n = 1; names.count(name); ++n) name = "ROWKEY_" + std::to_string(n);
  plan_.synthetic_key = name;
  TypePtr type = plan_.joins.back()->spec().left_key->type();
  scope_.AddColumn("", name, type, synthetic_column_);
  key_columns_.push_back(synthetic_column_);
}

void JoinPlanner::PlanWhere() {
  if (!q_.where) return;
  CompiledExprPtr predicate = BindWhere(*q_.where, scope_);
  if (predicate->type()->kind != TypeKind::kBoolean) {
    ThrowType(q_.where->pos, "WHERE clause must be BOOLEAN, but was " +
                                 predicate->type()->ToSqlString() + ".");
  }
  if (result_is_table_) {
    // Under GROUP BY the rows were materialized first: they come in before/after pairs.
    // Otherwise the filter remembers which keys pass, so that a row that never matched leaves
    // no tombstone (Kafka Streams' table filter with old values, as ksqlDB's join results).
    auto filter = std::make_unique<ChangelogFilterOperator>(
        std::move(predicate), "Filter", q_.where->ToString(), /*paired=*/plan_.aggregates);
    if (!plan_.aggregates) filter->set_keyed(ResultKeyColumns());
    plan_.operators.push_back(std::move(filter));
  } else {
    plan_.operators.push_back(
        std::make_unique<FilterOperator>(std::move(predicate), q_.where->ToString()));
  }
}

void JoinPlanner::PlanProjection() {
  if (!q_.partition_by.empty() && !PartitionByIsNoOp()) {
    PartitionKeys keys = AnalyzePartitionBy();
    PlanPartitionedProjection(keys);
    return;
  }
  scope_.set_clause("SELECT");
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  // Column names that appear in more than one input get the source prefix.
  std::map<std::string, int> name_count;
  for (const Input& in : inputs_) {
    for (size_t c = 0; c < in.layout.schema.size(); ++c) ++name_count[AsciiUpper(in.layout.schema[c].name)];
  }
  // Every input has the pseudo-columns: S.ROWTIME is named S_ROWTIME as ksqlDB names it.
  for (const char* pseudo : {"ROWTIME", "ROWPARTITION", "ROWOFFSET"}) name_count[pseudo] += 2;
  auto column_ref = [](const std::string& qualifier, const std::string& name, SourcePos pos) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = name;
    ref.qualifier = qualifier;
    ref.pos = pos;
    return ref;
  };
  std::vector<std::string> taken;
  for (const Input& in : inputs_) {
    for (const std::string& name : ColumnNames(in.layout.schema)) taken.push_back(name);
  }
  ColumnAliasGenerator generated_names(taken);
  for (const SelectItem& item : q_.select) {
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kStar && !e.args.empty()) {
      for (auto& [field, name] : ExpandStructStar(e, scope_)) {
        exprs.push_back(BindExpression(*field, scope_));
        names.push_back(name);
      }
      continue;
    }
    if (e.kind == ExprKind::kStar) {
      if (e.qualifier.empty() && !plan_.synthetic_key.empty()) {
        exprs.push_back(BindExpression(column_ref("", plan_.synthetic_key, e.pos), scope_));
        names.push_back(plan_.synthetic_key);
      }
      for (int i : StarInputs(e)) {
        const Schema& schema = inputs_[i].layout.schema;
        std::vector<std::string> columns;
        for (size_t c = 0; c < schema.size(); ++c) columns.push_back(schema[c].name);
        if (inputs_[i].layout.window != SourceLayout::Window::kNone) {
          // A windowed source's window follows its key columns, as ksqlDB expands it.
          columns.clear();
          for (int key : schema.KeyIndexes()) columns.push_back(schema[key].name);
          columns.push_back("WINDOWSTART");
          columns.push_back("WINDOWEND");
          for (size_t c = 0; c < schema.size(); ++c) {
            if (schema[c].role != ColumnRole::kKey) columns.push_back(schema[c].name);
          }
        }
        for (const std::string& column : columns) {
          exprs.push_back(BindExpression(column_ref(inputs_[i].alias, column, e.pos), scope_));
          names.push_back(Prefixed(i, column));
        }
      }
      continue;
    }
    exprs.push_back(BindExpression(e, scope_));
    std::string name = item.alias;
    if (name.empty() && e.kind == ExprKind::kColumnRef && !e.qualifier.empty() &&
        name_count[AsciiUpper(e.name)] > 1) {
      int i = FindInput(e.qualifier);
      name = i >= 0 ? Prefixed(i, e.name) : e.name;
    }
    if (name.empty()) name = SelectItemName(e, generated_names);
    names.push_back(name);
  }
  // The key columns: every left key column for a foreign-key join (all must be projected),
  // else the first candidate column that is projected (left criteria first).
  std::vector<int> keys;
  std::vector<std::string> missing;
  for (int candidate : key_columns_) {
    bool projected = false;
    for (const auto& ex : exprs) projected = projected || ex->ColumnIndex() == candidate;
    if (projected && (foreign_key_last_ || keys.empty())) keys.push_back(candidate);
    if (!projected && foreign_key_last_) {
      missing.push_back(inputs_[0].layout.schema[candidate].name);
    }
  }
  plan_.join_key_projected = !keys.empty() && missing.empty();
  if (foreign_key_last_) {
    plan_.foreign_key_left_table = AsciiUpper(inputs_[0].alias);
    plan_.foreign_key_missing_keys = missing;
  }
  // ksqlDB names a key by its source column (`L_A`) in errors.
  std::vector<std::string> key_source_names(keys.size());
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const Schema& schema = inputs_[i].layout.schema;
    for (size_t c = 0; c < schema.size(); ++c) {
      for (size_t k = 0; k < keys.size(); ++k) {
        if (inputs_[i].offset + static_cast<int>(c) == keys[k]) {
          key_source_names[k] = Prefixed(static_cast<int>(i), schema[c].name);
        }
      }
    }
  }
  // The key column shows the join key, whichever side it names: an outer join's unmatched row
  // still has its key. (A foreign-key join's key columns are the left row's own.)
  if (!foreign_key_last_ && !keys.empty() && keys[0] != synthetic_column_) {
    for (auto& ex : exprs) {
      if (ex->ColumnIndex() != keys[0]) continue;
      TypePtr type = ex->type();
      Scope key_scope;
      key_scope.AddColumn("", kJoinKeyColumn, type, synthetic_column_);
      ex = BindExpression(column_ref("", kJoinKeyColumn, q_.pos), key_scope);
    }
    keys[0] = synthetic_column_;
  }
  std::vector<std::vector<std::string>> key_aliases(keys.size());
  std::set<std::string> seen;
  for (size_t i = 0; i < exprs.size(); ++i) {
    auto at = std::find(keys.begin(), keys.end(), exprs[i]->ColumnIndex());
    bool key = at != keys.end();
    if (key) key_aliases[at - keys.begin()].push_back(names[i]);
    if (!seen.insert(names[i]).second) {
      ThrowBind(q_.pos, "Duplicate column name '" + names[i] + "' in the select list.",
                "give one of them an alias with AS");
    }
    plan_.output_roles.push_back(key ? ColumnRole::kKey : ColumnRole::kValue);
    plan_.output.push_back({names[i], exprs[i]->type(), key});
  }
  for (size_t k = 0; k < keys.size() && !options_.transient; ++k) {
    std::vector<std::string>& aliases = key_aliases[k];
    if (aliases.size() < 2) continue;
    std::sort(aliases.begin(), aliases.end());
    std::string list;
    for (size_t i = 0; i < aliases.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == aliases.size() ? " and " : ", ") + aliases[i];
    }
    std::string key_name = key_source_names[k].empty() ? aliases[0] : key_source_names[k];
    ThrowBind(q_.pos, "The projection contains a key column (`" + key_name +
                          "`) more than once, aliased as: " + list + ".");
  }
  // Joined windowed streams: the result is windowed too, with the window of the key's row
  // (the left one, or the right one where the left is missing), hidden after the result.
  if (inputs_[0].layout.window != SourceLayout::Window::kNone && !result_is_table_) {
    for (const char* bound : {"WINDOWSTART", "WINDOWEND"}) {
      Expr coalesce;
      coalesce.kind = ExprKind::kFunction;
      coalesce.name = "COALESCE";
      coalesce.pos = q_.pos;
      for (const Input& in : inputs_) {
        coalesce.args.push_back(std::make_unique<Expr>(column_ref(in.alias, bound, q_.pos)));
      }
      exprs.push_back(BindExpression(coalesce, scope_));
      names.push_back(bound);
    }
    plan_.hidden_columns = 2;
    WindowSpec window;
    std::string type = WindowTypeOf(inputs_[0]);
    window.kind = type == "SESSION"   ? WindowKind::kSession
                  : type == "HOPPING" ? WindowKind::kHopping
                                      : WindowKind::kTumbling;
    window.size_ms = inputs_[0].layout.window_size_ms;
    plan_.window = window;
  }
  plan_.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
}

bool JoinPlanner::PartitionByIsNoOp() const {
  std::vector<int> keys = ResultKeyColumns();
  if (!foreign_key_last_ && !key_columns_.empty()) keys = {key_columns_[0]};
  bool table = result_is_table_;
  bool windowed = inputs_[0].layout.window != SourceLayout::Window::kNone;
  if (q_.partition_by.size() == 1 && keys.size() == 1) {
    ExprPtr plain = q_.partition_by[0]->Clone();
    QualifyColumns(*plain, scope_);
    if (plain->kind == ExprKind::kColumnRef) {
      const ScopeColumn* c = nullptr;
      try {
        c = scope_.Resolve(plain->qualifier, plain->name, plain->pos);
      } catch (const RiffleError&) {
        c = nullptr;  // an unknown column: AnalyzePartitionBy reports it
      }
      if (c != nullptr && c->index == keys[0]) return table || windowed;
    }
  }
  SourcePos pos = q_.partition_by[0]->pos;
  if (table) {
    if (keys.size() != 1) {
      ThrowBind(pos, "Cannot repartition a TABLE source. If this is a join, joins on tables "
                     "with multiple columns is not yet supported.");
    }
    std::string key = plan_.synthetic_key;
    for (size_t i = 0; i < inputs_.size() && key.empty(); ++i) {
      int c = keys[0] - inputs_[i].offset;
      if (c >= 0 && c < static_cast<int>(inputs_[i].layout.schema.size())) {
        key = Prefixed(static_cast<int>(i), inputs_[i].layout.schema[c].name);
      }
    }
    std::string list;
    for (const ExprPtr& p : q_.partition_by) list += (list.empty() ? "" : ", ") + p->ToString();
    ThrowBind(pos, "Cannot repartition a TABLE source. If this is a join, make sure that the "
                   "criteria uses the TABLE's key column " + key + " instead of [" + list + "]");
  }
  if (windowed) {
    ThrowBind(pos, "Implicit repartitioning of windowed sources is not supported. See "
                   "https://github.com/confluentinc/ksql/issues/4385.");
  }
  return false;
}

PartitionKeys JoinPlanner::AnalyzePartitionBy() const {
  // ksqlDB names a join's columns <alias>_<column> before re-keying it: a partitioning column
  // keeps that name, and generated names avoid those.
  std::vector<std::string> taken;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    for (const ColumnDef& c : inputs_[i].layout.schema.columns()) {
      taken.push_back(Prefixed(static_cast<int>(i), c.name));
    }
  }
  if (!plan_.synthetic_key.empty()) taken.push_back(plan_.synthetic_key);
  PartitionInput input{
      .scope = scope_,
      .normalize = [this](Expr& e) { QualifyColumns(e, scope_); },
      .display = [](const Expr& plain) { return plain.ToString(); },
      .column = [this](const Expr& plain) -> std::pair<std::string, int> {
        if (plain.kind != ExprKind::kColumnRef) return {"", -1};
        if (plain.qualifier.empty() && plain.name == plan_.synthetic_key) {
          return {plan_.synthetic_key, synthetic_column_};
        }
        int i = FindInput(plain.qualifier);
        if (i < 0) return {"", -1};
        int c = inputs_[i].layout.schema.Find(plain.name);
        if (c < 0) return {"", -1};
        return {Prefixed(i, inputs_[i].layout.schema[c].name), inputs_[i].offset + c};
      },
      .taken = taken,
      .is_key_column = nullptr};  // a join of streams emits no tombstones
  return riffle::AnalyzePartitionBy(q_, input);
}

void JoinPlanner::PlanPartitionedProjection(const PartitionKeys& keys) {
  scope_.set_clause("SELECT");
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<int> ranks;
  std::map<std::string, int> name_count;
  for (const Input& in : inputs_) {
    for (const ColumnDef& c : in.layout.schema.columns()) ++name_count[AsciiUpper(c.name)];
  }
  for (const char* pseudo : {"ROWTIME", "ROWPARTITION", "ROWOFFSET"}) name_count[pseudo] += 2;
  std::vector<std::string> taken;
  for (const Input& in : inputs_) {
    for (const std::string& name : ColumnNames(in.layout.schema)) taken.push_back(name);
  }
  ColumnAliasGenerator generated_names(taken);
  auto add = [&](const Expr& e, std::string name, int rank) {
    exprs.push_back(BindExpression(e, scope_));
    names.push_back(std::move(name));
    ranks.push_back(rank);
  };
  auto column_ref = [](const std::string& qualifier, const std::string& name, SourcePos pos) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = name;
    ref.qualifier = qualifier;
    ref.pos = pos;
    return ref;
  };
  std::set<int> keyed(keys.columns.begin(), keys.columns.end());
  for (const SelectItem& item : q_.select) {
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kStar && !e.args.empty()) {
      for (auto& [field, name] : ExpandStructStar(e, scope_)) {
        add(*field, name, PartitionRank(keys, *field));
      }
      continue;
    }
    if (e.kind == ExprKind::kStar) {
      // `*`: the new key columns first, then each input's columns but those that became keys,
      // then the join's synthetic key (a value now). `A.*`: input A's columns.
      if (e.qualifier.empty()) {
        for (size_t k = 0; k < keys.exprs.size(); ++k) {
          add(*keys.exprs[k], keys.names[k], static_cast<int>(k));
        }
      }
      for (int i : StarInputs(e)) {
        const Schema& schema = inputs_[i].layout.schema;
        for (size_t c = 0; c < schema.size(); ++c) {
          Expr ref = column_ref(inputs_[i].alias, schema[c].name, e.pos);
          int rank = PartitionRank(keys, ref);
          if (e.qualifier.empty() && keyed.count(inputs_[i].offset + static_cast<int>(c))) {
            continue;
          }
          add(ref, Prefixed(i, schema[c].name), rank);
        }
      }
      if (e.qualifier.empty() && !plan_.synthetic_key.empty() && !keyed.count(synthetic_column_)) {
        add(column_ref("", plan_.synthetic_key, e.pos), plan_.synthetic_key, -1);
      }
      continue;
    }
    std::string name = item.alias;
    if (name.empty() && e.kind == ExprKind::kColumnRef && !e.qualifier.empty() &&
        name_count[AsciiUpper(e.name)] > 1) {
      int i = FindInput(e.qualifier);
      name = i >= 0 ? Prefixed(i, e.name) : e.name;
    }
    if (name.empty()) name = SelectItemName(e, generated_names);
    add(e, name, PartitionRank(keys, e));
  }
  std::set<std::string> seen;
  std::vector<int> key_columns;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      ThrowBind(q_.pos, "Duplicate column name '" + names[i] + "' in the select list.",
                "give one of them an alias with AS");
    }
    bool key = ranks[i] >= 0;
    if (key) key_columns.push_back(static_cast<int>(i));
    plan_.key_rank.push_back(ranks[i]);
    plan_.output_roles.push_back(key ? ColumnRole::kKey : ColumnRole::kValue);
    plan_.output.push_back({names[i], exprs[i]->type(), key});
  }
  // The new key decides; the join key need not be selected.
  plan_.join_key_projected = true;
  plan_.join_key_expressions.clear();
  plan_.partitioned = true;
  plan_.group_by_text = keys.display;
  plan_.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
  std::string text;
  for (const std::string& t : keys.texts) text += (text.empty() ? "" : ", ") + t;
  // A join of streams emits no tombstones: nothing is kept from an old key.
  plan_.operators.push_back(std::make_unique<RekeyOperator>(
      std::move(key_columns), std::vector<bool>(), text.empty() ? "NULL" : text));
}

QueryPlan JoinPlanner::Plan() {
  LoadInputs();
  result_is_table_ = inputs_[0].source.is_table;
  for (size_t k = 0; k < q_.joins.size(); ++k) PlanJoin(k);
  PlanKey();
  for (size_t i = 0; i < inputs_.size(); ++i) {
    JoinInputPlan in;
    in.source = inputs_[i].source;
    in.layout = inputs_[i].layout;
    in.alias = inputs_[i].alias;
    if (in.source.is_table) {
      in.pre_ops.push_back(std::make_unique<DropNullKeysOperator>(in.layout.schema.KeyIndexes()));
    }
    if (!inputs_[i].pseudo.empty()) {
      in.pre_ops.push_back(std::make_unique<AppendPseudoColumnsOperator>(inputs_[i].pseudo));
    }
    plan_.join_inputs.push_back(std::move(in));
  }
  plan_.source = inputs_[0].source;
  plan_.layout = inputs_[0].layout;
  plan_.limit = q_.limit;
  plan_.is_table = result_is_table_;
  if (IsAggregation(q_)) {
    PlanAggregate();
  } else {
    if (q_.window) {
      ThrowBind(q_.window->pos, "WINDOW clause requires a GROUP BY clause.");
    }
    PlanWhere();
    PlanProjection();
  }
  return std::move(plan_);
}

void JoinPlanner::PlanAggregate() {
  if (!q_.partition_by.empty()) {
    ThrowBind(q_.partition_by[0]->pos, "PARTITION BY cannot be combined with GROUP BY.");
  }
  // Retracting a joined table row needs the row it replaces: materialize the join's result by
  // its key (the join key, or a foreign-key join's left key) before WHERE and the aggregation.
  if (result_is_table_) {
    plan_.operators.push_back(std::make_unique<TableMaterializeOperator>(
        ResultKeyColumns(), static_cast<size_t>(plan_.joins.back()->output_width())));
  }
  plan_.aggregates = true;
  PlanWhere();
  // The joined row's columns, every input's in order (for `*` and window-bound checks).
  Schema joined;
  for (const Input& in : inputs_) {
    for (const ColumnDef& c : in.layout.schema.columns()) joined.Add(c);
  }
  plan_.is_table = true;
  plan_.join_key_projected = true;  // the GROUP BY keys the result, not the join
  plan_.join_key_expressions.clear();
  plan_.synthetic_key.clear();
  plan_.foreign_key_missing_keys.clear();
  PlanAggregation(q_,
                  {.scope = scope_,
                   .schema = joined,
                   .alias = "",
                   .is_join = true,
                   .is_table = result_is_table_,
                   .allow_global = options_.finite},
                  plan_);
}

}  // namespace

QueryPlan PlanJoinQuery(const Query& query, const Catalog& catalog, const PlanOptions& options) {
  JoinPlanner planner(query, catalog, options);
  return planner.Plan();
}

std::string MissingJoinKeyMessage(const QueryPlan& plan, const std::string& sink) {
  if (!plan.is_join() || plan.join_key_projected) return "";
  if (const auto& missing = plan.foreign_key_missing_keys; !missing.empty()) {
    const char* what = missing.size() == 1 ? "column" : "columns";
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "`" : ", `") + m + "`";
    return std::string("Primary key ") + what + " missing in projection. For foreign-key "
           "table-table joins, the projection must include all primary key columns from the "
           "left input table (`" + plan.foreign_key_left_table + "`). Missing " + what + ": " +
           list + ".";
  }
  std::string prefix = "The query used to build `" + sink + "` must include the join ";
  // ksqlDB's heading; any one of the join expressions will do, so never "Keys".
  const std::string heading = "Key missing from projection (ie, SELECT). \n";
  if (!plan.synthetic_key.empty()) {
    const std::string& k = plan.synthetic_key;
    return "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\n" + prefix +
           "expression " + k + " in its projection (eg, SELECT " + k + "...).\n" + k +
           " was added as a synthetic key column because the join criteria did not match any "
           "source column. This expression must be included in the projection and may be "
           "aliased.";
  }
  const auto& e = plan.join_key_expressions;
  if (e.size() == 1) {
    return heading + prefix + "expression " + e[0] + " in its projection (eg, SELECT " + e[0] +
           "...).";
  }
  return heading + prefix + "expressions " + e[0] + " or " + e[1] + " in its projection (eg, SELECT " +
         e[0] + "...).";
}

}  // namespace riffle
