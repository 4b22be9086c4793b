#include "connectors/kafka/kafka_producer.h"

#include <chrono>


namespace riffle::kafka {

namespace {

// Serving delivery callbacks on every record costs throughput; every few hundred keeps the
// counters fresh without measurable cost.
constexpr uint32_t kPollEvery = 512;

}  // namespace

KafkaProducer::KafkaProducer(const KafkaProducerOptions& options)
    : delivery_timeout_ms_(options.delivery_timeout_ms),
      close_timeout_ms_(options.close_timeout_ms) {
  if (options.bootstrap_servers.empty()) ThrowKafka("Kafka producer needs bootstrap servers");
  KafkaConfig defaults = {
      {"partitioner", "murmur2_random"},
      {"message.timeout.ms", std::to_string(options.delivery_timeout_ms)},
      {"linger.ms", "5"},
      {"socket.connection.setup.timeout.ms", "10000"},
  };
  for (const auto& [key, value] : options.config) defaults[key] = value;
  RdConfPtr conf = MakeClientConf(options.bootstrap_servers, defaults, &diagnostics_);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::OnDelivery);
  if (!options.config.count("partitioner")) {
    // Partition chooses as murmur2_random does, after taking a windowed key's window off. Every
    // topic the producer writes gets the default topic configuration, so every record passes
    // through it.
    rd_kafka_topic_conf_t* topic_conf = rd_kafka_conf_get_default_topic_conf(conf.get());
    if (topic_conf == nullptr) {
      topic_conf = rd_kafka_topic_conf_new();
      rd_kafka_conf_set_default_topic_conf(conf.get(), topic_conf);
    }
    rd_kafka_topic_conf_set_partitioner_cb(topic_conf, &KafkaProducer::Partition);
  }
  handle_ = NewClient(RD_KAFKA_PRODUCER, std::move(conf));
}

KafkaProducer::~KafkaProducer() {
  if (handle_ == nullptr) return;
  if (rd_kafka_flush(handle_.get(), close_timeout_ms_) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // Without a purge, destroying a producer with queued records can block on retries.
    rd_kafka_purge(handle_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(handle_.get(), 0);
  }
}

void KafkaProducer::OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message,
                               void* opaque) {
  auto* self = static_cast<const RecordTag*>(message->_private)->producer;
  auto* diagnostics = static_cast<ClientDiagnostics*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->delivered_;
    diagnostics->reachability().Regained();
    return;
  }
  ++self->delivery_failures_;
  std::string where = "topic '";
  where += message->rkt != nullptr ? rd_kafka_topic_name(message->rkt) : "?";
  where += "'";
  if (message->partition >= 0) where += " partition " + std::to_string(message->partition);
  // Not rd_kafka_message_errstr: for a delivery report the payload is the record's value, not a
  // NUL-terminated error string.
  std::string text = "delivery to " + where + " failed: " + rd_kafka_err2str(message->err);
  // A timeout alone does not say why; the client error before it (connection refused,
  // authentication failed) usually does.
  std::string cause = diagnostics->last_error();
  if (message->err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT && !cause.empty() &&
      cause.rfind("delivery to ", 0) != 0) {
    text += " (" + cause + ")";
  }
  diagnostics->RecordError(text);
}

const KafkaProducer::RecordTag* KafkaProducer::TagFor(uint8_t key_window_bytes) const {
  switch (key_window_bytes) {
    case 0:
      return &plain_tag_;
    case 8:
      return &time_window_tag_;
    case 16:
      return &session_tag_;
  }
  ThrowKafka("a windowed key ends with 8 or 16 bytes of window, not " +
             std::to_string(key_window_bytes));
}

int32_t KafkaProducer::Partition(const rd_kafka_topic_t* topic, const void* key, size_t key_len,
                                 int32_t partition_count, void* topic_opaque,
                                 void* record_opaque) {
  const auto* tag = static_cast<const RecordTag*>(record_opaque);
  // A record produced without a tag cannot exist here (Produce always sets one), but a null
  // opaque must not crash the client's thread.
  if (tag != nullptr && key != nullptr && tag->key_window_bytes > 0 &&
      key_len >= tag->key_window_bytes) {
    return rd_kafka_msg_partitioner_murmur2(topic, key, key_len - tag->key_window_bytes,
                                            partition_count, topic_opaque, record_opaque);
  }
  return rd_kafka_msg_partitioner_murmur2_random(topic, key, key_len, partition_count,
                                                 topic_opaque, record_opaque);
}

