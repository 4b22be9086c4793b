// PRINT 'topic' [FROM BEGINNING] [INTERVAL n] [LIMIT n]: the raw records of a topic.
#include "connectors/kafka/kafka_source.h"
#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

// Shows bytes as text when they are printable UTF-8, else as hex.
Value BytesForDisplay(const std::optional<std::string>& bytes) {
  if (!bytes) return Value();
  bool printable = true;
  for (unsigned char c : *bytes) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      printable = false;
      break;
    }
  }
  if (printable) return Value::String(*bytes);
  static const char* kHex = "0123456789abcdef";
  std::string hex = "0x";
  for (unsigned char c : *bytes) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return Value::String(hex);
}

}  // namespace

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
  sink.BeginRows({{"ROWTIME", Type::Timestamp()},
                  {"PARTITION", Type::Int()},
                  {"OFFSET", Type::Bigint()},
                  {"KEY", Type::String()},
                  {"VALUE", Type::String()}});
  int64_t shown = 0, seen = 0;
  int64_t interval = std::max<int64_t>(1, s.interval.value_or(1));
  while (!cancel_) {
    for (const kafka::KafkaRecord& r : source.Poll(500, 100)) {
      if (seen++ % interval != 0) continue;
      sink.Row({Value::Int(r.timestamp), Value::Int(r.partition), Value::Int(r.offset),
                BytesForDisplay(r.key), BytesForDisplay(r.value)});
      if (s.limit && ++shown >= *s.limit) {
        sink.EndRows("Limit Reached");
        return;
      }
    }
  }
  sink.EndRows("Query terminated");
}

}  // namespace riffle
