#include "core/engine/processing_log_stream.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

std::string ProcessingLogStreamDdl(const std::string& topic, bool create_topic) {
  return StrCat("CREATE STREAM IF NOT EXISTS ", kProcessingLogStream,
                " (JOB STRING KEY, LOGGED_AT TIMESTAMP, ERROR_TYPE STRING, SOURCE STRING,"
                " SOURCE_PARTITION INT, SOURCE_OFFSET BIGINT, ERROR STRING, RECORD STRING)"
                " WITH (KAFKA_TOPIC='",
                topic, "', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON'",
                create_topic ? ", PARTITIONS=1);" : ");");
}

std::string ProcessingLogRecord(const ProcessingLogEntry& entry) {
  nlohmann::json value;
  value["LOGGED_AT"] = entry.logged_at_ms;
  value["ERROR_TYPE"] = ProcessingErrorTypeName(entry.type);
  value["SOURCE"] = entry.topic;
  value["SOURCE_PARTITION"] = entry.partition >= 0 ? nlohmann::json(entry.partition) : nullptr;
  value["SOURCE_OFFSET"] = entry.offset >= 0 ? nlohmann::json(entry.offset) : nullptr;
  value["ERROR"] = entry.message;
  value["RECORD"] = entry.record.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.record);
  // Messages quote what they could not read, which need not be UTF-8: replace, never throw.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsAboutTheProcessingLog(const ProcessingLogEntry& entry, const std::string& topic) {
  return AsciiUpper(entry.topic) == AsciiUpper(topic) ||
         AsciiUpper(entry.topic) == kProcessingLogStream;
}

ProcessingLogPublisher::ProcessingLogPublisher(ProcessingLog& log,
                                               const kafka::KafkaProducerOptions& options,
                                               std::string topic)
    : log_(log),
      options_(options),
      topic_(std::move(topic)),
      thread_([this] { Run(); }) {
  log_.EnablePublishing(kMaxUnpublished);
}

ProcessingLogPublisher::~ProcessingLogPublisher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  PublishPending();
}

void ProcessingLogPublisher::Run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(kPublishIntervalMs));
    if (stop_) break;
    lock.unlock();
    PublishPending();
    lock.lock();
  }
}

void ProcessingLogPublisher::PublishPending() {
  std::vector<ProcessingLogEntry> entries = log_.TakeUnpublished();
  if (entries.empty()) return;
  // Created on the first entry: most sessions log nothing, and a producer costs threads.
  if (!producer_) {
    try {
      producer_ = std::make_unique<kafka::KafkaProducer>(options_);
    } catch (const RiffleError&) {
      refused_.fetch_add(static_cast<int64_t>(entries.size()));
      return;
    }
  }
  for (const ProcessingLogEntry& entry : entries) {
    if (IsAboutTheProcessingLog(entry, topic_)) continue;
    try {
      // By key (the job): one job's entries stay in order on a topic of several partitions.
      producer_->Produce(topic_, -1, entry.job_id, ProcessingLogRecord(entry),
                         entry.logged_at_ms);
      published_.fetch_add(1);
    } catch (const RiffleError&) {
      refused_.fetch_add(1);  // the broker is gone or stuck; the entry stays in memory (EXPLAIN)
    }
  }
  // This thread does nothing else: waiting for delivery here delays only the log.
  producer_->Flush(2000);
  delivery_failures_.store(producer_->delivery_failures());
}

}  // namespace riffle
