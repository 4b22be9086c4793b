#pragma once
// Topic administration against the embedded broker or a real cluster: create, list, describe,
// delete, and read watermarks.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_client.h"

namespace riffle::kafka {

struct TopicInfo {
  std::string name;
  int partitions = 0;
  int replicas = 0;  // Replicas of partition 0 as reported in metadata.
};

struct PartitionWatermarks {
  int32_t partition = 0;
  int64_t low = 0;   // First offset still stored.
  int64_t high = 0;  // Offset the next record will get.
};

// A consumer group's committed positions in one topic.
struct GroupTopicOffsets {
  std::string group;
  std::string state;                    // "Stable", "Empty", ... as Kafka names it
  std::map<int32_t, int64_t> committed;  // partition -> next offset to read
};

enum class DeleteTopicOutcome { kDeleted, kNotSupported };

struct KafkaAdminOptions {
  std::string bootstrap_servers = {};
  // Bound on each request to the cluster. A cluster that refuses the connection (or whose name
  // does not resolve) is reported after kRefusedFailFastMs instead.
  int timeout_ms = 10000;
  KafkaConfig config = {};  // Extra librdkafka properties (security settings for real clusters).
  // When set and it becomes true (the shell's Ctrl-C), a request waiting on the cluster gives up
  // within kWaitSliceMs, throwing RiffleError(kConnector) "cancelled". Must outlive the admin.
  const std::atomic<bool>* cancel = nullptr;
};

// A wait on the cluster is sliced so that cancellation and connection errors are noticed.
inline constexpr int kWaitSliceMs = 200;
// Connection errors (refused, unresolvable) for this long with no answer end a request early.
inline constexpr int kRefusedFailFastMs = 1500;

// Thread-safe: requests from several threads may overlap (the shell's statements and the job
// supervisor restarting a job both create topics and read partition counts). Each request waits
// on its own result queue; rd_kafka_poll, which any caller may run, only feeds ClientDiagnostics
// (thread-safe); the class has no other mutable state. `cancel` ends whichever requests are
// waiting when it is set.
class KafkaAdmin {
 public:
  // Throws RiffleError(kConnector) on bad configuration. Does not contact the cluster yet.
  explicit KafkaAdmin(const KafkaAdminOptions& options);
  ~KafkaAdmin();
  KafkaAdmin(const KafkaAdmin&) = delete;
  KafkaAdmin& operator=(const KafkaAdmin&) = delete;

  // Creates `name`. Returns false (and changes nothing) when it already exists. Throws
  // RiffleError(kConnector) for an invalid name or count, an unreachable cluster or a refusal by
  // the broker (its reason included, e.g. a replication factor above the number of brokers).
  bool CreateTopic(const std::string& name, int partitions, int replication = 1);

  // Topics sorted by name. Internal topics (names starting with '_', e.g. __consumer_offsets)
  // are left out unless `include_internal`. Throws RiffleError(kConnector) when the cluster
  // cannot be reached within the timeout.
  std::vector<TopicInfo> ListTopics(bool include_internal = false);
  bool TopicExists(const std::string& name);
  // nullopt when the topic does not exist.
  std::optional<int> PartitionCount(const std::string& name);

  // Deletes `name`. Returns kNotSupported (and changes nothing) when the broker has no
  // controller to ask (librdkafka's mock broker, a test tool). Throws RiffleError(kConnector) when the
  // topic does not exist or the broker refuses.
  DeleteTopicOutcome DeleteTopic(const std::string& name);

  // Deletes the records of `topic`'s `partition` below `offset` (Kafka's DeleteRecords): the
  // partition's log start moves to `offset` (RD_KAFKA_OFFSET_END (-1): to its end). Returns the
  // new log start. Throws RiffleError(kConnector) when the topic or partition does not exist,
  // the offset is beyond the end, or the broker refuses.
  int64_t DeleteRecordsBefore(const std::string& topic, int32_t partition, int64_t offset);

  // The consumer groups that have committed offsets in `topic`, sorted by group id, each with
  // its offsets there (one ListConsumerGroups request, then ListConsumerGroupOffsets per group).
  // Throws RiffleError(kConnector) when the cluster cannot be reached or refuses.
  std::vector<GroupTopicOffsets> GroupOffsetsIn(const std::string& topic);

  // Low/high offsets of every partition of `name`, by partition. Throws RiffleError(kConnector)
  // when the topic does not exist or the cluster cannot be reached.
  std::vector<PartitionWatermarks> GetWatermarks(const std::string& name);

 private:
  // Calls `attempt(slice_ms)` until it returns no error, the timeout passes, connection errors
  // persist for kRefusedFailFastMs, or `cancel` is set (then it throws). Returns the last error.
  rd_kafka_resp_err_t Patiently(const std::function<rd_kafka_resp_err_t(int)>& attempt,
                                const std::string& what);
  // The result event of an admin request sent to `queue`, waited for in slices (cancel).
  RdEventPtr WaitForAdminResult(rd_kafka_queue_t* queue, const std::string& what);
  RdMetadataPtr FetchMetadata();
  // Admin options for `op` with this admin's timeout on the request and the operation.
  RdAdminOptionsPtr AdminOptions(rd_kafka_admin_op_t op);
  // Whether the cluster names a controller among its brokers; without one (librdkafka's mock
  // broker) the CreateTopics/DeleteTopics API cannot work.
  bool HasController();
  [[noreturn]] void ThrowUnreachable(const std::string& what, rd_kafka_resp_err_t err);

  KafkaAdminOptions options_;
  ClientDiagnostics diagnostics_;  // Outlives handle_: it is the handle's opaque.
  RdKafkaPtr handle_;
};

// Throws RiffleError(kConnector) unless `name` is a legal Kafka topic name: 1-249 characters
// from [a-zA-Z0-9._-], not "." or "..".
void ValidateTopicName(const std::string& name);

}  // namespace riffle::kafka
