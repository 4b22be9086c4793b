#include "connectors/kafka/kafka_admin.h"

#include <algorithm>
#include <chrono>

namespace riffle::kafka {

namespace {

bool IsInternal(const std::string& name) { return !name.empty() && name[0] == '_'; }

// Errors that mean "this broker has no such API", as opposed to "the broker said no".
bool IsUnsupported(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE ||
         err == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION || err == RD_KAFKA_RESP_ERR_INVALID_REQUEST;
}

}  // namespace

void ValidateTopicName(const std::string& name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") {
    ThrowKafka("invalid topic name '" + name + "': must be 1 to 249 characters, not '.' or '..'");
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      ThrowKafka("invalid topic name '" + name +
                 "': only letters, digits, '.', '_' and '-' are allowed");
    }
  }
}

KafkaAdmin::KafkaAdmin(const KafkaAdminOptions& options) : options_(options) {
  if (options_.bootstrap_servers.empty()) ThrowKafka("Kafka admin needs bootstrap servers");
  KafkaConfig config = {
      // Looking at a topic must never create it.
      {"allow.auto.create.topics", "false"},
      {"socket.connection.setup.timeout.ms", std::to_string(options_.timeout_ms)},
  };
  for (const auto& [key, value] : options_.config) config[key] = value;
  handle_ = NewClient(RD_KAFKA_PRODUCER,
                      MakeClientConf(options_.bootstrap_servers, config, &diagnostics_));
}

KafkaAdmin::~KafkaAdmin() = default;

void KafkaAdmin::ThrowUnreachable(const std::string& what, rd_kafka_resp_err_t err) {
  std::string message = what + ": " + rd_kafka_err2str(err);
  // Client errors (connection refused, name not resolved) reach error_cb only when served.
  rd_kafka_poll(handle_.get(), 0);
  std::string reason = diagnostics_.last_error();
  if (!reason.empty()) message += " (" + reason + ")";
  ThrowKafka(message);
}

rd_kafka_resp_err_t KafkaAdmin::Patiently(
    const std::function<rd_kafka_resp_err_t(int)>& attempt, const std::string& what) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(options_.timeout_ms);
  const int64_t errors_before = diagnostics_.error_count();
  while (true) {
    const int64_t left = std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - Clock::now()).count();
    rd_kafka_resp_err_t err = attempt(static_cast<int>(std::clamp<int64_t>(left, 1, kWaitSliceMs)));
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || Clock::now() >= deadline) return err;
    if (options_.cancel != nullptr && options_.cancel->load()) {
      ThrowKafka(what + ": cancelled while waiting for the Kafka cluster");
    }
    // Connection errors reach error_cb only when served. A broker that keeps refusing will not
    // answer within the timeout either: say so now (a takeover of the local broker, which
    // refuses for less than a second, still gets through).
    rd_kafka_poll(handle_.get(), 0);
    if (diagnostics_.error_count() > errors_before &&
        Clock::now() - start >= std::chrono::milliseconds(kRefusedFailFastMs)) {
      return err;
    }
  }
}

RdEventPtr KafkaAdmin::WaitForAdminResult(rd_kafka_queue_t* queue, const std::string& what) {
  // The request itself times out after timeout_ms; allow a little more for the result to arrive.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms + 2000);
  while (Clock::now() < deadline) {
    RdEventPtr event(rd_kafka_queue_poll(queue, kWaitSliceMs));
    if (event != nullptr) return event;
    if (options_.cancel != nullptr && options_.cancel->load()) {
      ThrowKafka(what + ": cancelled while waiting for the Kafka cluster");
    }
  }
  ThrowKafka(what + ": no answer from the Kafka cluster");
}

RdMetadataPtr KafkaAdmin::FetchMetadata() {
  const rd_kafka_metadata_t* metadata = nullptr;
  const std::string what = "cannot read topics from Kafka at " + options_.bootstrap_servers;
  rd_kafka_resp_err_t err = Patiently(
      [&](int slice_ms) {
        return rd_kafka_metadata(handle_.get(), 1, nullptr, &metadata, slice_ms);
      },
      what);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ThrowUnreachable(what, err);
  }
  return RdMetadataPtr(metadata);
}

