#pragma once
// Writing a persistent query's output to a Kafka topic (CONNECTOR='kafka', the default) through
// the job's producer.

#include <string>

#include "connectors/connector/record_sink.h"
#include "connectors/kafka/kafka_producer.h"

namespace riffle {

class KafkaRecordSink : public RecordSink {
 public:
  // REQUIRES: `producer` outlives the sink.
  KafkaRecordSink(std::string topic, kafka::KafkaProducer* producer)
      : topic_(std::move(topic)), producer_(producer) {}

  // Produces the record; delivery errors surface at Flush. A record with event time 0 is sent
  // with timestamp -1 (Kafka's "none"): librdkafka would stamp 0 with the current time, and
  // SourceScan reads -1 back as 0.
  bool Write(std::optional<std::string_view> key, std::optional<std::string_view> value,
             int64_t timestamp, uint8_t key_window_bytes, std::string& error) override;
  // Waits (up to 30 s) until every produced record is delivered.
  void Flush() override;
  void Poll() override { producer_->Poll(); }
  ReachabilityStatus Reachability() const override { return producer_->reachability(); }

 private:
  std::string topic_;
  kafka::KafkaProducer* producer_;
};

}  // namespace riffle
