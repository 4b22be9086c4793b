#pragma once
// Idempotent-producer bookkeeping for one partition: per producer id, its epoch and its last
// five batches, so a retried batch is recognised and answered with its original offset.
//
// Rules (as Kafka's broker applies them to magic 2 batches with producerId >= 0):
//   - a lower epoch than the one seen is kInvalidProducerEpoch;
//   - a higher epoch starts afresh and must begin at sequence 0 (else kOutOfOrderSequenceNumber);
//   - same epoch: a batch whose (first, last) sequence equals a cached one is a duplicate;
//     otherwise its first sequence must follow the last one seen (else
//     kOutOfOrderSequenceNumber);
//   - a producer this partition has no state for (new, or its batches were deleted or not
//     rescanned on recovery) is accepted at any sequence.

#include <cstdint>
#include <deque>
#include <unordered_map>

#include "connectors/broker/log/record_batch.h"
#include "connectors/broker/protocol.h"

namespace riffle::broker {

class ProducerStateTable {
 public:
  static constexpr size_t kCachedBatches = 5;

  struct BatchMeta {
    int32_t first_sequence = 0;
    int32_t last_sequence = 0;
    int64_t base_offset = 0;
  };
  struct Entry {
    int16_t epoch = -1;
    std::deque<BatchMeta> batches;  // Oldest first, at most kCachedBatches.
  };

  // Checks a batch about to be appended. kNone: append it. kNone with *duplicate_offset >= 0:
  // already in the log at that base offset, do not append. Other codes: reject.
  ErrorCode Check(const BatchHeader& batch, int64_t* duplicate_offset) const;
  // Records a batch now in the log at `base_offset` (appended, or found by a recovery scan).
  void Record(const BatchHeader& batch, int64_t base_offset);

  size_t size() const { return producers_.size(); }
  void Clear() { producers_.clear(); }

 private:
  std::unordered_map<int64_t, Entry> producers_;
};

}  // namespace riffle::broker
