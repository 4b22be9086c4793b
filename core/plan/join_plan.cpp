#include "core/plan/join_plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/exec/changelog_filter.h"
#include "core/exec/drop_null_keys.h"
#include "core/exec/filter.h"
#include "core/exec/project.h"
#include "core/expr/binder.h"

namespace riffle {

namespace {

std::string Up(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

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
};

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
  void PlanJoin(size_t k);
  void PlanKey();
  void PlanWhere();
  void PlanProjection();
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
};

int JoinPlanner::FindInput(const std::string& qualifier) const {
  std::string q = Up(qualifier);
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (Up(inputs_[i].alias) == q) return static_cast<int>(i);
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (Up(inputs_[i].source.name) == q) return static_cast<int>(i);
  }
  return -1;
}

void JoinPlanner::LoadInputs() {
  std::vector<const Relation*> relations = {&q_.from};
  for (const Join& j : q_.joins) relations.push_back(&j.right);
  std::vector<std::string> kafka_format;
  for (const Relation* r : relations) {
    Input in;
    in.source = RequireSource(catalog_, r->source, r->pos);
    for (const Input& other : inputs_) {
      if (Up(other.source.name) == Up(in.source.name)) {
        ThrowBind(r->pos, "Can not join '" + other.source.name + "' to '" + in.source.name +
                              "': self joins are not yet supported.");
      }
    }
    in.layout = MakeSourceLayout(in.source, &catalog_);
    in.alias = r->alias.empty() ? in.source.name : r->alias;
    in.offset = width_;
    if (Up(in.source.value_format) == "KAFKA") kafka_format.push_back(in.source.name);
    width_ += static_cast<int>(in.layout.batch_width());
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
  // Windowed sources: ksqlDB joins them only with matching windows; riffle not yet.
  for (size_t i = 1; i < inputs_.size(); ++i) {
    const Input& a = inputs_[0];
    const Input& b = inputs_[i];
    auto window_of = [](const Input& in) {
      auto it = in.source.properties.find("WINDOW_TYPE");
      return it == in.source.properties.end() ? std::string() : Up(it->second);
    };
    std::string wa = window_of(a);
    std::string wb = window_of(b);
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
                    "must be an exact match for the join to work\nHopping and tumbling window "
                    "sources can be joined to other hopping and tumbling window sources");
    }
    if (!wa.empty()) ThrowBind(relations[i]->pos, "Joins of windowed sources are not supported yet.");
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const Input& in = inputs_[i];
    scope_.AddSchema(in.alias, in.layout.schema, in.offset);
    if (Up(in.alias) != Up(in.source.name)) scope_.AddQualifierSynonym(in.alias, in.source.name);
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
        ThrowBind(e.pos, "JOIN ON column '" + shown + "' cannot be resolved.");
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
        ThrowBind(e.pos, "JOIN ON column '" + shown + "' cannot be resolved.");
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
  if (*refs[0].begin() == static_cast<int>(right_index)) {
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
    if (Up(inputs_[i].alias) != Up(inputs_[i].source.name)) {
      left_scope.AddQualifierSynonym(inputs_[i].alias, inputs_[i].source.name);
    }
  }
  Scope right_scope;
  right_scope.AddSchema(right.alias, right.layout.schema, 0);
  if (Up(right.alias) != Up(right.source.name)) {
    right_scope.AddQualifierSynonym(right.alias, right.source.name);
  }
  JoinSpec spec;
  spec.type = join.type;
  spec.left_key = BindExpression(*sides[0], left_scope);
  spec.right_key = BindExpression(*sides[1], right_scope);
  spec.left_width = static_cast<size_t>(left_width);
  spec.right_width = right.layout.batch_width();
  if (spec.left_key->type()->ToSqlString() != spec.right_key->type()->ToSqlString()) {
    ThrowType(on.pos, "Invalid join condition: types don't match. Got " + sides[0]->ToString() +
                          "{" + KsqlTypeName(*spec.left_key->type()) + "} = " +
                          sides[1]->ToString() + "{" + KsqlTypeName(*spec.right_key->type()) +
                          "}.");
  }

  bool left_table = result_is_table_;
  bool right_table = right.source.is_table;
  std::string left_name = k == 0 ? inputs_[0].source.name : "the join result";
  auto kind_name = [](bool table) { return table ? "TABLE" : "STREAM"; };
  std::string got = std::string(kind_name(left_table)) + " [" + left_name + "] " +
                    JoinTypeName(join.type) + " JOIN " + kind_name(right_table) + " [" +
                    right.source.name + "]";
  // A table must be joined on its primary key column.
  auto require_table_key = [&](const Input& in, const Expr& e, const CompiledExpr& bound,
                               int base) {
    std::vector<int> keys = in.layout.schema.KeyIndexes();
    int col = bound.ColumnIndex();
    bool ok = keys.size() == 1 && col == base + keys[0];
    if (!ok) {
      std::string key_name = keys.empty() ? "ROWKEY" : in.layout.schema[keys[0]].name;
      ThrowBind(e.pos, "Cannot repartition a TABLE source. If this is a join, make sure that "
                       "the criteria uses the TABLE's key column " + key_name + " instead of " +
                       e.ToString());
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
                          "primary key of the right input table. Got " + sides[0]->ToString() +
                          " = " + sides[1]->ToString() + ".");
      }
      // The left side must be a key too: foreign-key joins are not supported yet.
      int lcol = spec.left_key->ColumnIndex();
      bool left_is_key = false;
      for (size_t i = 0; i <= k; ++i) {
        for (int key : inputs_[i].layout.schema.KeyIndexes()) {
          left_is_key = left_is_key || lcol == inputs_[i].offset + key;
        }
      }
      if (!left_is_key) {
        ThrowBind(on.pos, "Foreign-key table-table joins are not supported yet. Got " +
                              sides[0]->ToString() + " = " + sides[1]->ToString() + ".");
      }
    }
    if (spec.kind == JoinKind::kStreamTable) {
      require_table_key(right, *sides[1], *spec.right_key, 0);
    }
  }
  result_is_table_ = left_table && right_table;
  spec.description = std::string(spec.kind == JoinKind::kStreamTable   ? "StreamTableJoin "
                                 : spec.kind == JoinKind::kStreamStream ? "StreamStreamJoin "
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
    plan_.join_key_expressions.push_back(sides[0]->ToString());
  }
  if (rcol >= 0) {
    key_columns_.push_back(right.offset + rcol);
    plan_.join_key_expressions.push_back(sides[1]->ToString());
  }
  synthetic_column_ = right.offset + static_cast<int>(right.layout.batch_width());
  if (join.type == JoinType::kFull || key_columns_.empty()) {
    key_columns_.clear();
    plan_.join_key_expressions.clear();
  }
  plan_.joins.push_back(MakeJoinOperator(std::move(spec)));
}

