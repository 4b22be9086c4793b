// riffle's TRUNCATE TOPIC: deletes every record of a topic of riffle's local broker (Kafka's
// DeleteRecords up to each partition's end), so that a lesson or a demo can start again from
// an empty topic. The topic, its partitions and its configs stay; offsets keep counting from
// where they were.

#include "core/engine/engine_impl.h"

namespace riffle {

void EngineImpl::TruncateTopic(const TruncateTopicStmt& s, ResultSink& sink) {
  // On a shared cluster, deleting every record is not a shell's call to make: other clients'
  // data would be gone for good. riffle's own broker holds the user's own data only.
  if (!local_broker_in_use_) {
    throw RiffleError(ErrorKind::kRuntime,
                      "TRUNCATE TOPIC deletes records only on riffle's local broker; this session "
                      "uses the Kafka cluster at " + bootstrap_ + ", where it is refused",
                      s.topic_pos,
                      "use the cluster's own tools (kafka-delete-records) if you mean it");
  }
  const std::string topic = ResolveTopicName(s.topic, s.topic_pos);
  int64_t deleted = 0;
  int partitions = 0;
  for (const kafka::PartitionWatermarks& w : admin_->GetWatermarks(topic)) {
    ++partitions;
    if (w.high <= w.low) continue;
    admin_->DeleteRecordsBefore(topic, w.partition, w.high);
    deleted += w.high - w.low;
  }
  inserted_stream_time_.erase(topic);  // its records are gone: stream time starts over
  sink.Notice("Topic " + topic + " truncated: " + std::to_string(deleted) +
              " record(s) deleted from " + std::to_string(partitions) + " partition(s).");
  // Jobs reading it are unaffected when they had read it all; one behind skips what it had not
  // read, and says so (EXPLAIN, and the notice of skipped offsets).
  std::vector<std::string> readers;
  for (const JobInfo& info : catalog_->ListJobs()) {
    for (const std::string& source : JobSourceNames(info)) {
      std::optional<SourceInfo> src = catalog_->GetSource(source);
      if (src && src->topic == topic) {
        readers.push_back(info.id);
        break;
      }
    }
  }
  if (!readers.empty()) {
    std::string ids;
    for (const std::string& id : readers) ids += (ids.empty() ? "" : ", ") + id;
    sink.Notice("Queries reading it (" + ids + ") go on from its end; RESTART <query> FROM "
                "BEGINNING makes one start over with empty state.");
  }
}

}  // namespace riffle
