#include "core/engine/pull_query_rules.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/expr/coercion.h"
#include "core/expr/scope.h"

namespace riffle {

namespace {

// ksqlDB's PULL_QUERY_SYNTAX_HELP, after every pull-query refusal.
constexpr const char* kSyntaxHelp =
    " See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a "
    "push query.";

// What every refused WHERE clause is told (ksqlDB's invalidWhereClauseException, shortened).
constexpr const char* kWhereHint =
    "pull queries look rows up by key: WHERE <key column> = <value>, every column of a "
    "multi-column key bound; SET 'ksql.query.pull.table.scan.enabled'='true'; allows any WHERE";

// Disjuncts beyond this many are not checked (the rewrite grows exponentially with ORs in ANDs).
constexpr size_t kMaxDisjuncts = 256;

// A record's source position: ROWPARTITION, ROWOFFSET (ROWTIME is allowed).
bool IsSourcePosition(const std::string& name) {
  PseudoColumn p = PseudoColumnFromName(name);
  return p == PseudoColumn::kRowpartition || p == PseudoColumn::kRowoffset;
}

void CollectForbidden(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == ExprKind::kColumnRef && IsSourcePosition(e.name)) {
    std::string quoted = "`" + AsciiUpper(e.name) + "`";
    if (std::find(out.begin(), out.end(), quoted) == out.end()) out.push_back(quoted);
  }
  for (const ExprPtr& a : e.args) {
    if (a) CollectForbidden(*a, out);
  }
}

bool HasColumnRef(const Expr& e) {
  if (e.kind == ExprKind::kColumnRef) return true;
  for (const ExprPtr& a : e.args) {
    if (a && HasColumnRef(*a)) return true;
  }
  return false;
}

bool IsComparisonOp(Op op) {
  return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt ||
         op == Op::kGe || op == Op::kIsDistinct || op == Op::kIsNotDistinct;
}

bool IsInequality(Op op) {
  return op == Op::kNe || op == Op::kIsDistinct || op == Op::kIsNotDistinct;
}

ExprPtr Compare(Op op, const Expr& left, const Expr& right, SourcePos pos) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kBinary;
  e->op = op;
  e->pos = pos;
  e->args.push_back(left.Clone());
  e->args.push_back(right.Clone());
  return e;
}

// One disjunct: the comparisons (and other predicates) it ANDs.
using Conjuncts = std::vector<const Expr*>;

// ksqlDB's PullQueryRewriter: BETWEEN as two bounds, IN as ORs of equalities, then the
// disjunctive normal form. Synthesized nodes live in `arena`. False when it grows too large.
bool Disjuncts(const Expr& e, std::vector<ExprPtr>& arena, std::vector<Conjuncts>& out) {
  if (e.kind == ExprKind::kBinary && e.op == Op::kOr) {
    return Disjuncts(*e.args[0], arena, out) && Disjuncts(*e.args[1], arena, out) &&
           out.size() <= kMaxDisjuncts;
  }
  if (e.kind == ExprKind::kBinary && e.op == Op::kAnd) {
    std::vector<Conjuncts> left, right;
    if (!Disjuncts(*e.args[0], arena, left) || !Disjuncts(*e.args[1], arena, right)) return false;
    if (left.size() * right.size() > kMaxDisjuncts) return false;
    for (const Conjuncts& l : left) {
      for (const Conjuncts& r : right) {
        Conjuncts both = l;
        both.insert(both.end(), r.begin(), r.end());
        out.push_back(std::move(both));
      }
    }
    return true;
  }
  if (e.kind == ExprKind::kIn && !e.negated) {
    for (size_t i = 1; i < e.args.size(); ++i) {
      arena.push_back(Compare(Op::kEq, *e.args[0], *e.args[i], e.pos));
      out.push_back({arena.back().get()});
    }
    return out.size() <= kMaxDisjuncts;
  }
  if (e.kind == ExprKind::kBetween && !e.negated) {
    arena.push_back(Compare(Op::kGe, *e.args[0], *e.args[1], e.pos));
    const Expr* lower = arena.back().get();
    arena.push_back(Compare(Op::kLe, *e.args[0], *e.args[2], e.pos));
    out.push_back({lower, arena.back().get()});
    return true;
  }
  out.push_back({&e});
  return true;
}

// The disjunct as ksqlDB prints it: its comparisons joined by AND.
std::string DisjunctText(const Conjuncts& c) {
  std::string text = c[0]->ToString();
  for (size_t i = 1; i < c.size(); ++i) text = "(" + text + " AND " + c[i]->ToString() + ")";
  return text;
}

std::string OpName(Op op) {
  switch (op) {
    case Op::kEq: return "EQUAL";
    case Op::kNe: return "NOT_EQUAL";
    case Op::kLt: return "LESS_THAN";
    case Op::kLe: return "LESS_THAN_OR_EQUAL";
    case Op::kGt: return "GREATER_THAN";
    case Op::kGe: return "GREATER_THAN_OR_EQUAL";
    case Op::kIsDistinct: return "IS_DISTINCT_FROM";
    case Op::kIsNotDistinct: return "IS_NOT_DISTINCT_FROM";
    default: return OpSymbol(op);
  }
}

