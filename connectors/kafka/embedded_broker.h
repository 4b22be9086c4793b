#pragma once
// An in-memory Kafka broker inside this process: librdkafka 2.0.2's mock cluster with one broker
// listening on 127.0.0.1. Any Kafka client (riffle's own, kcat, a JVM client) can connect to
// bootstraps().
//
// Facts about the 2.0.2 mock that callers must know:
//  - The port is chosen by the kernel (bind to port 0 on loopback) and cannot be configured in
//    2.0.2; read it from bootstraps() after Start().
//  - Data lives in memory and is lost when the broker stops. Each partition keeps only about
//    5 MiB; older record batches are dropped (the low watermark moves up).
//  - The CreateTopics/DeleteTopics admin API is not supported. Topics are created in-process by
//    CreateTopic() below, or by auto-creation: a produce or a metadata request for an unknown
//    topic from a client with allow.auto.create.topics creates it with 4 partitions.

#include <string>

#include "connectors/kafka/kafka_client.h"

struct rd_kafka_mock_cluster_s;

namespace riffle::kafka {

class EmbeddedBroker {
 public:
  EmbeddedBroker() = default;
  // Stops the broker; clients still connected see their connections close.
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // Starts the broker. REQUIRES: not started yet. Throws RiffleError(kConnector) on failure.
  void Start();
  bool started() const { return cluster_ != nullptr; }

  // "127.0.0.1:PORT". REQUIRES: started().
  const std::string& bootstraps() const { return bootstraps_; }

  // Creates `name` with `partitions` partitions (replication is always 1: one broker).
  // Returns false when the topic already exists (its partition count is then unchanged).
  // Throws RiffleError(kConnector) on any other failure. REQUIRES: started(), partitions >= 1.
  bool CreateTopic(const std::string& name, int partitions);

 private:
  ClientDiagnostics diagnostics_;  // Outlives handle_: it is the handle's opaque.
  RdKafkaPtr handle_;              // The mock cluster needs an rd_kafka_t for its bookkeeping.
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstraps_;
};

}  // namespace riffle::kafka
