#pragma once
// Produces a script's records to Kafka with librdkafka (through connectors/kafka), either once
// (ProduceRecords) or repeatedly in the background while a statement runs (BackgroundProducer),
// the latter for tests that need records to arrive after a query has started.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/sql/runner/script.h"

namespace riffle::sqltest {

// Produces `records` to `topic` (partition -1: by key hash) and flushes. Throws std::exception
// (RiffleError) when a record cannot be produced or delivered.
void ProduceRecords(const std::string& bootstrap, const std::string& topic, int partition,
                    const std::vector<ProduceRecord>& records);

// Produces the block once immediately and then again every `period_ms` until destroyed.
// Errors on the background thread are kept and reported by error().
class BackgroundProducer {
 public:
  BackgroundProducer(std::string bootstrap, std::string topic, int partition,
                     std::vector<ProduceRecord> records, int period_ms = 250);
  ~BackgroundProducer();  // Stops and joins.
  BackgroundProducer(const BackgroundProducer&) = delete;
  BackgroundProducer& operator=(const BackgroundProducer&) = delete;

  // The first error the thread met, "" when none. Call after destruction started is not allowed;
  // call Stop() first.
  std::string error();
  void Stop();

 private:
  void Run();

  std::string bootstrap_;
  std::string topic_;
  int partition_;
  std::vector<ProduceRecord> records_;
  int period_ms_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::string error_;
  std::thread thread_;
};

}  // namespace riffle::sqltest
