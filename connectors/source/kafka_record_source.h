#pragma once
// RecordSource over a Kafka topic: views into librdkafka's fetch buffers, no copies.

#include <memory>

#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/message_batch.h"
#include "connectors/source/record_source.h"

namespace riffle {

class KafkaRecordSource : public RecordSource {
 public:
  // Throws RiffleError(kConnector) when the topic cannot be read (see KafkaSource).
  explicit KafkaRecordSource(const kafka::KafkaSourceOptions& options) : source_(options) {}
  ~KafkaRecordSource() override { messages_.Clear(); }

  size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) override;
  std::map<int32_t, int64_t> Positions() const override { return source_.Positions(); }
  bool AtEnd() override { return source_.AtEnd(); }
  const std::string& name() const override { return source_.topic(); }
  std::vector<SourceSkip> TakeSkips() override;
  ReachabilityStatus Reachability() const override { return source_.reachability(); }

 private:
  kafka::KafkaSource source_;
  kafka::MessageBatch messages_;  // Declared after source_: cleared before it is destroyed.
};

}  // namespace riffle
