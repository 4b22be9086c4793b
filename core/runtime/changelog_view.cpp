#include "core/runtime/changelog_view.h"

namespace riffle {

bool ChangelogView::KeyLess::operator()(const std::vector<Value>& a,
                                        const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

void ChangelogView::Apply(RowKind kind, std::vector<Value> row, std::vector<MarkedRow>& out) {
  if (key_columns_.empty()) {
    static const char* const kMarkers[] = {"+I", "-U", "+U", "-D"};
    out.push_back({kMarkers[static_cast<int>(kind)], std::move(row)});
    return;
  }
  std::vector<Value> key;
  key.reserve(key_columns_.size());
  for (size_t c : key_columns_) key.push_back(c < row.size() ? row[c] : Value());
  auto it = last_.find(key);
  switch (kind) {
    case RowKind::kUpdateBefore:
      return;  // the view knows the old row itself
    case RowKind::kDelete:
      if (it != last_.end()) {
        out.push_back({"-D", std::move(it->second)});
        last_.erase(it);
      }
      return;
    case RowKind::kInsert:
    case RowKind::kUpdateAfter:
      if (it == last_.end()) {
        out.push_back({"+I", row});
        last_.emplace(std::move(key), std::move(row));
      } else {
        out.push_back({"-U", std::move(it->second)});
        out.push_back({"+U", row});
        it->second = std::move(row);
      }
      return;
  }
}

}  // namespace riffle
