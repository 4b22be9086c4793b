#include "connectors/kafka/kafka_record_sink.h"

#include "core/common/error.h"

namespace riffle {

bool KafkaRecordSink::Write(std::optional<std::string_view> key,
                            std::optional<std::string_view> value, int64_t timestamp,
                            std::optional<std::string_view> partition_key, std::string& /*error*/) {
  // The partition key is the windowed key without its window (SinkWriter): the producer's
  // partitioner hashes the key without those trailing bytes (KafkaProducer::Produce).
  uint8_t key_window_bytes = 0;
  if (partition_key && key && key->size() > partition_key->size()) {
    key_window_bytes = static_cast<uint8_t>(key->size() - partition_key->size());
  }
  // librdkafka stamps a record produced with timestamp 0 with the current time, so an event
  // time of exactly 0 is written as -1 (Kafka's "no timestamp"), which SourceScan reads back
  // as 0.
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
