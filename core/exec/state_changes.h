#pragma once
// Incremental checkpoints of keyed operator state. An operator that keeps state per key (groups,
// materialized rows, join tables) marks the keys it touches in a DirtyKeys set; at a checkpoint
// it encodes only those entries (or erasures), plus a small header it rewrites each time
// (watermarks, counters). The runtime stores each entry as one catalog row, so a checkpoint
// writes what changed, not the whole state (core/runtime/operator_state.h).

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace riffle {

// What one operator's state changed since its previous checkpoint.
struct StateChanges {
  std::string header;                                        // rewritten whole; may be ""
  std::vector<std::pair<std::string, std::string>> upserts;  // encoded key -> encoded entry
  std::vector<std::string> deletes;                          // encoded keys no longer held
};

// An operator's stored entries as a restart reads them back: every (key, entry), by key.
using StateEntries = std::vector<std::pair<std::string_view, std::string_view>>;

// Keys touched since the last checkpoint. Marking is one hash lookup (and a key copy the first
// time in an interval); Take hands the keys over and starts the next interval.
template <class Key, class Hash, class Equal = std::equal_to<Key>>
class DirtyKeys {
 public:
  void Mark(const Key& key) {
    if (!tracking_) return;
    set_.insert(key);
  }
  std::unordered_set<Key, Hash, Equal> Take() { return std::exchange(set_, {}); }
  void Clear() { set_.clear(); }
  size_t size() const { return set_.size(); }
  // Outside jobs that checkpoint (push queries) nothing needs the marks: skip their cost.
  void set_tracking(bool on) {
    tracking_ = on;
    if (!on) set_.clear();
  }

 private:
  std::unordered_set<Key, Hash, Equal> set_;
  bool tracking_ = true;
};

}  // namespace riffle
