#include "connectors/file/record_splitter.h"

#include <cstring>

namespace riffle {

SplitResult SplitRecord(std::string_view bytes, bool csv_quotes, char delimiter, bool at_eof) {
  SplitResult r;
  const size_t n = bytes.size();
  size_t i = 0;
  if (!csv_quotes) {
    const void* nl = n == 0 ? nullptr : std::memchr(bytes.data(), '\n', n);
    i = nl == nullptr ? n : static_cast<size_t>(static_cast<const char*>(nl) - bytes.data());
  } else {
    bool field_start = true;
    bool quoted = false;
    for (; i < n; ++i) {
      char c = bytes[i];
      if (quoted) {
        if (c != '"') continue;
        if (i + 1 < n && bytes[i + 1] == '"') {
          ++i;  // an escaped quote
        } else if (i + 1 == n && !at_eof) {
          return r;  // cannot tell an escape from a close yet
        } else {
          quoted = false;
        }
        continue;
      }
      if (c == '\n') break;
      if (c == '"' && field_start) {
        quoted = true;
        field_start = false;
        continue;
      }
      field_start = c == delimiter;
    }
  }
  if (i == n && !at_eof) return r;  // no newline yet
  r.complete = true;
  r.next = i < n ? i + 1 : n;
  r.record_end = i;
  if (r.record_end > 0 && bytes[r.record_end - 1] == '\r') --r.record_end;
  return r;
}

}  // namespace riffle