bool KafkaAdmin::HasController() {
  // librdkafka's mock broker reports a controller id that matches none of its brokers; the admin
  // API would then wait for a controller until it times out.
  RdMetadataPtr metadata = FetchMetadata();
  const int32_t controller = rd_kafka_controllerid(handle_.get(), 0);
  for (int i = 0; i < metadata->broker_cnt; ++i) {
    if (metadata->brokers[i].id == controller) return true;
  }
  return false;
}

std::vector<TopicInfo> KafkaAdmin::ListTopics(bool include_internal) {
  RdMetadataPtr metadata = FetchMetadata();
  std::vector<TopicInfo> topics;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    std::string name = topic.topic;
    if (!include_internal && IsInternal(name)) continue;
    TopicInfo info;
    info.name = std::move(name);
    info.partitions = topic.partition_cnt;
    info.replicas = topic.partition_cnt > 0 ? topic.partitions[0].replica_cnt : 0;
    topics.push_back(std::move(info));
  }
  std::sort(topics.begin(), topics.end(),
            [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
  return topics;
}

std::optional<int> KafkaAdmin::PartitionCount(const std::string& name) {
  for (const TopicInfo& topic : ListTopics(/*include_internal=*/true)) {
    if (topic.name == name) return topic.partitions;
  }
  return std::nullopt;
}

bool KafkaAdmin::TopicExists(const std::string& name) { return PartitionCount(name).has_value(); }

bool KafkaAdmin::CreateTopic(const std::string& name, int partitions, int replication) {
  ValidateTopicName(name);
  if (partitions < 1) ThrowKafka("topic '" + name + "' needs at least one partition");
  if (replication < 1) ThrowKafka("topic '" + name + "' needs a replication factor of at least 1");
  if (TopicExists(name)) return false;
  if (!HasController()) {
    ThrowKafka("cannot create topic '" + name + "': the cluster at " +
               options_.bootstrap_servers + " names no controller to ask");
  }

  RdQueuePtr queue(rd_kafka_queue_new(handle_.get()));
  RdAdminOptionsPtr admin_options(
      rd_kafka_AdminOptions_new(handle_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  char err_text[512];
  rd_kafka_AdminOptions_set_request_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                            sizeof(err_text));
  rd_kafka_AdminOptions_set_operation_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                              sizeof(err_text));
  RdNewTopicPtr new_topic(
      rd_kafka_NewTopic_new(name.c_str(), partitions, replication, err_text, sizeof(err_text)));
  if (new_topic == nullptr) ThrowKafka("cannot create topic '" + name + "': " + err_text);
  rd_kafka_NewTopic_t* topics[] = {new_topic.get()};
  rd_kafka_CreateTopics(handle_.get(), topics, 1, admin_options.get(), queue.get());
  RdEventPtr event =
      WaitForAdminResult(queue.get(), "cannot create topic '" + name + "'");
  rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
  std::string reason =
      err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_event_error_string(event.get()) : "";
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    if (count == 1) {
      err = rd_kafka_topic_result_error(results[0]);
      const char* text = rd_kafka_topic_result_error_string(results[0]);
      reason = text != nullptr ? text : rd_kafka_err2str(err);
    }
  }
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return true;
  if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) return false;
  ThrowKafka("cannot create topic '" + name + "': " + reason);
}