// How a disjunct reads the table (ksqlDB's LookupConstraint).
enum class Lookup { kKeyEquals, kRange, kScan };

class WhereChecker {
 public:
  WhereChecker(const PullQueryShape& shape, SourcePos pos) : shape_(shape), pos_(pos) {
    for (int k : shape.schema->KeyIndexes()) keys_.push_back(k);
  }

  [[noreturn]] void Refuse(const std::string& what) const {
    ThrowBind(pos_, what + "." + kSyntaxHelp, kWhereHint);
  }

  // "[`ID` STRING KEY, `K2` INTEGER KEY]", as ksqlDB prints a schema's key.
  std::string KeyList() const {
    std::string text;
    for (int k : keys_) {
      const auto& c = (*shape_.schema)[k];
      text += (text.empty() ? "" : ", ") + ("`" + c.name + "` " + c.type->ToSqlString() + " KEY");
    }
    return "[" + text + "]";
  }

  // Validates one disjunct as ksqlDB's QueryFilterNode.Validator does; returns how it reads.
  Lookup CheckDisjunct(const Conjuncts& conjuncts) const {
    std::vector<bool> seen(keys_.size(), false);
    std::vector<Op> ops(keys_.size(), Op::kNone);
    bool keyed = false;
    for (const Expr* leaf : conjuncts) CheckLeaf(*leaf, seen, ops, keyed);
    if (!keyed) Refuse("WHERE clause missing key column for disjunct: " + DisjunctText(conjuncts));
    size_t bound = static_cast<size_t>(std::count(seen.begin(), seen.end(), true));
    if (bound != keys_.size()) {
      std::string specified;
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (!seen[i]) continue;
        specified +=
            (specified.empty() ? "" : ", ") + ("`" + (*shape_.schema)[keys_[i]].name + "`");
      }
      Refuse("Multi-column sources must specify every key in the WHERE clause. Specified: [" +
             specified + "] Expected: " + KeyList());
    }
    // A range reads a part of the table only on one STRING or BYTES key (ksqlDB's
    // KeyValueExtractor.getLookupConstraint).
    if (std::all_of(ops.begin(), ops.end(), [](Op op) { return op == Op::kEq; })) {
      return Lookup::kKeyEquals;
    }
    TypeKind key_kind = (*shape_.schema)[keys_[0]].type->kind;
    if (keys_.size() == 1 && (key_kind == TypeKind::kString || key_kind == TypeKind::kBytes)) {
      return Lookup::kRange;
    }
    return Lookup::kScan;
  }

  // ksqlDB's KeyValueExtractor.resolveKey for literals: a key takes the value it is compared to.
  void CheckKeyValues(const Conjuncts& conjuncts) const {
    for (const Expr* leaf : conjuncts) {
      if (leaf->kind != ExprKind::kBinary || !IsComparisonOp(leaf->op)) continue;
      const Expr* column = ColumnSide(*leaf);
      if (column == nullptr) continue;
      const Expr& other = leaf->args[1].get() == column ? *leaf->args[0] : *leaf->args[1];
      int index = shape_.schema->Find(column->name);
      if (index < 0 || (*shape_.schema)[index].role != ColumnRole::kKey) continue;
      if (other.kind != ExprKind::kLiteral) continue;
      if (other.literal.is_null()) {
        ThrowBind(leaf->pos, "Primary key columns can not be NULL: " + leaf->ToString());
      }
      const auto& key = (*shape_.schema)[index];
      if (other.literal_type != nullptr &&
          CoercedType(*other.literal_type, *key.type, CoercionMode::kStrict) == nullptr) {
        std::string raw = other.literal_type->kind == TypeKind::kString ? other.literal.as_string()
                                                                        : other.ToString();
        ThrowBind(other.pos, "'" + raw + "' can not be converted to the type of the key column: " +
                                 key.name + " " + key.type->ToSqlString() + " KEY");
      }
    }
  }

 private:
  // The side of a comparison that is a column, the right one first (as ksqlDB looks).
  static const Expr* ColumnSide(const Expr& cmp) {
    if (cmp.args[1]->kind == ExprKind::kColumnRef) return cmp.args[1].get();
    if (cmp.args[0]->kind == ExprKind::kColumnRef) return cmp.args[0].get();
    return nullptr;
  }

  void CheckLeaf(const Expr& e, std::vector<bool>& seen, std::vector<Op>& ops, bool& keyed) const {
    if (e.kind == ExprKind::kBinary && IsComparisonOp(e.op)) {
      const Expr* column = ColumnSide(e);
      if (column == nullptr) Refuse("A comparison must directly reference a key column");
      const Expr& other = e.args[1].get() == column ? *e.args[0] : *e.args[1];
      if (HasColumnRef(other)) {
        Refuse("A comparison must be between a key column and a resolvable expression");
      }
      std::string name = AsciiUpper(column->name);
      if (name == "WINDOWSTART" || name == "WINDOWEND") {
        if (IsInequality(e.op)) Refuse("Unsupported " + name + " bounds: " + OpName(e.op));
        if (!shape_.windowed) Refuse("Cannot use WINDOWSTART/WINDOWEND on non-windowed source");
        return;
      }
      int index = shape_.schema->Find(column->name);
      if (index < 0 || (*shape_.schema)[index].role != ColumnRole::kKey) return;
      if (IsInequality(e.op))
        Refuse("Bound on key columns '" + KeyList() + "' must currently be '='");
      size_t k = static_cast<size_t>(std::find(keys_.begin(), keys_.end(), index) - keys_.begin());
      if (seen[k]) {
        Refuse(
            "A comparison condition on the key column cannot be combined with other "
            "comparisons such as an IN predicate");
      }
      seen[k] = true;
      ops[k] = e.op;
      keyed = true;
      return;
    }
    if (e.kind == ExprKind::kLike) {
      if (e.args[0]->kind != ExprKind::kColumnRef) Refuse("Like condition must be between strings");
      int index = shape_.schema->Find(e.args[0]->name);
      if (index >= 0 && (*shape_.schema)[index].type->kind != TypeKind::kString) {
        Refuse("The column type for Like condition must be VARCHAR. The column type is " +
               std::string(BaseTypeName((*shape_.schema)[index].type->kind)));
      }
      const Expr& pattern = *e.args[1];
      bool string_pattern =
          pattern.kind == ExprKind::kLiteral &&
          (pattern.literal.is_null() ||
           (pattern.literal_type && pattern.literal_type->kind == TypeKind::kString));
      if (!string_pattern) Refuse("Like condition on non-string pattern " + pattern.ToString());
      return;
    }
    Refuse("Unsupported expression in WHERE clause: " + e.ToString());
  }

  const PullQueryShape& shape_;
  SourcePos pos_;
  std::vector<int> keys_;
};

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

}  // namespace

