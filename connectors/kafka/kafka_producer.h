#pragma once
// Writes records to Kafka. Keyed records are placed by librdkafka's murmur2_random partitioner,
// the Java client's default, so a key lands on the same partition as it would from ksqlDB;
// windowed keys are placed by their key without the window (PartitionForWindowedKey).
// Delivery is asynchronous: failures are counted and the last reason kept; Flush() reports them.
// Not thread-safe: one thread produces and flushes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  void Produce(const std::string& topic, int32_t partition, std::optional<std::string_view> key,
               std::optional<std::string_view> value, int64_t timestamp_ms = 0,
               const KafkaHeaders& headers = {});

  // The partition Kafka Streams' WindowedStreamPartitioner gives a windowed record: the Java
  // default choice (PartitionForKey) over the key WITHOUT its window, so every window of a key
  // shares one partition, as ksqlDB writes them. `base_key` is that key. The topic's partition
  // count is looked up on first use and again every kPartitionCountMaxAge (partitions can be
  // added; Java producers also refresh their metadata on a timer). Throws
  // RiffleError(kConnector) when the count was never learned within delivery_timeout_ms.
  int32_t PartitionForWindowedKey(const std::string& topic, std::string_view base_key);
  static constexpr std::chrono::seconds kPartitionCountMaxAge{30};

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
  struct PartitionCount {
    int32_t count = 0;
    std::chrono::steady_clock::time_point checked;
  };
  // The topic's partition count from the cluster, 0 when it could not be learned.
  int32_t LookUpPartitionCount(const std::string& topic, int timeout_ms);
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);

  ClientDiagnostics diagnostics_;  // Outlives handle_: it is the handle's opaque.
  int delivery_timeout_ms_;
  int close_timeout_ms_;
  int64_t delivered_ = 0;  // Updated by delivery callbacks, which run in our thread.
  int64_t delivery_failures_ = 0;
  int64_t failures_at_last_flush_ = 0;
  uint32_t produced_since_poll_ = 0;
  std::unordered_map<std::string, PartitionCount> partition_counts_;
  RdKafkaPtr handle_;
};

}  // namespace riffle::kafka
