#include "core/plan/column_alias.h"

#include <cctype>
#include <climits>
#include <cstdint>

#include "core/common/error.h"

namespace riffle {

std::pair<std::string, int> SplitNumberedName(const std::string& name) {
  size_t underscore = name.rfind('_');
  if (underscore == std::string::npos || underscore + 1 == name.size()) return {name, 0};
  long long number = 0;
  for (size_t i = underscore + 1; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return {name, 0};
    number = number * 10 + (name[i] - '0');
    if (number > INT_MAX) return {name.substr(0, underscore), -1};
  }
  return {name.substr(0, underscore), static_cast<int>(number)};
}

ColumnAliasGenerator::ColumnAliasGenerator(const std::vector<std::string>& taken) {
  for (const std::string& name : taken) {
    auto [prefix, number] = SplitNumberedName(name);
    if (number >= 0) used_[prefix].insert(number);
  }
}

std::string ColumnAliasGenerator::Next(const std::string& prefix, bool drop_zero) {
  int64_t& next = next_[prefix];
  const std::set<int>& used = used_[prefix];
  while (next <= INT_MAX && used.count(static_cast<int>(next))) ++next;
  if (next > INT_MAX) {
    ThrowBind({}, "Every generated name " + prefix + "_<n> is taken: give your columns aliases.");
  }
  int64_t n = next++;
  return n == 0 && drop_zero ? prefix : prefix + "_" + std::to_string(n);
}

std::string ColumnAliasGenerator::UniqueAliasFor(const Expr& e) {
  if (e.kind != ExprKind::kDereference) return NextKsqlCol();
  return Next(SplitNumberedName(e.name).first, /*drop_zero=*/true);
}

}  // namespace riffle
