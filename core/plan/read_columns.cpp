#include "core/plan/read_columns.h"

#include <set>

#include "core/common/text.h"

namespace riffle {

namespace {

// Every name a column reference in `e` could resolve to, upper-cased: the name and, for
// `a.b`, the qualifier too. Lambda parameters are collected as well; they only make more
// columns read.
void CollectNames(const Expr& e, std::set<std::string>& names) {
  if (e.kind == ExprKind::kColumnRef) {
    names.insert(AsciiUpper(e.name));
    if (!e.qualifier.empty()) names.insert(AsciiUpper(e.qualifier));
  }
  for (const ExprPtr& arg : e.args) {
    if (arg) CollectNames(*arg, names);
  }
}

// Whether `query` selects whole rows (`*` or `alias.*`, not `struct->*`).
bool SelectsStar(const Query& query) {
  for (const SelectItem& item : query.select) {
    if (item.expr && item.expr->kind == ExprKind::kStar && item.expr->args.empty()) return true;
  }
  return false;
}

}  // namespace

void MarkUnreadValueColumns(const Query& query, SourceLayout& layout) {
  if (SelectsStar(query)) return;
  std::set<std::string> names;
  auto collect = [&](const ExprPtr& e) {
    if (e) CollectNames(*e, names);
  };
  for (const SelectItem& item : query.select) collect(item.expr);
  collect(query.where);
  collect(query.having);
  for (const ExprPtr& g : query.group_by) collect(g);
  for (const ExprPtr& p : query.partition_by) collect(p);
  for (const Join& j : query.joins) collect(j.on);
  for (formats::FieldBinding& f : layout.value_fields) {
    f.unread = f.index != layout.timestamp_column && names.count(AsciiUpper(f.name)) == 0;
  }
}

std::string DescribeDecodedColumns(const SourceLayout& layout) {
  std::string decoded, unread;
  for (const formats::FieldBinding& f : layout.value_fields) {
    std::string& list = f.unread ? unread : decoded;
    list += (list.empty() ? "" : ", ") + f.name;
  }
  if (unread.empty()) return "";
  return "decodes " + (decoded.empty() ? std::string("no value column") : decoded) +
         "; type-checks " + unread;
}

}  // namespace riffle
