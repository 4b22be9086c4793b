// KafkaAdmin's view of consumer groups: which groups have committed offsets in a topic (DESCRIBE
// TOPIC's readers and their lag).
#include "connectors/kafka/kafka_admin.h"

#include <algorithm>

namespace riffle::kafka {

RdAdminOptionsPtr KafkaAdmin::AdminOptions(rd_kafka_admin_op_t op) {
  RdAdminOptionsPtr admin_options(rd_kafka_AdminOptions_new(handle_.get(), op));
  char err_text[512];
  rd_kafka_AdminOptions_set_request_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                            sizeof(err_text));
  return admin_options;
}

std::vector<GroupTopicOffsets> KafkaAdmin::GroupOffsetsIn(const std::string& topic) {
  const std::string what = "cannot list the consumer groups of Kafka at " +
                           options_.bootstrap_servers;
  std::vector<std::pair<std::string, std::string>> groups;  // id, state
  {
    RdQueuePtr queue(rd_kafka_queue_new(handle_.get()));
    RdAdminOptionsPtr admin_options = AdminOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
    rd_kafka_ListConsumerGroups(handle_.get(), admin_options.get(), queue.get());
    RdEventPtr event = WaitForAdminResult(queue.get(), what);
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ThrowKafka(what + ": " + rd_kafka_event_error_string(event.get()));
    }
    const rd_kafka_ListConsumerGroups_result_t* result =
        rd_kafka_event_ListConsumerGroups_result(event.get());
    size_t count = 0;
    const rd_kafka_ConsumerGroupListing_t** listings =
        rd_kafka_ListConsumerGroups_result_valid(result, &count);
    for (size_t i = 0; i < count; ++i) {
      groups.emplace_back(
          rd_kafka_ConsumerGroupListing_group_id(listings[i]),
          rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listings[i])));
    }
  }
  std::sort(groups.begin(), groups.end());

  std::vector<GroupTopicOffsets> found;
  for (const auto& [group, state] : groups) {
    const std::string what_group = "cannot read the offsets of consumer group '" + group + "'";
    RdQueuePtr queue(rd_kafka_queue_new(handle_.get()));
    RdAdminOptionsPtr admin_options = AdminOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    // No partition list: every partition the group has committed.
    RdGroupOffsetsRequestPtr request(rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr));
    rd_kafka_ListConsumerGroupOffsets_t* requests[] = {request.get()};
    rd_kafka_ListConsumerGroupOffsets(handle_.get(), requests, 1, admin_options.get(),
                                      queue.get());
    RdEventPtr event = WaitForAdminResult(queue.get(), what_group);
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ThrowKafka(what_group + ": " + rd_kafka_event_error_string(event.get()));
    }
    const rd_kafka_ListConsumerGroupOffsets_result_t* result =
        rd_kafka_event_ListConsumerGroupOffsets_result(event.get());
    size_t count = 0;
    const rd_kafka_group_result_t** results =
        rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count);
    GroupTopicOffsets offsets{group, state, {}};
    for (size_t i = 0; i < count; ++i) {
      // A group that went away between the two requests simply has nothing to show.
      if (rd_kafka_group_result_error(results[i]) != nullptr) continue;
      const rd_kafka_topic_partition_list_t* partitions =
          rd_kafka_group_result_partitions(results[i]);
      if (partitions == nullptr) continue;
      for (int p = 0; p < partitions->cnt; ++p) {
        const rd_kafka_topic_partition_t& tp = partitions->elems[p];
        if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR || tp.offset < 0) continue;
        if (topic == tp.topic) offsets.committed[tp.partition] = tp.offset;
      }
    }
    if (!offsets.committed.empty()) found.push_back(std::move(offsets));
  }
  return found;
}

}  // namespace riffle::kafka
