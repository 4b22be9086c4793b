// riffle's DESCRIBE TOPIC 'name': what a topic holds, partition by partition (offsets, record
// counts, the first and last record's timestamps, bytes on disk when known), and who reads it
// (Kafka consumer groups with committed offsets there, and riffle's jobs, whose positions live
// in the catalog's checkpoints rather than in a group), each with its lag.
#include <algorithm>
#include <set>

#include "connectors/broker/log/log_store.h"
#include "connectors/kafka/edge_timestamps.h"
#include "core/common/text.h"
#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

// How long DESCRIBE TOPIC waits in all for the first and last records of the partitions.
constexpr int kEdgeReadTimeoutMs = 3000;

Value OptionalInt(const std::optional<int64_t>& v) { return v ? Value::Int(*v) : Value::Null(); }

}  // namespace

std::string EngineImpl::ResolveTopicName(const std::string& name, SourcePos pos) {
  std::vector<std::string> names;
  for (const kafka::TopicInfo& t : admin_->ListTopics(/*include_internal=*/true)) {
    if (t.name == name) return name;
    names.push_back(t.name);
  }
  // An unquoted name arrives upper-cased; topics are usually lower-case. One match ignoring
  // case is the topic meant; several are ambiguous.
  std::vector<std::string> matches;
  for (const std::string& n : names) {
    if (AsciiUpper(n) == AsciiUpper(name)) matches.push_back(n);
  }
  if (matches.size() == 1) return matches[0];
  if (matches.size() > 1) {
    ThrowBind(pos, "Topic name '" + name + "' matches several topics ignoring case",
              "quote the one you mean: '" + matches[0] + "' or '" + matches[1] + "'");
  }
  std::string hint = ClosestMatch(name, names);
  ThrowBind(pos, "Could not find topic '" + name + "'.",
            hint.empty() ? "SHOW TOPICS lists them" : "did you mean '" + hint + "'?");
}

void EngineImpl::DescribeTopic(const DescribeStmt& s, ResultSink& sink) {
  const std::string topic = ResolveTopicName(s.name, s.name_pos);
  const std::vector<kafka::PartitionWatermarks> marks = admin_->GetWatermarks(topic);

  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = bootstrap_;
  options.config = KafkaClientConfig();
  options.topic = topic;
  // The offsets are the essential part: what cannot be read beyond them is left blank, said why.
  std::map<int32_t, kafka::EdgeTimestamps> edges;
  try {
    edges = kafka::ReadEdgeTimestamps(options, marks, kEdgeReadTimeoutMs);
  } catch (const RiffleError& e) {
    sink.Warning("the first and last timestamps could not be read: " + e.message());
  }

  // Only the local broker's files can be measured: librdkafka 2.0 cannot send DescribeLogDirs.
  const bool sizes_known = local_broker_in_use_;
  int64_t total_records = 0, total_bytes = 0;
  std::vector<std::vector<Value>> rows;
  for (const kafka::PartitionWatermarks& m : marks) {
    const int64_t records = m.high - m.low;
    total_records += records;
    std::optional<int64_t> bytes;
    if (sizes_known) {
      bytes = broker::PartitionSegmentBytes(broker_options_.data_dir, topic, m.partition);
      total_bytes += bytes.value_or(0);
    }
    const kafka::EdgeTimestamps& e = edges[m.partition];
    rows.push_back({Value::Int(m.partition), Value::Int(m.low),
                    records > 0 ? Value::Int(m.high - 1) : Value::Null(), Value::Int(records),
                    OptionalInt(e.first), OptionalInt(e.last), OptionalInt(bytes)});
  }
  std::string summary = "Topic                : " + topic + "\n" +
                        "Partitions           : " + std::to_string(marks.size()) + "\n" +
                        "Records              : " + kafka::FormatCount(total_records);
  summary += "\nSize                 : " +
             (sizes_known ? broker::HumanBytes(total_bytes)
                          : std::string("not known (a Kafka cluster reports it only through "
                                        "DescribeLogDirs, which riffle's client cannot send)"));
  sink.Notice(summary);
  sink.Table({{"Partition", Type::Int()},
              {"First offset", Type::Bigint()},
              {"Last offset", Type::Bigint()},
              {"Records", Type::Bigint()},
              {"First timestamp", Type::Timestamp()},
              {"Last timestamp", Type::Timestamp()},
              {"Size (bytes)", Type::Bigint()}},
             rows);

  // Readers: consumer groups, then riffle's jobs (their offsets are the catalog's checkpoints).
  auto lag_of = [&](int32_t partition, int64_t committed) {
    for (const kafka::PartitionWatermarks& m : marks) {
      if (m.partition == partition) return RecordsBehind({m}, {{partition, committed}});
    }
    return int64_t{0};  // a partition added since the watermarks were read
  };
  std::vector<std::vector<Value>> readers;
  std::vector<kafka::GroupTopicOffsets> groups;
  try {
    groups = admin_->GroupOffsetsIn(topic);
  } catch (const RiffleError& e) {
    sink.Warning("consumer groups are not shown: " + e.message());
  }
  for (const kafka::GroupTopicOffsets& g : groups) {
    for (const auto& [partition, committed] : g.committed) {
      readers.push_back({Value::String(g.group + " (" + g.state + ")"), Value::Int(partition),
                         Value::Int(committed), Value::Int(lag_of(partition, committed))});
    }
  }
  for (const JobInfo& job : catalog_->ListJobs()) {
    bool reads = false;
    for (const std::string& name : JobSourceNames(job)) {
      std::optional<SourceInfo> source = catalog_->GetSource(name);
      reads = reads || (source && source->topic == topic && SourceConnector(*source).kafka_topic);
    }
    if (!reads) continue;
    // Each of the job's inputs over the topic has its own position (two streams over it, joined).
    std::optional<Checkpoint> cp = catalog_->LoadCheckpoint(job.id);
    std::set<int32_t> inputs;
    if (cp) {
      for (const PartitionOffset& o : cp->offsets) {
        if (o.topic == topic && o.input != kAnyInput) inputs.insert(o.input);
      }
    }
    if (inputs.empty()) inputs.insert(kAnyInput);  // none yet, or one job-wide position
    for (int32_t input : inputs) {
      std::string who = "riffle job " + job.id;
      if (inputs.size() > 1) who += " input " + std::to_string(input + 1);
      who += " (" + job.state + ")";
      std::map<int32_t, int64_t> committed;
      if (cp) committed = cp->PositionsOf(input, topic);
      for (const kafka::PartitionWatermarks& m : marks) {
        auto it = committed.find(m.partition);
        // No checkpoint yet for this partition: the job has stored no position to lag from.
        readers.push_back({Value::String(who), Value::Int(m.partition),
                           it == committed.end() ? Value::Null() : Value::Int(it->second),
                           it == committed.end() ? Value::Null()
                                                 : Value::Int(lag_of(m.partition, it->second))});
      }
    }
  }
  if (readers.empty()) {
    sink.Notice("No consumer group and no riffle job has a position in this topic.");
    return;
  }
  sink.Table({{"Group", Type::String()},
              {"Partition", Type::Int()},
              {"Committed", Type::Bigint()},
              {"Lag", Type::Bigint()}},
             readers);
}

}  // namespace riffle
