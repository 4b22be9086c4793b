#include "core/exec/state_size.h"

namespace riffle {

int64_t ApproxValueBytes(const Value& v) {
  int64_t n = static_cast<int64_t>(sizeof(Value));
  if (v.is_string()) {
    // Short strings live inside std::string (SSO); longer ones own a heap buffer.
    size_t len = v.as_string().size();
    if (len >= sizeof(std::string)) n += static_cast<int64_t>(len + 1);
  } else if (v.is_list()) {
    n += ApproxValuesBytes(v.as_list());
  } else if (v.is_map()) {
    for (const auto& [k, e] : v.as_map()) n += ApproxValueBytes(k) + ApproxValueBytes(e);
  }
  return n;
}

int64_t ApproxValuesBytes(const std::vector<Value>& values) {
  int64_t n = 0;
  for (const Value& v : values) n += ApproxValueBytes(v);
  return n;
}

}  // namespace riffle
