#include "tests/sql/runner/record_producer.h"

#include <chrono>
#include <optional>
#include <stdexcept>

#include "connectors/kafka/kafka_producer.h"

namespace riffle::sqltest {

namespace {

std::optional<std::string_view> View(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

void ProduceWith(kafka::KafkaProducer& producer, const std::string& topic, int partition,
                 const std::vector<ProduceRecord>& records) {
  for (const ProduceRecord& r : records) {
    producer.Produce(topic, partition, View(r.key), View(r.value), r.timestamp_ms);
  }
  if (!producer.Flush(10000)) {
    throw std::runtime_error("producing to " + topic + " failed: " + producer.last_error());
  }
}

}  // namespace

void ProduceRecords(const std::string& bootstrap, const std::string& topic, int partition,
                    const std::vector<ProduceRecord>& records) {
  kafka::KafkaProducerOptions options;
  options.bootstrap_servers = bootstrap;
  options.delivery_timeout_ms = 10000;
  kafka::KafkaProducer producer(options);
  ProduceWith(producer, topic, partition, records);
}

BackgroundProducer::BackgroundProducer(std::string bootstrap, std::string topic, int partition,
                                       std::vector<ProduceRecord> records, int period_ms)
    : bootstrap_(std::move(bootstrap)),
      topic_(std::move(topic)),
      partition_(partition),
      records_(std::move(records)),
      period_ms_(period_ms),
      thread_([this] { Run(); }) {}

BackgroundProducer::~BackgroundProducer() { Stop(); }

void BackgroundProducer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string BackgroundProducer::error() {
  std::lock_guard lock(mutex_);
  return error_;
}

void BackgroundProducer::Run() {
  try {
    kafka::KafkaProducerOptions options;
    options.bootstrap_servers = bootstrap_;
    options.delivery_timeout_ms = 10000;
    kafka::KafkaProducer producer(options);
    while (true) {
      ProduceWith(producer, topic_, partition_, records_);
      std::unique_lock lock(mutex_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stop_; })) {
        return;
      }
    }
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    error_ = e.what();
  }
}

}  // namespace riffle::sqltest
