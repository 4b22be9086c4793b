#pragma once
// A batch of consumed messages that still live in librdkafka's fetch buffers. Views into the
// batch (keys, values, headers) are valid until the batch is cleared, refilled or destroyed; no
// bytes are copied. REQUIRES: a batch is cleared or destroyed before the consumer that filled it.

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/kafka/kafka_record.h"

namespace riffle::kafka {

// A borrowed view of one data message. Cheap to copy; no ownership.
class MessageView {
 public:
  explicit MessageView(const rd_kafka_message_t* message) : message_(message) {}

  int32_t partition() const { return message_->partition; }
  int64_t offset() const { return message_->offset; }
  // Milliseconds since the epoch (create or log-append time); -1 when the record has none.
  int64_t timestamp() const;
  bool key_is_null() const { return message_->key == nullptr; }
  // Empty when the key is null; check key_is_null() to tell null from empty.
  std::string_view key() const {
    return key_is_null()
               ? std::string_view()
               : std::string_view(static_cast<const char*>(message_->key), message_->key_len);
  }
  bool value_is_null() const { return message_->payload == nullptr; }
  // Empty for a tombstone; check value_is_null() to tell a tombstone from an empty value.
  std::string_view value() const {
    return value_is_null()
               ? std::string_view()
               : std::string_view(static_cast<const char*>(message_->payload), message_->len);
  }
  // Headers in record order: name and value (nullopt for a null value).
  std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers() const;
  // A copy that owns its bytes.
  KafkaRecord ToRecord() const;

  const rd_kafka_message_t* raw() const { return message_; }

 private:
  const rd_kafka_message_t* message_;
};

// Owns up to a few thousand rd_kafka_message_t and destroys them together.
class MessageBatch {
 public:
  MessageBatch() = default;
  ~MessageBatch() { Clear(); }
  MessageBatch(const MessageBatch&) = delete;
  MessageBatch& operator=(const MessageBatch&) = delete;
  MessageBatch(MessageBatch&& other) noexcept : messages_(std::move(other.messages_)) {
    other.messages_.clear();
  }
  MessageBatch& operator=(MessageBatch&& other) noexcept;

  size_t size() const { return messages_.size(); }
  bool empty() const { return messages_.empty(); }
  MessageView operator[](size_t i) const { return MessageView(messages_[i]); }

  // Releases every message (invalidating all views) but keeps the capacity for reuse.
  void Clear();
  // Takes ownership of `message`. REQUIRES: message is a data message (err == 0).
  void Add(rd_kafka_message_t* message) { messages_.push_back(message); }
  // Room for `n` messages without reallocating; used before a batch consume.
  void Reserve(size_t n) { messages_.reserve(n); }

 private:
  std::vector<rd_kafka_message_t*> messages_;
};

}  // namespace riffle::kafka