void CheckPullQuery(const Query& q, const PullQueryShape& shape) {
  if (q.limit && !shape.limit_enabled) {
    ThrowBind(q.pos,
              std::string("LIMIT clause in pull queries is currently disabled. You can "
                          "enable them by setting ksql.query.pull.limit.clause.enabled=true.") +
                  kSyntaxHelp);
  }
  std::vector<std::string> in_select;
  for (const SelectItem& item : q.select) {
    if (item.expr && item.expr->kind != ExprKind::kStar) CollectForbidden(*item.expr, in_select);
  }
  if (!in_select.empty()) {
    ThrowBind(q.pos, "Pull queries don't support the following columns in SELECT clauses: " +
                         Joined(in_select) + "\n" + kSyntaxHelp);
  }
  std::vector<std::string> in_where;
  if (q.where) CollectForbidden(*q.where, in_where);
  if (!in_where.empty()) {
    ThrowBind(q.where->pos, "Pull queries don't support the following columns in WHERE clauses: " +
                                Joined(in_where) + "\n" + kSyntaxHelp);
  }
  if (!shape.is_table || shape.schema == nullptr) return;

  WhereChecker checker(shape, q.where ? q.where->pos : q.pos);
  if (!q.where) {
    if (!shape.table_scans_enabled) checker.Refuse("Missing WHERE clause");
    return;
  }
  std::vector<ExprPtr> arena;
  std::vector<Conjuncts> disjuncts;
  if (!Disjuncts(*q.where, arena, disjuncts)) return;
  if (!shape.table_scans_enabled) {
    // ksqlDB's PullPhysicalPlanBuilder: key lookups, or one range when range scans are on.
    std::vector<Lookup> lookups;
    for (const Conjuncts& c : disjuncts) lookups.push_back(checker.CheckDisjunct(c));
    bool equals = std::all_of(lookups.begin(), lookups.end(),
                              [](Lookup l) { return l == Lookup::kKeyEquals; });
    bool range = lookups.size() == 1 && lookups[0] == Lookup::kRange && shape.range_scans_enabled &&
                 !shape.windowed;
    if (!equals && !range) {
      ThrowBind(q.where->pos,
                "Query requires table scan to be enabled. Table scans can be enabled by setting "
                "ksql.query.pull.table.scan.enabled=true",
                kWhereHint);
    }
  } else {
    // With table scans, a WHERE that is not a key lookup scans the table: nothing to check.
    try {
      for (const Conjuncts& c : disjuncts) checker.CheckDisjunct(c);
    } catch (const RiffleError&) {
      return;
    }
  }
  for (const Conjuncts& c : disjuncts) checker.CheckKeyValues(c);
}

}  // namespace riffle