void KafkaProducer::Produce(const std::string& topic, int32_t partition,
                            std::optional<std::string_view> key,
                            std::optional<std::string_view> value, int64_t timestamp_ms,
                            const KafkaHeaders& headers, uint8_t key_window_bytes) {
  void* tag = const_cast<RecordTag*>(TagFor(key_window_bytes));
  RdHeadersPtr hdrs;
  if (!headers.empty()) {
    hdrs.reset(rd_kafka_headers_new(headers.size()));
    for (const auto& [name, header_value] : headers) {
      rd_kafka_header_add(hdrs.get(), name.data(), static_cast<ssize_t>(name.size()),
                          header_value ? header_value->data() : nullptr,
                          header_value ? static_cast<ssize_t>(header_value->size()) : 0);
    }
  }
  // A null pointer means null on the wire; a non-null pointer of length 0 means empty.
  static const char kEmpty = 0;
  const void* key_ptr = key ? (key->data() != nullptr ? key->data() : &kEmpty) : nullptr;
  const void* value_ptr = value ? (value->data() != nullptr ? value->data() : &kEmpty) : nullptr;
  const size_t key_len = key ? key->size() : 0;
  const size_t value_len = value ? value->size() : 0;

  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(delivery_timeout_ms_);
  for (;;) {
    rd_kafka_resp_err_t err;
    if (hdrs != nullptr) {
      err = rd_kafka_producev(handle_.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                              RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_KEY(const_cast<void*>(key_ptr), key_len),
                              RD_KAFKA_V_VALUE(const_cast<void*>(value_ptr), value_len),
                              RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_HEADERS(hdrs.get()),
                              RD_KAFKA_V_OPAQUE(tag), RD_KAFKA_V_END);
    } else {
      err = rd_kafka_producev(
          handle_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(const_cast<void*>(key_ptr), key_len),
          RD_KAFKA_V_VALUE(const_cast<void*>(value_ptr), value_len),
          RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_OPAQUE(tag), RD_KAFKA_V_END);
    }
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      hdrs.release();  // librdkafka owns the headers once the record is queued.
      break;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      ThrowKafka("cannot produce to topic '" + topic + "': " + rd_kafka_err2str(err));
    }
    // The local queue is full: serve delivery reports until there is room.
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string reason = last_error();
      ThrowKafka("cannot produce to topic '" + topic + "': local queue stayed full for " +
                 std::to_string(delivery_timeout_ms_) + " ms" +
                 (reason.empty() ? "" : " (" + reason + ")"));
    }
    rd_kafka_poll(handle_.get(), 50);
  }
  if (++produced_since_poll_ == kPollEvery) {
    produced_since_poll_ = 0;
    rd_kafka_poll(handle_.get(), 0);
  }
}

bool KafkaProducer::LoadTopics(const std::vector<std::string>& topics, int timeout_ms) {
  bool ok = true;
  for (const std::string& topic : topics) {
    // The answer fills the client's metadata cache, which later records to the topic use.
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(handle_.get(), topic.c_str(), nullptr);
    if (rkt == nullptr) return false;
    const rd_kafka_metadata_t* metadata = nullptr;
    if (rd_kafka_metadata(handle_.get(), 0, rkt, &metadata, timeout_ms) ==
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_metadata_destroy(metadata);
    } else {
      ok = false;
    }
    rd_kafka_topic_destroy(rkt);
  }
  return ok;
}

bool KafkaProducer::Flush(int timeout_ms) {
  rd_kafka_resp_err_t err = rd_kafka_flush(handle_.get(), timeout_ms);
  bool ok = err == RD_KAFKA_RESP_ERR_NO_ERROR && delivery_failures_ == failures_at_last_flush_;
  failures_at_last_flush_ = delivery_failures_;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::string reason = last_error();
    diagnostics_.RecordError(std::to_string(OutstandingCount()) +
                             " record(s) not delivered within " + std::to_string(timeout_ms) +
                             " ms" + (reason.empty() ? "" : ": " + reason));
  }
  return ok;
}

void KafkaProducer::Poll() {
  rd_kafka_poll(handle_.get(), 0);
  ProbeWhileUnreachable(handle_.get(), diagnostics_);
}

int KafkaProducer::OutstandingCount() const { return rd_kafka_outq_len(handle_.get()); }

}  // namespace riffle::kafka
