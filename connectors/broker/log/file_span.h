#pragma once
// A run of bytes of a log file that a read hands out instead of copying it: the broker sends it
// to the client with sendfile(2), so fetched records never pass through the broker's memory (as
// Kafka's broker does). The span owns a duplicate of the file's descriptor, so the store may
// roll, delete or close the segment before the span is sent; the bytes it covers are never
// rewritten (segments are append-only, and truncated only by recovery before anything is read).

#include <cstdint>

#include "connectors/broker/log/file_util.h"

namespace riffle::broker {

struct FileSpan {
  UniqueFd fd;
  int64_t offset = 0;
  int64_t length = 0;
};

}  // namespace riffle::broker
