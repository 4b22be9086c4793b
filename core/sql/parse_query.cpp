// SELECT queries: select list, FROM with joins, WINDOW, WHERE, GROUP BY, PARTITION BY, HAVING,
// EMIT, LIMIT (in ksqlDB's clause order).

#include "core/sql/parser_impl.h"

namespace riffle::sql_internal {
namespace {

struct TimeUnit {
  const char* name;
  int64_t ms;
};
constexpr TimeUnit kTimeUnits[] = {
    {"MILLISECOND", 1},  {"MILLISECONDS", 1},  {"SECOND", 1000},    {"SECONDS", 1000},
    {"MINUTE", 60'000},  {"MINUTES", 60'000},  {"HOUR", 3'600'000}, {"HOURS", 3'600'000},
    {"DAY", 86'400'000}, {"DAYS", 86'400'000},
};

}  // namespace

std::unique_ptr<Query> Parser::ParseQuery() {
  auto query = std::make_unique<Query>();
  query->pos = RelCur();
  ExpectKeyword("SELECT");
  do {
    query->select.push_back(ParseSelectItem());
  } while (TrySymbol(","));
  ExpectKeyword("FROM");
  query->from = ParseRelation();
  Join join;
  while (TryParseJoin(join)) query->joins.push_back(std::move(join));
  if (TryKeyword("WINDOW")) query->window = ParseWindow();
  if (TryKeyword("WHERE")) query->where = ParseExpr();
  if (TryKeyword("GROUP")) {
    ExpectKeyword("BY");
    query->group_by = ParseGroupingList();
  }
  if (TryKeyword("PARTITION")) {
    ExpectKeyword("BY");
    query->partition_by = ParseGroupingList();
  }
  if (TryKeyword("HAVING")) query->having = ParseExpr();
  RejectOrderBy();
  if (TryKeyword("EMIT")) {
    if (TryKeyword("CHANGES")) {
      query->emit = EmitKind::kChanges;
    } else if (TryKeyword("FINAL")) {
      query->emit = EmitKind::kFinal;
    } else {
      Fail();
    }
  }
  RejectOrderBy();
  if (TryKeyword("LIMIT")) query->limit = ExpectInteger("a row count");
  RejectOrderBy();
  return query;
}

void Parser::RejectOrderBy() {
  if (!Cur().IsKeyword("ORDER") || !Peek(1).IsKeyword("BY")) return;
  // At BY, where ksqlDB reports its syntax error.
  FailAt(Peek(1),
         "ORDER BY is not supported: a streaming query shows rows in the order they arrive",
         "for the top N per group use TOPK(column, N) with GROUP BY; a table keeps the latest "
         "row per key; to sort a finite result, sort the output (riffle -o csv -e '...' | sort)");
}

SelectItem Parser::ParseSelectItem() {
  SelectItem item;
  const Token& t = Cur();
  if (t.IsSymbol("*")) {
    item.expr = MakeExpr(ExprKind::kStar, t);
    Advance();
    return item;
  }
  if ((t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier) &&
      Peek(1).IsSymbol(".") && Peek(2).IsSymbol("*")) {
    item.expr = MakeExpr(ExprKind::kStar, t);
    item.expr->qualifier = t.text;
    Advance();
    Advance();
    Advance();
    return item;
  }
  size_t stars_before = struct_stars_.size();
  item.expr = ParseExpr();
  if (item.expr->kind == ExprKind::kStar && struct_stars_.size() == stars_before + 1) {
    struct_stars_.pop_back();  // `s->*` as the whole item: the one place it is allowed
    return item;
  }
  if (TryKeyword("AS")) {
    item.alias = ExpectIdentifier("an alias");
  } else if (CheckIdentifier()) {
    MarkImplicitAlias();
    item.alias = Cur().text;
    Advance();
  }
  return item;
}

Relation Parser::ParseRelation() {
  Relation relation;
  Note("a stream or table name");
  Note("a quoted topic name");
  if (Cur().kind == TokenKind::kString) {
    relation.pos = RelCur();
    relation.source = Cur().text;
    relation.topic = true;
    Advance();
  } else {
    relation.source = ExpectIdentifier("a stream or table name", &relation.pos);
  }
  RejectOrderBy();  // not an alias ORDER followed by BY
  if (TryKeyword("AS")) {
    relation.alias = ExpectIdentifier("an alias");
  } else if (CheckIdentifier()) {
    MarkImplicitAlias();
    relation.alias = Cur().text;
    Advance();
  }
  return relation;
}

bool Parser::TryParseJoin(Join& join) {
  join = Join();
  if (TryKeyword("JOIN")) {
    join.type = JoinType::kInner;
  } else if (TryKeyword("INNER")) {
    join.type = JoinType::kInner;
    ExpectKeyword("JOIN");
  } else {
    if (TryKeyword("LEFT")) {
      join.type = JoinType::kLeft;
    } else if (TryKeyword("RIGHT")) {
      join.type = JoinType::kRight;
    } else if (TryKeyword("FULL")) {
      join.type = JoinType::kFull;
    } else {
      return false;
    }
    TryKeyword("OUTER");
    ExpectKeyword("JOIN");
  }
  join.right = ParseRelation();
  if (TryKeyword("WITHIN")) join.within = ParseWithin();
  ExpectKeyword("ON");
  join.on = ParseExpr();
  return true;
}

WithinClause Parser::ParseWithin() {
  WithinClause within;
  if (TrySymbol("(")) {
    within.before_ms = ParseDuration();
    ExpectSymbol(",");
    within.after_ms = ParseDuration();
    ExpectSymbol(")");
  } else {
    within.before_ms = within.after_ms = ParseDuration();
  }
  if (TryKeyword("GRACE")) {
    ExpectKeyword("PERIOD");
    within.grace_ms = ParseDuration();
  }
  return within;
}

int64_t Parser::ParseDuration() {
  const Token& number_token = Cur();
  int64_t amount = ExpectInteger("a number");
  for (const auto& unit : kTimeUnits) Note(unit.name, true);
  for (const auto& unit : kTimeUnits) {
    if (Cur().IsKeyword(unit.name)) {
      Advance();
      int64_t ms = 0;
      if (__builtin_mul_overflow(amount, unit.ms, &ms)) {
        FailAt(number_token, "duration too large: " + number_token.text + " " + unit.name);
      }
      return ms;
    }
  }
  Fail();
}

WindowSpec Parser::ParseWindow() {
  WindowSpec window;
  window.pos = RelCur();
  if (TryKeyword("TUMBLING")) {
    window.kind = WindowKind::kTumbling;
    ExpectSymbol("(");
    ExpectKeyword("SIZE");
    window.size_ms = ParseDuration();
  } else if (TryKeyword("HOPPING")) {
    window.kind = WindowKind::kHopping;
    ExpectSymbol("(");
    ExpectKeyword("SIZE");
    window.size_ms = ParseDuration();
    ExpectSymbol(",");
    ExpectKeyword("ADVANCE");
    ExpectKeyword("BY");
    const Token& advance_token = Cur();
    window.advance_ms = ParseDuration();
    if (window.advance_ms <= 0 || window.advance_ms > window.size_ms) {
      FailAt(advance_token, "HOPPING window ADVANCE BY must be positive and not exceed SIZE");
    }
  } else if (TryKeyword("SESSION")) {
    window.kind = WindowKind::kSession;
    ExpectSymbol("(");
    window.size_ms = ParseDuration();
  } else {
    Fail();
  }
  while (TrySymbol(",")) {
    if (TryKeyword("RETENTION")) {
      window.retention_ms = ParseDuration();
    } else if (TryKeyword("GRACE")) {
      ExpectKeyword("PERIOD");
      window.grace_ms = ParseDuration();
    } else {
      Fail();
    }
  }
  ExpectSymbol(")");
  return window;
}

bool Parser::AtClauseEnd() const {
  const Token& t = Cur();
  return t.kind == TokenKind::kEnd || t.IsSymbol(";") || t.IsKeyword("PARTITION") ||
         t.IsKeyword("HAVING") || t.IsKeyword("EMIT") || t.IsKeyword("LIMIT");
}

// `a, b` or ksqlDB's parenthesised form `(a, b)`. Items are value expressions as in ksqlDB:
// no bare comparisons or AND/OR ("GROUP BY a AND b" is a syntax error). The latter is tried first
// and abandoned if it turns out to be an expression such as `(a + b) * 2`.
std::vector<ExprPtr> Parser::ParseGroupingList() {
  std::vector<ExprPtr> list;
  if (Cur().IsSymbol("(")) {
    size_t saved_index = index_;
    size_t saved_stars = struct_stars_.size();
    try {
      Advance();
      std::vector<ExprPtr> items;
      do {
        items.push_back(ParseConcat());
      } while (TrySymbol(","));
      if (Cur().IsSymbol(")")) {
        Advance();
        if (items.size() > 1 && AtClauseEnd()) return items;
      }
    } catch (const RiffleError&) {
      // Not a parenthesised list; parse again as plain expressions below.
    }
    index_ = saved_index;
    struct_stars_.resize(saved_stars);
  }
  do {
    list.push_back(ParseConcat());
  } while (TrySymbol(","));
  return list;
}

}  // namespace riffle::sql_internal
