// A statement names a stream that does not exist, but a topic of that name does: the usual first
// step of someone exploring a cluster. Say so, with the statement that declares it.
#include <cctype>

#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/engine/schema_ddl.h"

namespace riffle {

namespace {

// How many records, and for how long, the hint looks at to tell a JSON topic.
constexpr size_t kHintSampleRecords = 20;
constexpr int kHintSampleMs = 500;

bool LooksLikeJsonObject(const std::optional<std::string>& value) {
  if (!value) return false;
  for (char c : *value) {
    if (!std::isspace(static_cast<unsigned char>(c))) return c == '{';
  }
  return false;
}

// The topic's name as a stream name: as is when it is a plain identifier, else back-quoted.
std::string StreamNameFor(const std::string& topic) {
  bool plain = !topic.empty() && !std::isdigit(static_cast<unsigned char>(topic[0]));
  for (char c : topic) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return plain ? topic : "`" + topic + "`";
}

}  // namespace

RiffleError EngineImpl::WithTopicHint(const UnknownSourceError& e) {
  std::string topic;
  try {
    for (const kafka::TopicInfo& t : admin_->ListTopics()) {
      if (t.name == e.name()) {
        topic = t.name;
        break;
      }
      if (topic.empty() && AsciiIEquals(t.name, e.name())) topic = t.name;
    }
  } catch (const std::exception&) {
    return e;  // the cluster cannot say: the error as it was
  }
  if (topic.empty()) return e;
  bool json = false;
  try {
    kafka::KafkaSourceOptions options;
    options.bootstrap_servers = bootstrap_;
    options.config = KafkaClientConfig();
    options.topic = topic;
    if (auto records = SampleTopic(*admin_, options, kHintSampleRecords, kHintSampleMs)) {
      for (const kafka::KafkaRecord& r : *records) {
        if (r.value) {
          json = LooksLikeJsonObject(r.value);
          break;
        }
      }
    }
  } catch (const std::exception&) {
    // Sampling is only for the format: without it the hint still names the topic.
  }
  std::string hint = "'" + topic + "' is a Kafka topic, not a stream yet: ";
  if (json) {
    hint += "CREATE STREAM " + StreamNameFor(topic) + " WITH (KAFKA_TOPIC='" + topic +
            "', VALUE_FORMAT='JSON'); declares it, its columns inferred from its records";
  } else {
    hint += "PRINT '" + topic + "' FROM BEGINNING LIMIT 3; shows its records and their formats, "
            "then CREATE STREAM " + StreamNameFor(topic) + " (columns) WITH (KAFKA_TOPIC='" +
            topic + "', VALUE_FORMAT='...'); declares it";
  }
  // riffle's quoted topic name in FROM (topic_source.cpp) reads it without declaring it.
  hint += "; or FROM '" + topic + "' in a SELECT reads it undeclared";
  return RiffleError(e.kind(), e.message(), e.pos(), hint);
}

}  // namespace riffle
