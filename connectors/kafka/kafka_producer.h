#pragma once
// Writes records to Kafka. Keyed records are placed as the Java client's default partitioner
// places them (murmur2, as librdkafka's murmur2_random), so a key lands on the same partition as
// it would from ksqlDB; windowed keys are placed by their key without the window (Produce's
// `key_window_bytes`), as Kafka Streams' WindowedStreamPartitioner places them.
// Delivery is asynchronous: failures are counted and the last reason kept; Flush() reports them.
// Not thread-safe: one thread produces and flushes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/kafka/kafka_client.h"
#include "connectors/kafka/kafka_record.h"

namespace riffle::kafka {

struct KafkaProducerOptions {
  std::string bootstrap_servers = {};
  // How long librdkafka keeps retrying a record before reporting it failed (message.timeout.ms).
  // This bounds how long an unreachable cluster can go unnoticed.
  int delivery_timeout_ms = 30000;
  // How long the destructor waits for queued records before dropping them.
  int close_timeout_ms = 5000;
  KafkaConfig config = {};  // Extra librdkafka properties; they override the defaults above.
};

class KafkaProducer {
 public:
  // Throws RiffleError(kConnector) on bad configuration. Does not contact the cluster yet.
  explicit KafkaProducer(const KafkaProducerOptions& options);
  // Waits up to close_timeout_ms for queued records, then drops the rest silently (a destructor
  // cannot report: call Flush first to know).
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Queues one record. partition -1 lets the partitioner choose (by key hash; random for null
  // keys). key/value nullopt mean null (a null value is a tombstone). timestamp_ms 0 means now.
  // Headers with a nullopt value are sent as null. When the local queue is full this waits for
  // deliveries to make room (bounded by delivery_timeout_ms). Throws RiffleError(kConnector)
  // when the record is rejected locally (unknown partition, too large, queue stuck full).
  //
  // `key_window_bytes` (8: a time window's start, 16: a session's end and start; 0: none) says
  // the key ends with its window: with partition -1 the record goes where the Java default
  // partitioner sends the key WITHOUT those bytes, so every window of a key shares one
  // partition, as ksqlDB writes them. The choice is made by librdkafka's partitioner call with
  // the partition count from its own metadata, so no lookup happens on this thread and a topic
  // that gains partitions is followed as librdkafka refreshes its metadata. Ignored when the
  // client configuration names its own `partitioner`.
  void Produce(const std::string& topic, int32_t partition, std::optional<std::string_view> key,
               std::optional<std::string_view> value, int64_t timestamp_ms = 0,
               const KafkaHeaders& headers = {}, uint8_t key_window_bytes = 0);

  // Looks `topics` up now. librdkafka asks for an unknown topic's metadata on its first record
  // and, while another lookup is in flight, only again on its 1 s topic scan: records produced
  // together to several new topics would otherwise reach the broker up to ~1 s apart. Returns
  // false when a topic could not be looked up within `timeout_ms`.
  bool LoadTopics(const std::vector<std::string>& topics, int timeout_ms);

  // Waits until every queued record is delivered or failed, up to `timeout_ms`. Returns true
  // when all were delivered and no delivery failed since the previous Flush; false otherwise
  // (see last_error()).
  bool Flush(int timeout_ms);

  // Serves delivery reports and client errors without waiting, and while the cluster is
  // unreachable asks it whether it is back (ProbeWhileUnreachable: up to 100 ms, once a
  // second). An idle producer calls it now and then, or it would never hear of either.
  void Poll();
  // Whether the cluster can be reached (see ClientDiagnostics). Thread-safe.
  ReachabilityStatus reachability() const { return diagnostics_.reachability().status(); }

  // Records still waiting for delivery.
  int OutstandingCount() const;
  // Delivery failures since the producer was created.
  int64_t delivery_failures() const { return delivery_failures_; }
  int64_t delivered() const { return delivered_; }
  // The most recent delivery failure or client error, "" when none.
  std::string last_error() const { return diagnostics_.last_error(); }

 private:
  // Every record's opaque: its producer (for the delivery report) and how many bytes of window
  // end its key (for the partitioner). Constant, so the partitioner may run on any thread.
  struct RecordTag {
    KafkaProducer* producer;
    uint8_t key_window_bytes;
  };
  const RecordTag* TagFor(uint8_t key_window_bytes) const;
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static int32_t Partition(const rd_kafka_topic_t* topic, const void* key, size_t key_len,
                           int32_t partition_count, void* topic_opaque, void* record_opaque);

  ClientDiagnostics diagnostics_;  // Outlives handle_: it is the handle's opaque.
  int delivery_timeout_ms_;
  int close_timeout_ms_;
  int64_t delivered_ = 0;  // Updated by delivery callbacks, which run in our thread.
  int64_t delivery_failures_ = 0;
  int64_t failures_at_last_flush_ = 0;
  uint32_t produced_since_poll_ = 0;
  const RecordTag plain_tag_{this, 0};
  const RecordTag time_window_tag_{this, 8};
  const RecordTag session_tag_{this, 16};
  RdKafkaPtr handle_;
};

}  // namespace riffle::kafka
