#include "core/plan/logical_plan.h"

namespace riffle {

namespace {

std::string Duration(int64_t ms) {
  auto unit = [](int64_t n, const char* name) {
    return std::to_string(n) + " " + name + (n == 1 ? "" : "S");
  };
  if (ms != 0 && ms % 3'600'000 == 0) return unit(ms / 3'600'000, "HOUR");
  if (ms != 0 && ms % 60'000 == 0) return unit(ms / 60'000, "MINUTE");
  if (ms % 1000 == 0) return unit(ms / 1000, "SECOND");
  return unit(ms, "MILLISECOND");
}

std::string WindowText(const WindowSpec& w) {
  std::string text;
  switch (w.kind) {
    case WindowKind::kTumbling: text = "TUMBLING (SIZE " + Duration(w.size_ms); break;
    case WindowKind::kHopping:
      text = "HOPPING (SIZE " + Duration(w.size_ms) + ", ADVANCE BY " + Duration(w.advance_ms);
      break;
    case WindowKind::kSession: text = "SESSION (" + Duration(w.size_ms); break;
  }
  if (w.retention_ms) text += ", RETENTION " + Duration(*w.retention_ms);
  if (w.grace_ms) text += ", GRACE PERIOD " + Duration(*w.grace_ms);
  return text + ")";
}

const char* JoinName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "InnerJoin";
    case JoinType::kLeft: return "LeftJoin";
    case JoinType::kRight: return "RightJoin";
    case JoinType::kFull: return "FullOuterJoin";
  }
  return "Join";
}

std::string ScanText(const Relation& r) {
  std::string source = r.topic ? "topic '" + r.source + "'" : r.source;
  return "Scan " + source + (r.alias.empty() ? "" : " AS " + r.alias);
}

std::string List(const std::vector<ExprPtr>& exprs) {
  std::string s;
  for (const auto& e : exprs) s += (s.empty() ? "" : ", ") + e->ToString();
  return s;
}

}  // namespace

std::vector<std::string> LogicalPlan(const Query& q) {
  std::vector<std::string> steps;  // result first
  if (q.limit) steps.push_back("Limit " + std::to_string(*q.limit));
  std::string select;
  for (const SelectItem& item : q.select) {
    select += (select.empty() ? "" : ", ") + item.expr->ToString() +
              (item.alias.empty() ? "" : " AS " + item.alias);
  }
  steps.push_back("Project " + select);
  if (!q.partition_by.empty()) steps.push_back("Repartition BY " + List(q.partition_by));
  if (q.having) steps.push_back("Having " + q.having->ToString());
  if (!q.group_by.empty()) {
    std::string agg = "Aggregate GROUP BY " + List(q.group_by);
    if (q.window) agg += " WINDOW " + WindowText(*q.window);
    if (q.emit == EmitKind::kFinal) agg += " EMIT FINAL";
    steps.push_back(agg);
  }
  if (q.where) steps.push_back("Filter " + q.where->ToString());
  std::vector<std::string> lines;
  for (size_t i = 0; i < steps.size(); ++i) lines.push_back(std::string(2 * i, ' ') + steps[i]);
  size_t depth = steps.size();
  // Joins nest left-deep: the last join is the outermost.
  for (size_t j = q.joins.size(); j-- > 0;) {
    const Join& join = q.joins[j];
    std::string text = std::string(JoinName(join.type)) + " ON " + join.on->ToString();
    if (join.within) {
      const WithinClause& w = *join.within;
      text += " WITHIN " + (w.before_ms == w.after_ms
                                ? Duration(w.before_ms)
                                : "(" + Duration(w.before_ms) + ", " + Duration(w.after_ms) + ")");
      if (w.grace_ms) text += " GRACE PERIOD " + Duration(*w.grace_ms);
    }
    lines.push_back(std::string(2 * depth, ' ') + text);
    lines.push_back(std::string(2 * (depth + 1), ' ') + ScanText(join.right));
    ++depth;
  }
  lines.push_back(std::string(2 * depth, ' ') + ScanText(q.from));
  return lines;
}

}  // namespace riffle
