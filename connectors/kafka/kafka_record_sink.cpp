#include "connectors/kafka/kafka_record_sink.h"

#include "core/common/error.h"

namespace riffle {

bool KafkaRecordSink::Write(std::optional<std::string_view> key,
                            std::optional<std::string_view> value, int64_t timestamp,
                            std::optional<std::string_view> partition_key, std::string& /*error*/) {
  int32_t partition =
      partition_key ? producer_->PartitionForWindowedKey(topic_, *partition_key) : -1;
  producer_->Produce(topic_, partition, key, value, timestamp == 0 ? -1 : timestamp);
  return true;
}

void KafkaRecordSink::Flush() {
  if (!producer_->Flush(30000)) {
    throw RiffleError(ErrorKind::kConnector,
                      "could not write to topic " + topic_ + ": " + producer_->last_error());
  }
}

}  // namespace riffle
