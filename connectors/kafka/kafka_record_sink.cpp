#include "connectors/kafka/kafka_record_sink.h"

#include "core/common/error.h"

namespace riffle {

bool KafkaRecordSink::Write(std::optional<std::string_view> key,
                            std::optional<std::string_view> value, int64_t timestamp,
                            uint8_t key_window_bytes, std::string& /*error*/) {
  // Event time 0 goes out as -1 (see the header); the producer's partitioner hashes a windowed
  // key without its window.
  producer_->Produce(topic_, -1, key, value, timestamp == 0 ? -1 : timestamp, {},
                     key_window_bytes);
  return true;
}

void KafkaRecordSink::Flush() {
  if (!producer_->Flush(30000)) {
    throw RiffleError(ErrorKind::kConnector,
                      "could not write to topic " + topic_ + ": " + producer_->last_error());
  }
}

}  // namespace riffle
