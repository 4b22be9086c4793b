#include "connectors/source/kafka_record_source.h"

namespace riffle {

size_t KafkaRecordSource::Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) {
  out.clear();
  size_t n = source_.PollBatch(messages_, max_records, timeout_ms);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    kafka::MessageView m = messages_[i];
    RawRecord& r = out[i];
    r.key = m.key();
    r.key_null = m.key_is_null();
    r.value = m.value();
    r.value_null = m.value_is_null();
    r.timestamp = m.timestamp();
    r.partition = m.partition();
    r.offset = m.offset();
  }
  return n;
}

std::vector<SourceSkip> KafkaRecordSource::TakeSkips() {
  std::vector<SourceSkip> out;
  for (const kafka::OffsetSkip& s : source_.TakeSkips()) {
    out.push_back({s.partition, s.from, s.to, s.count, s.Describe()});
  }
  return out;
}

}  // namespace riffle