DeleteTopicOutcome KafkaAdmin::DeleteTopic(const std::string& name) {
  if (!TopicExists(name)) ThrowKafka("cannot delete topic '" + name + "': it does not exist");
  if (!HasController()) return DeleteTopicOutcome::kNotSupported;
  RdQueuePtr queue(rd_kafka_queue_new(handle_.get()));
  RdAdminOptionsPtr admin_options(
      rd_kafka_AdminOptions_new(handle_.get(), RD_KAFKA_ADMIN_OP_DELETETOPICS));
  char err_text[512];
  rd_kafka_AdminOptions_set_request_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                            sizeof(err_text));
  rd_kafka_AdminOptions_set_operation_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                              sizeof(err_text));
  RdDeleteTopicPtr delete_topic(rd_kafka_DeleteTopic_new(name.c_str()));
  rd_kafka_DeleteTopic_t* topics[] = {delete_topic.get()};
  rd_kafka_DeleteTopics(handle_.get(), topics, 1, admin_options.get(), queue.get());
  RdEventPtr event =
      WaitForAdminResult(queue.get(), "cannot delete topic '" + name + "'");
  rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
  std::string reason =
      err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_event_error_string(event.get()) : "";
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const rd_kafka_DeleteTopics_result_t* result = rd_kafka_event_DeleteTopics_result(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_DeleteTopics_result_topics(result, &count);
    if (count == 1) {
      err = rd_kafka_topic_result_error(results[0]);
      const char* text = rd_kafka_topic_result_error_string(results[0]);
      reason = text != nullptr ? text : rd_kafka_err2str(err);
    }
  }
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return DeleteTopicOutcome::kDeleted;
  if (IsUnsupported(err)) return DeleteTopicOutcome::kNotSupported;
  ThrowKafka("cannot delete topic '" + name + "': " + reason);
}

int64_t KafkaAdmin::DeleteRecordsBefore(const std::string& topic, int32_t partition,
                                        int64_t offset) {
  const std::string what = "cannot delete records of topic '" + topic + "' partition " +
                           std::to_string(partition) + " before offset " + std::to_string(offset);
  std::optional<int> partitions = PartitionCount(topic);
  if (!partitions) ThrowKafka(what + ": the topic does not exist");
  if (partition < 0 || partition >= *partitions) {
    ThrowKafka(what + ": the topic has " + std::to_string(*partitions) + " partition(s)");
  }
  RdQueuePtr queue(rd_kafka_queue_new(handle_.get()));
  RdAdminOptionsPtr admin_options(
      rd_kafka_AdminOptions_new(handle_.get(), RD_KAFKA_ADMIN_OP_DELETERECORDS));
  char err_text[512];
  rd_kafka_AdminOptions_set_request_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                            sizeof(err_text));
  rd_kafka_AdminOptions_set_operation_timeout(admin_options.get(), options_.timeout_ms, err_text,
                                              sizeof(err_text));
  RdPartitionListPtr offsets(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition)->offset = offset;
  RdDeleteRecordsPtr request(rd_kafka_DeleteRecords_new(offsets.get()));
  rd_kafka_DeleteRecords_t* requests[] = {request.get()};
  rd_kafka_DeleteRecords(handle_.get(), requests, 1, admin_options.get(), queue.get());
  RdEventPtr event = WaitForAdminResult(queue.get(), what);
  rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ThrowKafka(what + ": " + rd_kafka_event_error_string(event.get()));
  }
  const rd_kafka_DeleteRecords_result_t* result = rd_kafka_event_DeleteRecords_result(event.get());
  const rd_kafka_topic_partition_list_t* done = rd_kafka_DeleteRecords_result_offsets(result);
  if (done == nullptr || done->cnt != 1) ThrowKafka(what + ": no result from the broker");
  if (done->elems[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ThrowKafka(what + ": " + rd_kafka_err2str(done->elems[0].err));
  }
  return done->elems[0].offset;
}

std::vector<PartitionWatermarks> KafkaAdmin::GetWatermarks(const std::string& name) {
  // Check existence first: asking a broker for an unknown topic's offsets could auto-create it.
  std::optional<int> partitions = PartitionCount(name);
  if (!partitions) ThrowKafka("topic '" + name + "' does not exist");
  std::vector<PartitionWatermarks> result;
  result.reserve(*partitions);
  for (int32_t p = 0; p < *partitions; ++p) {
    PartitionWatermarks marks;
    marks.partition = p;
    const std::string what =
        "cannot read offsets of topic '" + name + "' partition " + std::to_string(p);
    rd_kafka_resp_err_t err = Patiently(
        [&](int slice_ms) {
          return rd_kafka_query_watermark_offsets(handle_.get(), name.c_str(), p, &marks.low,
                                                  &marks.high, slice_ms);
        },
        what);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) ThrowUnreachable(what, err);
    result.push_back(marks);
  }
  return result;
}

}  // namespace riffle::kafka
