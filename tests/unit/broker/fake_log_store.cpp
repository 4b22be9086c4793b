#include "tests/unit/broker/fake_log_store.h"

#include <algorithm>
#include <cctype>

#include "connectors/broker/wire.h"

namespace riffle::broker {
namespace {

// Offsets into a record batch header (magic 2), as the protocol guide lays it out.
constexpr size_t kLengthAt = 8;
constexpr size_t kMagicAt = 16;
constexpr size_t kLastOffsetDeltaAt = 23;
constexpr size_t kMaxTimestampAt = 35;
constexpr size_t kHeaderBytes = 61;

bool IsLegalName(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

const std::map<std::string, std::string>& FakeLogStore::Defaults() {
  static const std::map<std::string, std::string> kDefaults = {
      {"cleanup.policy", "delete"},
      {"max.message.bytes", "67108864"},
      {"message.timestamp.type", "CreateTime"},
      {"retention.bytes", "-1"},
      {"retention.ms", "-1"},
  };
  return kDefaults;
}

std::vector<std::string> FakeLogStore::TopicNames() const {
  std::vector<std::string> names;
  for (const auto& [name, topic] : topics_) names.push_back(name);
  return names;
}

const TopicMetadata* FakeLogStore::FindTopic(std::string_view name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? nullptr : &it->second.meta;
}

const TopicMetadata* FakeLogStore::FindTopicById(std::string_view id) const {
  for (const auto& [name, topic] : topics_) {
    if (topic.meta.id == id) return &topic.meta;
  }
  return nullptr;
}

ErrorCode FakeLogStore::CreateTopic(const std::string& name, int32_t partitions,
                                    const std::map<std::string, std::string>& config,
                                    bool validate_only, std::string* message) {
  if (!IsLegalName(name)) return ErrorCode::kInvalidTopicException;
  if (topics_.count(name) > 0) {
    *message = "Topic '" + name + "' already exists.";
    return ErrorCode::kTopicAlreadyExists;
  }
  if (partitions < 1 || partitions > 10000) return ErrorCode::kInvalidPartitions;
  for (const auto& [key, value] : config) {
    if (Defaults().count(key) == 0) {
      *message = "unknown topic config " + key;
      return ErrorCode::kInvalidConfig;
    }
  }
  if (validate_only) return ErrorCode::kNone;
  Topic topic;
  topic.meta.name = name;
  topic.meta.id = std::string(15, '\0') + static_cast<char>(next_topic_id_++);
  topic.meta.partitions = partitions;
  topic.meta.config = config;
  topic.partitions.resize(static_cast<size_t>(partitions));
  topics_.emplace(name, std::move(topic));
  return ErrorCode::kNone;
}

ErrorCode FakeLogStore::DeleteTopic(const std::string& name) {
  return topics_.erase(name) > 0 ? ErrorCode::kNone : ErrorCode::kUnknownTopicOrPartition;
}

ErrorCode FakeLogStore::AddPartitions(const std::string& name, int32_t total, bool validate_only,
                                      std::string* message) {
  auto it = topics_.find(name);
  if (it == topics_.end()) return ErrorCode::kUnknownTopicOrPartition;
  if (total <= it->second.meta.partitions) {
    *message = "new total must be larger";
    return ErrorCode::kInvalidPartitions;
  }
  if (validate_only) return ErrorCode::kNone;
  it->second.meta.partitions = total;
  it->second.partitions.resize(static_cast<size_t>(total));
  return ErrorCode::kNone;
}

ErrorCode FakeLogStore::SetConfig(const std::string& name,
                                  const std::map<std::string, std::optional<std::string>>& changes,
                                  bool replace_all, bool validate_only, std::string* message) {
  auto it = topics_.find(name);
  if (it == topics_.end()) return ErrorCode::kUnknownTopicOrPartition;
  std::map<std::string, std::string> config =
      replace_all ? std::map<std::string, std::string>() : it->second.meta.config;
  for (const auto& [key, value] : changes) {
    if (Defaults().count(key) == 0) {
      *message = "unknown topic config " + key;
      return ErrorCode::kInvalidConfig;
    }
    if (value) {
      config[key] = *value;
    } else {
      config.erase(key);
    }
  }
  if (!validate_only) it->second.meta.config = std::move(config);
  return ErrorCode::kNone;
}

std::vector<TopicConfigEntry> FakeLogStore::DescribeConfig(const std::string& name) const {
  std::vector<TopicConfigEntry> entries;
  const TopicMetadata* meta = FindTopic(name);
  if (meta == nullptr) return entries;
  for (const auto& [key, value] : Defaults()) {
    auto it = meta->config.find(key);
    TopicConfigEntry e;
    e.name = key;
    e.value = it == meta->config.end() ? value : it->second;
    e.is_default = it == meta->config.end();
    entries.push_back(std::move(e));
  }
  return entries;
}

FakeLogStore::Partition* FakeLogStore::FindPartition(std::string_view topic, int32_t partition) {
  auto it = topics_.find(topic);
  if (it == topics_.end() || partition < 0 || partition >= it->second.meta.partitions) {
    return nullptr;
  }
  return &it->second.partitions[static_cast<size_t>(partition)];
}

const FakeLogStore::Partition* FakeLogStore::FindPartition(std::string_view topic,
                                                           int32_t partition) const {
  return const_cast<FakeLogStore*>(this)->FindPartition(topic, partition);
}

AppendResult FakeLogStore::Append(std::string_view topic, int32_t partition,
                                  std::string_view batches, int64_t now_ms) {
  AppendResult result;
  Partition* p = FindPartition(topic, partition);
  if (p == nullptr) {
    result.error = ErrorCode::kUnknownTopicOrPartition;
    return result;
  }
  // Validate every batch before appending any.
  std::vector<Batch> parsed;
  int64_t next = p->log_end;
  for (size_t at = 0; at < batches.size();) {
    if (batches.size() - at < kHeaderBytes) {
      result.error = ErrorCode::kCorruptMessage;
      result.error_message = "batch shorter than its header";
      return result;
    }
    const char* h = batches.data() + at;
    int32_t length = LoadBE32(h + kLengthAt);
    if (length < static_cast<int32_t>(kHeaderBytes - 12) ||
        batches.size() - at - 12 < static_cast<size_t>(length)) {
      result.error = ErrorCode::kCorruptMessage;
      result.error_message = "bad batch length";
      return result;
    }
    if (h[kMagicAt] != 2) {
      result.error = ErrorCode::kUnsupportedForMessageFormat;
      return result;
    }
    Batch b;
    b.bytes.assign(h, 12 + static_cast<size_t>(length));
    StoreBE64(b.bytes.data(), next);
    b.base = next;
    b.end = next + LoadBE32(h + kLastOffsetDeltaAt) + 1;
    b.max_timestamp = LoadBE64(h + kMaxTimestampAt);
    next = b.end;
    at += b.bytes.size();
    parsed.push_back(std::move(b));
  }
  if (parsed.empty()) {
    result.error = ErrorCode::kInvalidRecord;
    return result;
  }
  const TopicMetadata* meta = FindTopic(topic);
  auto type = meta->config.find("message.timestamp.type");
  if (type != meta->config.end() && type->second == "LogAppendTime")
    result.log_append_time = now_ms;
  result.base_offset = p->log_end;
  for (Batch& b : parsed) p->batches.push_back(std::move(b));
  p->log_end = next;
  result.log_start_offset = p->log_start;
  return result;
}

ReadResult FakeLogStore::Read(std::string_view topic, int32_t partition, int64_t offset,
                              int32_t max_bytes, std::string* out) {
  ReadResult result;
  Partition* p = FindPartition(topic, partition);
  if (p == nullptr) {
    result.error = ErrorCode::kUnknownTopicOrPartition;
    return result;
  }
  result.high_watermark = p->log_end;
  result.log_start_offset = p->log_start;
  if (offset < p->log_start || offset > p->log_end) {
    result.error = ErrorCode::kOffsetOutOfRange;
    return result;
  }
  size_t taken = 0;
  for (const Batch& b : p->batches) {
    if (b.end <= offset) continue;
    if (taken > 0 && taken + b.bytes.size() > static_cast<size_t>(std::max(max_bytes, 0))) break;
    out->append(b.bytes);
    taken += b.bytes.size();
  }
  return result;
}

ErrorCode FakeLogStore::Offsets(std::string_view topic, int32_t partition, int64_t* log_start,
                                int64_t* log_end) const {
  const Partition* p = FindPartition(topic, partition);
  if (p == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  *log_start = p->log_start;
  *log_end = p->log_end;
  return ErrorCode::kNone;
}

ErrorCode FakeLogStore::OffsetForTimestamp(std::string_view topic, int32_t partition,
                                           int64_t timestamp_ms, int64_t* offset,
                                           int64_t* timestamp) {
  Partition* p = FindPartition(topic, partition);
  if (p == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  *offset = -1;
  *timestamp = -1;
  if (timestamp_ms == -3) {
    // The fake knows timestamps per batch only: the largest one's last record.
    for (const Batch& b : p->batches) {
      if (b.base >= p->log_start && b.max_timestamp > *timestamp) {
        *timestamp = b.max_timestamp;
        *offset = b.end - 1;
      }
    }
    return ErrorCode::kNone;
  }
  for (const Batch& b : p->batches) {
    if (b.base >= p->log_start && b.max_timestamp >= timestamp_ms) {
      *offset = b.base;
      *timestamp = b.max_timestamp;
      break;
    }
  }
  return ErrorCode::kNone;
}

ErrorCode FakeLogStore::DeleteRecordsBefore(std::string_view topic, int32_t partition,
                                            int64_t offset, int64_t* new_log_start) {
  Partition* p = FindPartition(topic, partition);
  if (p == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  if (offset == -1) offset = p->log_end;
  if (offset > p->log_end) return ErrorCode::kOffsetOutOfRange;
  p->log_start = std::max(p->log_start, offset);
  std::erase_if(p->batches, [&](const Batch& b) { return b.end <= p->log_start; });
  *new_log_start = p->log_start;
  return ErrorCode::kNone;
}

RecoveryReport FakeLogStore::Stats() const {
  RecoveryReport report;
  for (const auto& [name, topic] : topics_) {
    ++report.topics;
    for (const Partition& p : topic.partitions) {
      ++report.partitions;
      report.records += p.log_end - p.log_start;
      for (const Batch& b : p.batches) report.bytes += static_cast<int64_t>(b.bytes.size());
    }
  }
  return report;
}

std::string MakeBatch(int32_t records, int64_t first_timestamp, size_t payload_bytes) {
  Writer w;
  w.Int64(0);                                                        // base offset
  w.Int32(static_cast<int32_t>(kHeaderBytes - 12 + payload_bytes));  // batch length
  w.Int32(-1);                                                       // partition leader epoch
  w.Int8(2);                                                         // magic
  w.Int32(0);                                                        // crc (unchecked here)
  w.Int16(0);                                                        // attributes
  w.Int32(records - 1);                                              // last offset delta
  w.Int64(first_timestamp);
  w.Int64(first_timestamp + records - 1);  // max timestamp
  w.Int64(-1);                             // producer id
  w.Int16(-1);                             // producer epoch
  w.Int32(-1);                             // base sequence
  w.Int32(records);
  w.Raw(std::string(payload_bytes, 'x'));
  return w.buffer();
}

}  // namespace riffle::broker