void JoinPlanner::PlanKey() {
  if (!key_columns_.empty()) return;
  // A synthetic key: ROWKEY, or ROWKEY_<n> when a source has a column of that name.
  std::set<std::string> names;
  for (const Input& in : inputs_) {
    for (size_t c = 0; c < in.layout.schema.size(); ++c) names.insert(Up(in.layout.schema[c].name));
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
  CompiledExprPtr predicate = BindExpression(*q_.where, scope_);
  if (predicate->type()->kind != TypeKind::kBoolean) {
    ThrowType(q_.where->pos, "WHERE clause must be BOOLEAN, but was " +
                                 predicate->type()->ToSqlString() + ".");
  }
  if (result_is_table_) {
    plan_.operators.push_back(std::make_unique<ChangelogFilterOperator>(
        std::move(predicate), "Filter", q_.where->ToString(), false));
  } else {
    plan_.operators.push_back(
        std::make_unique<FilterOperator>(std::move(predicate), q_.where->ToString()));
  }
}

void JoinPlanner::PlanProjection() {
  std::vector<CompiledExprPtr> exprs;
  std::vector<std::string> names;
  // Column names that appear in more than one input get the source prefix.
  std::map<std::string, int> name_count;
  for (const Input& in : inputs_) {
    for (size_t c = 0; c < in.layout.schema.size(); ++c) ++name_count[Up(in.layout.schema[c].name)];
  }
  auto column_ref = [](const std::string& qualifier, const std::string& name, SourcePos pos) {
    Expr ref;
    ref.kind = ExprKind::kColumnRef;
    ref.name = name;
    ref.qualifier = qualifier;
    ref.pos = pos;
    return ref;
  };
  int generated = 0;
  for (const SelectItem& item : q_.select) {
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kStar) {
      std::vector<int> which;
      if (e.qualifier.empty()) {
        if (!plan_.synthetic_key.empty()) {
          exprs.push_back(BindExpression(column_ref("", plan_.synthetic_key, e.pos), scope_));
          names.push_back(plan_.synthetic_key);
        }
        for (size_t i = 0; i < inputs_.size(); ++i) which.push_back(static_cast<int>(i));
      } else {
        int i = FindInput(e.qualifier);
        if (i < 0) {
          ThrowBind(e.pos, "'" + e.qualifier + "' is not a valid stream/table name or alias.");
        }
        which.push_back(i);
      }
      for (int i : which) {
        const Schema& schema = inputs_[i].layout.schema;
        for (size_t c = 0; c < schema.size(); ++c) {
          exprs.push_back(
              BindExpression(column_ref(inputs_[i].alias, schema[c].name, e.pos), scope_));
          names.push_back(Prefixed(i, schema[c].name));
        }
      }
      continue;
    }
    exprs.push_back(BindExpression(e, scope_));
    std::string name = item.alias;
    if (name.empty() && e.kind == ExprKind::kColumnRef && !e.qualifier.empty() &&
        name_count[Up(e.name)] > 1) {
      int i = FindInput(e.qualifier);
      name = i >= 0 ? Prefixed(i, e.name) : e.name;
    }
    if (name.empty()) name = SelectItemName(e, generated);
    names.push_back(name);
  }
  // The key: the first candidate column that is projected (left criteria first).
  int key_column = -1;
  for (int candidate : key_columns_) {
    for (const auto& ex : exprs) {
      if (ex->ColumnIndex() == candidate && key_column < 0) key_column = candidate;
    }
  }
  plan_.join_key_projected = key_column >= 0;
  // ksqlDB names the key by its source column (`L_A`) in errors.
  std::string key_source_name;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const Schema& schema = inputs_[i].layout.schema;
    for (size_t c = 0; c < schema.size(); ++c) {
      if (inputs_[i].offset + static_cast<int>(c) == key_column) {
        key_source_name = Prefixed(static_cast<int>(i), schema[c].name);
      }
    }
  }
  // The key column shows the join key, whichever side it names: an outer join's unmatched row
  // still has its key.
  if (key_column >= 0 && key_column != synthetic_column_) {
    for (auto& ex : exprs) {
      if (ex->ColumnIndex() != key_column) continue;
      TypePtr type = ex->type();
      Scope key_scope;
      key_scope.AddColumn("", kJoinKeyColumn, type, synthetic_column_);
      ex = BindExpression(column_ref("", kJoinKeyColumn, q_.pos), key_scope);
    }
    key_column = synthetic_column_;
  }
  std::vector<std::string> key_aliases;
  std::set<std::string> seen;
  for (size_t i = 0; i < exprs.size(); ++i) {
    bool key = key_column >= 0 && exprs[i]->ColumnIndex() == key_column;
    if (key) key_aliases.push_back(names[i]);
    if (!seen.insert(names[i]).second) {
      ThrowBind(q_.pos, "Duplicate column name '" + names[i] + "' in the select list.",
                "give one of them an alias with AS");
    }
    plan_.output_roles.push_back(key ? ColumnRole::kKey : ColumnRole::kValue);
    plan_.output.push_back({names[i], exprs[i]->type(), key});
  }
  if (key_aliases.size() > 1 && !options_.transient) {
    std::sort(key_aliases.begin(), key_aliases.end());
    std::string list;
    for (size_t i = 0; i < key_aliases.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == key_aliases.size() ? " and " : ", ") + key_aliases[i];
    }
    std::string key_name = key_source_name.empty() ? key_aliases[0] : key_source_name;
    ThrowBind(q_.pos, "The projection contains a key column (`" + key_name +
                          "`) more than once, aliased as: " + list + ".");
  }
  plan_.operators.push_back(std::make_unique<ProjectOperator>(std::move(exprs), names));
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
    plan_.join_inputs.push_back(std::move(in));
  }
  plan_.source = inputs_[0].source;
  plan_.layout = inputs_[0].layout;
  plan_.limit = q_.limit;
  plan_.is_table = result_is_table_;
  if (q_.window) ThrowBind(q_.window->pos, "WINDOW requires GROUP BY and aggregate functions.");
  if (!q_.group_by.empty() || q_.having) {
    ThrowBind(q_.pos, "GROUP BY over a JOIN is not supported yet.");
  }
  for (const SelectItem& item : q_.select) {
    if (item.expr && ContainsAggregate(*item.expr)) {
      ThrowBind(item.expr->pos, "Aggregate functions over a JOIN are not supported yet.");
    }
  }
  PlanWhere();
  PlanProjection();
  return std::move(plan_);
}

}  // namespace

QueryPlan PlanJoinQuery(const Query& query, const Catalog& catalog, const PlanOptions& options) {
  JoinPlanner planner(query, catalog, options);
  return planner.Plan();
}

std::string MissingJoinKeyMessage(const QueryPlan& plan, const std::string& sink) {
  if (!plan.is_join() || plan.join_key_projected) return "";
  std::string prefix = "The query used to build `" + sink + "` must include the join ";
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
    return prefix + "expression " + e[0] + " in its projection (eg, SELECT " + e[0] + "...).";
  }
  return prefix + "expressions " + e[0] + " or " + e[1] + " in its projection (eg, SELECT " +
         e[0] + "...).";
}

}  // namespace riffle
