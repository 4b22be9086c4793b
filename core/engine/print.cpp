// PRINT 'topic' [FROM BEGINNING] [INTERVAL n] [LIMIT n]: the records of a topic, their key and
// value formats detected from the bytes as ksqlDB's PRINT detects them.
//
// See core/engine/format_detection.h for how formats are detected.
#include "connectors/kafka/kafka_source.h"
#include "core/engine/engine_impl.h"
#include "core/engine/format_detection.h"

namespace riffle {

void EngineImpl::Print(const PrintStmt& s, ResultSink& sink) {
  if (!admin_->TopicExists(s.topic)) {
    std::vector<std::string> names;
    for (const auto& t : admin_->ListTopics()) names.push_back(t.name);
    std::string hint = ClosestMatch(s.topic, names);
    ThrowBind({}, "Could not find topic '" + s.topic + "'.",
              hint.empty() ? "SHOW TOPICS lists them" : "did you mean '" + hint + "'?");
  }
  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = bootstrap_;
  options.config = KafkaClientConfig();
  options.topic = s.topic;
  options.reset = s.from_beginning ? kafka::OffsetReset::kEarliest : kafka::OffsetReset::kLatest;
  kafka::KafkaSource source(options);
  // Offsets deleted before PRINT read them (or a re-created topic): said once per skip.
  auto report_skips = [&] {
    for (const kafka::OffsetSkip& skip : source.TakeSkips()) {
      sink.Warning("skipped " + skip.Describe());
    }
  };
  const std::vector<ResultColumn> columns = {{"ROWTIME", Type::Timestamp()},
                                             {"PARTITION", Type::Int()},
                                             {"OFFSET", Type::Bigint()},
                                             {"KEY", Type::String()},
                                             {"VALUE", Type::String()}};
  if (!s.from_beginning) {
    sink.Notice("Showing new records only. To read from the beginning: PRINT '" + s.topic +
                "' FROM BEGINNING;");
  }
  // The formats are reported with the first records, so wait for them before the rows begin.
  std::vector<kafka::KafkaRecord> records;
  while (!cancel_ && records.empty()) {
    records = source.Poll(500, 100);
    report_skips();
  }
  FormatDetector keys(true, Schemas()), values(false, Schemas());
  // The whole first batch narrows the formats before any of it is shown.
  for (const kafka::KafkaRecord& r : records) {
    keys.Format(r.key);
    values.Format(r.value);
  }
  if (!records.empty()) {
    sink.Notice("Key format: " + keys.Describe());
    sink.Notice("Value format: " + values.Describe());
  }
  sink.BeginRowsOf(ResultSink::RowsKind::kPrint, columns);
  int64_t shown = 0, seen = 0;
  int64_t interval = std::max<int64_t>(1, s.interval.value_or(1));
  bool first_batch = true;
  while (!cancel_) {
    if (!first_batch) {
      records = source.Poll(500, 100);
      report_skips();
    }
    for (const kafka::KafkaRecord& r : records) {
      // Later records narrow the formats further.
      Value key = keys.Format(r.key);
      Value value = values.Format(r.value);
      if (seen++ % interval != 0) continue;
      sink.Row({Value::Int(r.timestamp), Value::Int(r.partition), Value::Int(r.offset),
                std::move(key), std::move(value)});
      if (s.limit && ++shown >= *s.limit) {
        sink.EndRows("Limit Reached");
        return;
      }
    }
    first_batch = false;
  }
  sink.EndRows("Query terminated");
}

}  // namespace riffle
