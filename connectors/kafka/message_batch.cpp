#include "connectors/kafka/message_batch.h"

#include <string>

namespace riffle::kafka {

int64_t MessageView::timestamp() const {
  rd_kafka_timestamp_type_t type;
  return rd_kafka_message_timestamp(message_, &type);
}

std::vector<std::pair<std::string_view, std::optional<std::string_view>>> MessageView::headers()
    const {
  std::vector<std::pair<std::string_view, std::optional<std::string_view>>> result;
  rd_kafka_headers_t* hdrs = nullptr;
  // The headers stay owned by the message; librdkafka parses them lazily on first access.
  if (rd_kafka_message_headers(message_, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return result;
  const size_t count = rd_kafka_header_cnt(hdrs);
  result.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    if (rd_kafka_header_get_all(hdrs, i, &name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      break;
    }
    std::optional<std::string_view> value_view;
    if (value != nullptr) value_view = std::string_view(static_cast<const char*>(value), size);
    result.emplace_back(std::string_view(name), value_view);
  }
  return result;
}

KafkaRecord MessageView::ToRecord() const {
  KafkaRecord record;
  if (message_->rkt != nullptr) record.topic = rd_kafka_topic_name(message_->rkt);
  record.partition = partition();
  record.offset = offset();
  record.timestamp = timestamp();
  if (!key_is_null()) record.key = std::string(key());
  if (!value_is_null()) record.value = std::string(value());
  for (const auto& [name, value] : headers()) {
    std::optional<std::string> owned;
    if (value) owned = std::string(*value);
    record.headers.emplace_back(std::string(name), std::move(owned));
  }
  return record;
}

MessageBatch& MessageBatch::operator=(MessageBatch&& other) noexcept {
  if (this != &other) {
    Clear();
    messages_ = std::move(other.messages_);
    other.messages_.clear();
  }
  return *this;
}

void MessageBatch::Clear() {
  for (rd_kafka_message_t* message : messages_) rd_kafka_message_destroy(message);
  messages_.clear();
}

}  // namespace riffle::kafka
