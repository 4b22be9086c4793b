#pragma once
// KSQL_PROCESSING_LOG: the processing log as a stream you can SELECT from, as in ksqlDB. Each
// entry of the process's ProcessingLog (core/exec/processing_log.h) becomes one JSON record
// of its topic, keyed by the job (or push query) that logged it, stamped with the time it was
// logged. On the local broker the topic is riffle_processing_log, always; on a cluster it is
// written only when ksqlDB's ksql.logging.processing.topic.auto.create or
// ksql.logging.processing.stream.auto.create is true, to ksql.logging.processing.topic.name. The
// stream's columns are riffle's, flat rather than ksqlDB's nested MESSAGE struct (README, "The
// processing log").
//
// Threading: the publisher owns a thread that drains the log every kPublishIntervalMs with its
// own producer (KafkaProducer is single-threaded); the destructor publishes what is left and
// waits for delivery (bounded by the producer's close timeout).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "connectors/kafka/kafka_producer.h"
#include "core/exec/processing_log.h"

namespace riffle {

inline constexpr char kProcessingLogStream[] = "KSQL_PROCESSING_LOG";
inline constexpr char kProcessingLogTopic[] = "riffle_processing_log";

// ksqlDB's properties that put the processing log on a cluster (riffle's defaults: the topic is
// riffle_processing_log, not ksqlDB's default_ksql_processing_log, whose records have ksqlDB's
// nested layout).
inline constexpr char kProcessingLogTopicAutoCreate[] = "ksql.logging.processing.topic.auto.create";
inline constexpr char kProcessingLogTopicName[] = "ksql.logging.processing.topic.name";
inline constexpr char kProcessingLogTopicPartitions[] = "ksql.logging.processing.topic.partitions";
inline constexpr char kProcessingLogTopicReplicas[] =
    "ksql.logging.processing.topic.replication.factor";
inline constexpr char kProcessingLogStreamAutoCreate[] =
    "ksql.logging.processing.stream.auto.create";

// The CREATE STREAM statement that declares KSQL_PROCESSING_LOG over `topic`; with
// `create_topic` it creates the topic too (one partition) when it is missing.
std::string ProcessingLogStreamDdl(const std::string& topic = kProcessingLogTopic,
                                   bool create_topic = true);

// One entry as the topic's JSON value (the stream's value columns).
std::string ProcessingLogRecord(const ProcessingLogEntry& entry);

// Entries about reading the processing log itself are not published: a query over
// KSQL_PROCESSING_LOG that fails on every row would otherwise feed itself forever. They stay
// in the in-memory log (EXPLAIN, warnings).
bool IsAboutTheProcessingLog(const ProcessingLogEntry& entry,
                             const std::string& topic = kProcessingLogTopic);

class ProcessingLogPublisher {
 public:
  static constexpr int kPublishIntervalMs = 200;
  // At most this many entries wait for the publisher; more are counted, not kept.
  static constexpr size_t kMaxUnpublished = 100000;

  // Publishes `log`'s entries to `topic`.
  ProcessingLogPublisher(ProcessingLog& log, const kafka::KafkaProducerOptions& options,
                         std::string topic = kProcessingLogTopic);
  const std::string& topic() const { return topic_; }
  ~ProcessingLogPublisher();
  ProcessingLogPublisher(const ProcessingLogPublisher&) = delete;
  ProcessingLogPublisher& operator=(const ProcessingLogPublisher&) = delete;

  // Entries handed to the producer, and entries that did not reach the topic (refused or not
  // delivered by the producer, or left out because the queue was full).
  int64_t published() const { return published_.load(); }
  int64_t failed() const {
    return refused_.load() + delivery_failures_.load() + log_.dropped_unpublished();
  }

 private:
  void Run();
  void PublishPending();

  ProcessingLog& log_;
  const kafka::KafkaProducerOptions options_;
  const std::string topic_;
  std::unique_ptr<kafka::KafkaProducer> producer_;  // created on the first entry
  std::atomic<int64_t> published_{0};
  std::atomic<int64_t> refused_{0};
  std::atomic<int64_t> delivery_failures_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

}  // namespace riffle
