#include "tests/conformance/runner/topic_io.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::conformance {

RecordCodec& TopicCodecs::ForInput(const std::string& topic) { return Get(topic, false); }

RecordCodec& TopicCodecs::ForOutput(const std::string& topic) { return Get(topic, true); }

RecordCodec& TopicCodecs::Get(const std::string& topic, bool output) {
  auto key = std::make_pair(topic, output);
  auto it = codecs_.find(key);
  if (it != codecs_.end()) return *it->second;
  std::optional<SourceInfo> chosen;
  int best = -1;
  for (const SourceInfo& source : catalog_.ListSources()) {
    if (source.topic != topic) continue;
    int score = (!source.created_by_job.empty()) == output ? 1 : 0;
    if (score > best) {
      best = score;
      chosen = source;
    }
  }
  auto codec = chosen ? std::make_unique<RecordCodec>(*chosen, &catalog_)
                      : std::make_unique<RecordCodec>();
  return *codecs_.emplace(key, std::move(codec)).first->second;
}

namespace {

kafka::KafkaHeaders InputHeaders(const std::optional<JNode>& headers) {
  kafka::KafkaHeaders out;
  if (!headers || !headers->is_array()) return out;
  for (const JNode& h : headers->items()) {
    std::string key = h.GetString("KEY");
    const JNode* value = h.Get("VALUE");
    if (value == nullptr || value->is_null()) {
      out.emplace_back(key, std::nullopt);
      continue;
    }
    std::string raw;
    if (!Base64Decode(value->text(), &raw)) {
      throw std::runtime_error("header value is not base64: " + value->Dump());
    }
    out.emplace_back(key, std::move(raw));
  }
  return out;
}

std::optional<std::string_view> View(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

// A windowed input's key ends with its window as ksqlDB's windowed serdes write it: time
// windows the 8-byte big-endian start, sessions the end then the start.
void AppendWindow(const JNode& window, std::string& key) {
  auto bound = [&](const char* name) -> int64_t {
    const JNode* n = window.Get(name);
    return n != nullptr && n->is_number() ? std::stoll(n->text()) : 0;
  };
  auto put = [&](int64_t v) {
    for (int i = 7; i >= 0; --i) {
      key.push_back(static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff));
    }
  };
  if (window.GetString("type") == "session") put(bound("end"));
  put(bound("start"));
}

}  // namespace

void ProduceInputs(const std::string& bootstrap, const std::vector<TestRecord>& inputs,
                   TopicCodecs& codecs) {
  if (inputs.empty()) return;
  kafka::KafkaProducerOptions options;
  options.bootstrap_servers = bootstrap;
  options.delivery_timeout_ms = 10000;
  kafka::KafkaProducer producer(options);
  // Known topics first, so records to different topics reach the broker together (a join
  // reading them can only order what has arrived).
  std::vector<std::string> topics;
  for (const TestRecord& r : inputs) {
    if (std::find(topics.begin(), topics.end(), r.topic) == topics.end()) topics.push_back(r.topic);
  }
  producer.LoadTopics(topics, 10000);
  for (const TestRecord& r : inputs) {
    RecordCodec& codec = codecs.ForInput(r.topic);
    std::optional<std::string> key = codec.EncodeKey(r.key);
    if (r.window && key) AppendWindow(*r.window, *key);
    std::optional<std::string> value = codec.EncodeValue(r.value);
    int64_t timestamp = r.timestamp.value_or(0);
    // librdkafka stamps a record produced with timestamp 0 with the current time; -1 is
    // Kafka's "no timestamp", which riffle reads back as event time 0.
    if (timestamp == 0) timestamp = -1;
    producer.Produce(r.topic, -1, View(key), View(value), timestamp, InputHeaders(r.headers));
  }
  if (!producer.Flush(10000)) {
    throw std::runtime_error("producing the inputs failed: " + producer.last_error());
  }
}

std::vector<ActualRecord> ReadTopic(const std::string& bootstrap, const std::string& topic,
                                    RecordCodec& codec, int timeout_ms) {
  std::vector<ActualRecord> out;
  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = bootstrap;
  options.topic = topic;
  options.reset = kafka::OffsetReset::kEarliest;
  options.timeout_ms = 5000;
  std::unique_ptr<kafka::KafkaSource> source;
  try {
    source = std::make_unique<kafka::KafkaSource>(options);
  } catch (const std::exception&) {
    return out;  // the topic does not exist: no records
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    std::vector<kafka::KafkaRecord> records = source->Poll(1000, 20);
    for (kafka::KafkaRecord& k : records) {
      ActualRecord a;
      a.partition = k.partition;
      a.record.topic = topic;
      a.record.timestamp = k.timestamp < 0 ? 0 : k.timestamp;  // -1: Kafka's "no timestamp"
      try {
        a.record.key = codec.DecodeKey(k.key, &a.record.window);
      } catch (const std::exception& e) {
        a.record.key = JNode::String(std::string("<undecodable key: ") + e.what() + ">");
      }
      try {
        a.record.value = codec.DecodeValue(k.value);
      } catch (const std::exception& e) {
        a.record.value = JNode::String(std::string("<undecodable value: ") + e.what() + ">");
      }
      if (!k.headers.empty()) {
        std::vector<JNode> headers;
        for (const auto& [name, value] : k.headers) {
          headers.push_back(JNode::Object(
              {{"KEY", JNode::String(name)},
               {"VALUE", value ? JNode::String(Base64Encode(*value)) : JNode::Null()}}));
        }
        a.record.headers = JNode::Array(std::move(headers));
      }
      out.push_back(std::move(a));
    }
    if (records.empty() && source->AtEnd()) break;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("timed out reading topic " + topic);
    }
  }
  return out;
}

}  // namespace riffle::conformance
