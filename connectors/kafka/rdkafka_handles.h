#pragma once
// RAII owners for librdkafka's C handles, so every path (including exceptions) releases them.

#include <librdkafka/rdkafka.h>

#include <memory>

namespace riffle::kafka {

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
  void operator()(rd_kafka_AdminOptions_t* options) const {
    rd_kafka_AdminOptions_destroy(options);
  }
  void operator()(rd_kafka_NewTopic_t* topic) const { rd_kafka_NewTopic_destroy(topic); }
  void operator()(rd_kafka_DeleteTopic_t* topic) const { rd_kafka_DeleteTopic_destroy(topic); }
  void operator()(rd_kafka_DeleteRecords_t* records) const {
    rd_kafka_DeleteRecords_destroy(records);
  }
  void operator()(rd_kafka_ListConsumerGroupOffsets_t* request) const {
    rd_kafka_ListConsumerGroupOffsets_destroy(request);
  }
  void operator()(const rd_kafka_metadata_t* metadata) const {
    rd_kafka_metadata_destroy(metadata);
  }
};

using RdKafkaPtr = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using RdConfPtr = std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter>;
using RdPartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaDeleter>;
using RdMessagePtr = std::unique_ptr<rd_kafka_message_t, RdKafkaDeleter>;
using RdHeadersPtr = std::unique_ptr<rd_kafka_headers_t, RdKafkaDeleter>;
using RdQueuePtr = std::unique_ptr<rd_kafka_queue_t, RdKafkaDeleter>;
using RdEventPtr = std::unique_ptr<rd_kafka_event_t, RdKafkaDeleter>;
using RdAdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, RdKafkaDeleter>;
using RdNewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, RdKafkaDeleter>;
using RdDeleteTopicPtr = std::unique_ptr<rd_kafka_DeleteTopic_t, RdKafkaDeleter>;
using RdDeleteRecordsPtr = std::unique_ptr<rd_kafka_DeleteRecords_t, RdKafkaDeleter>;
using RdGroupOffsetsRequestPtr =
    std::unique_ptr<rd_kafka_ListConsumerGroupOffsets_t, RdKafkaDeleter>;
using RdMetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, RdKafkaDeleter>;

}  // namespace riffle::kafka
