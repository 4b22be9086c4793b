#include "connectors/broker/log/producer_state.h"

#include <climits>

namespace riffle::broker {

ErrorCode ProducerStateTable::Check(const BatchHeader& batch, int64_t* duplicate_offset) const {
  *duplicate_offset = -1;
  if (batch.producer_id < 0 || batch.base_sequence < 0) return ErrorCode::kNone;
  auto it = producers_.find(batch.producer_id);
  if (it == producers_.end() || it->second.batches.empty()) return ErrorCode::kNone;
  const Entry& e = it->second;
  if (batch.producer_epoch < e.epoch) return ErrorCode::kInvalidProducerEpoch;
  if (batch.producer_epoch > e.epoch) {
    return batch.base_sequence == 0 ? ErrorCode::kNone : ErrorCode::kOutOfOrderSequenceNumber;
  }
  for (const BatchMeta& m : e.batches) {
    if (m.first_sequence == batch.base_sequence && m.last_sequence == batch.last_sequence()) {
      *duplicate_offset = m.base_offset;
      return ErrorCode::kNone;
    }
  }
  int32_t last = e.batches.back().last_sequence;
  int32_t expected = last == INT32_MAX ? 0 : last + 1;
  return batch.base_sequence == expected ? ErrorCode::kNone : ErrorCode::kOutOfOrderSequenceNumber;
}

void ProducerStateTable::Record(const BatchHeader& batch, int64_t base_offset) {
  if (batch.producer_id < 0) return;
  Entry& e = producers_[batch.producer_id];
  if (batch.producer_epoch != e.epoch) {
    e.epoch = batch.producer_epoch;
    e.batches.clear();
  }
  if (batch.base_sequence < 0) return;
  e.batches.push_back({batch.base_sequence, batch.last_sequence(), base_offset});
  while (e.batches.size() > kCachedBatches) e.batches.pop_front();
}

}  // namespace riffle::broker
