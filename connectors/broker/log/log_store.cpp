// DiskLogStore: LogStore over a directory of topics (see log_store.h for the layout and the
// durability and recovery contract).

#include "connectors/broker/log/log_store.h"

#include <dirent.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "connectors/broker/log/partition_log.h"
#include "connectors/broker/log/topic_config.h"
#include "core/common/error.h"

namespace riffle::broker {
namespace {

namespace fs = std::filesystem;

constexpr int32_t kMaxPartitions = 10000;
// Producer ids are reserved in blocks, one fsync per block; the unused rest of a block is skipped
// after a restart so no id is ever handed out twice.
constexpr int64_t kProducerIdBlock = 1000;
constexpr const char* kCleanMarker = ".clean-shutdown";

std::string HexEncode(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

bool HexDecode(const std::string& hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

[[noreturn]] void Fail(const std::string& message) {
  throw RiffleError(ErrorKind::kConnector, "broker log: " + message);
}

class DiskLogStore : public LogStore {
 public:
  DiskLogStore(std::string dir, LogStoreOptions options)
      : dir_(std::move(dir)), options_(options) {}
  ~DiskLogStore() override {
    if (!closed_) Close();
  }

  void Load(RecoveryReport* report);

  void Close() override;
  void Flush() override;
  void TakeUnsynced(std::vector<int>* fds) override;
  void NoteSyncFailure() override { sync_failed_ = true; }
  std::vector<std::string> TopicNames() const override;
  const TopicMetadata* FindTopic(std::string_view name) const override;
  const TopicMetadata* FindTopicById(std::string_view id) const override;
  ErrorCode CreateTopic(const std::string& name, int32_t partitions,
                        const std::map<std::string, std::string>& config, bool validate_only,
                        std::string* message) override;
  ErrorCode DeleteTopic(const std::string& name) override;
  ErrorCode AddPartitions(const std::string& name, int32_t total, bool validate_only,
                          std::string* message) override;
  ErrorCode SetConfig(const std::string& name,
                      const std::map<std::string, std::optional<std::string>>& changes,
                      bool replace_all, bool validate_only, std::string* message) override;
  std::vector<TopicConfigEntry> DescribeConfig(const std::string& name) const override;
  AppendResult Append(std::string_view topic, int32_t partition, std::string_view batches,
                      int64_t now_ms) override;
  ReadResult Read(std::string_view topic, int32_t partition, int64_t offset, int32_t max_bytes,
                  std::string* out) override;
  ReadResult ReadSpans(std::string_view topic, int32_t partition, int64_t offset,
                       int32_t max_bytes, ReadRecords* records) override;
  ErrorCode Offsets(std::string_view topic, int32_t partition, int64_t* log_start,
                    int64_t* log_end) const override;
  ErrorCode OffsetForTimestamp(std::string_view topic, int32_t partition, int64_t timestamp_ms,
                               int64_t* offset, int64_t* timestamp) override;
  ErrorCode DeleteRecordsBefore(std::string_view topic, int32_t partition, int64_t offset,
                                int64_t* new_log_start) override;
  int EnforceRetention(int64_t now_ms) override;
  int64_t NextProducerId() override;
  RecoveryReport Stats() const override;

 private:
  struct Topic {
    TopicMetadata meta;
    EffectiveTopicConfig config;
    std::vector<std::unique_ptr<PartitionLog>> partitions;
  };

  std::string TopicDir(const std::string& name) const { return dir_ + "/topics/" + name; }
  static std::string PartitionDir(const std::string& topic_dir, int32_t p) {
    return topic_dir + "/" + std::to_string(p);
  }
  bool WriteTopicJson(const TopicMetadata& meta, std::string* error) const;
  PartitionLog* FindPartition(std::string_view topic, int32_t partition) const;
  Topic* FindMutable(std::string_view name) {
    auto it = topics_.find(name);
    return it == topics_.end() ? nullptr : &it->second;
  }
  std::string NewTopicId();
  // The first write after a clean Open makes the marker a lie: remove it before writing.
  void ClearCleanMarker();

  std::string dir_;
  LogStoreOptions options_;
  std::map<std::string, Topic, std::less<>> topics_;
  std::map<std::string, std::string, std::less<>> names_by_id_;
  UniqueFd lock_fd_;
  bool clean_marker_ = false;
  bool closed_ = true;  // Until Load succeeds: a failed Open must not mark the shutdown clean.
  bool sync_failed_ = false;  // An fsync failed: the shutdown is not clean (Close).
  int64_t next_producer_id_ = 0;
  int64_t reserved_producer_id_ = 0;  // Ids below this are promised to producers.json.
  int64_t trash_counter_ = 0;
};

void DiskLogStore::Load(RecoveryReport* report) {
  std::string error;
  if (!MakeDirs(dir_ + "/topics", &error) || !MakeDirs(dir_ + "/trash", &error)) Fail(error);
  lock_fd_ = OpenReadWrite(dir_ + "/.lock", true, &error);
  if (!lock_fd_.valid()) Fail(error);
  if (::flock(lock_fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    Fail("data directory " + dir_ + " is in use by another process");
  }
  std::error_code ec;
  // Topics deleted before a crash finish being deleted.
  for (const auto& entry : fs::directory_iterator(dir_ + "/trash", ec)) fs::remove_all(entry, ec);
  clean_marker_ = ::access((dir_ + "/" + kCleanMarker).c_str(), F_OK) == 0;

  std::string text;
  if (ReadSmallFile(dir_ + "/producers.json", &text)) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.contains("next_producer_id")) Fail("producers.json is unreadable");
    reserved_producer_id_ = j["next_producer_id"].get<int64_t>();
    next_producer_id_ = reserved_producer_id_;
  }

  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_ + "/topics", ec)) {
    names.push_back(entry.path().filename().string());
  }
  if (ec) Fail("cannot read " + dir_ + "/topics: " + ec.message());
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::string why;
    std::string topic_dir = TopicDir(name);
    if (!IsValidTopicName(name, &why)) {
      report->notes.push_back("ignored " + topic_dir + ": not a topic name");
      continue;
    }
    if (!ReadSmallFile(topic_dir + "/topic.json", &text)) {
      // A CreateTopic that did not get as far as writing topic.json.
      fs::remove_all(topic_dir, ec);
      report->notes.push_back("removed " + topic_dir + ": incomplete topic creation");
      continue;
    }
    auto j = nlohmann::json::parse(text, nullptr, false);
    Topic topic;
    if (j.is_discarded() || !j.is_object() || !j.contains("partitions") || !j.contains("id") ||
        !HexDecode(j.value("id", std::string()), &topic.meta.id) || topic.meta.id.size() != 16) {
      Fail(topic_dir + "/topic.json is unreadable");
    }
    topic.meta.name = name;
    topic.meta.partitions = j["partitions"].get<int32_t>();
    if (j.contains("config") && j["config"].is_object()) {
      for (const auto& [k, v] : j["config"].items()) topic.meta.config[k] = v.get<std::string>();
    }
    if (!ValidateTopicConfig(topic.meta.config, &why)) Fail(topic_dir + "/topic.json: " + why);
    topic.config = ResolveTopicConfig(topic.meta.config, options_);
    for (int32_t p = 0; p < topic.meta.partitions; ++p) {
      std::string pdir = PartitionDir(topic_dir, p);
      if (!MakeDirs(pdir, &error)) Fail(error);
      auto log = PartitionLog::Open(pdir, topic.config, clean_marker_, report, &error);
      if (log == nullptr) Fail(error);
      topic.partitions.push_back(std::move(log));
    }
    names_by_id_[topic.meta.id] = name;
    topics_.emplace(name, std::move(topic));
  }
  closed_ = false;
  RecoveryReport totals = Stats();
  report->topics = totals.topics;
  report->partitions = totals.partitions;
  report->bytes = totals.bytes;
  report->records = totals.records;
}

void DiskLogStore::ClearCleanMarker() {
  if (!clean_marker_) return;
  clean_marker_ = false;
  ::unlink((dir_ + "/" + kCleanMarker).c_str());
  FsyncDir(dir_);
}

void DiskLogStore::Close() {
  if (closed_) return;
  closed_ = true;
  bool ok = true;
  for (auto& [name, topic] : topics_) {
    for (auto& p : topic.partitions) ok = p->Flush() && ok;
  }
  std::string error;
  // A failed fsync may have lost written bytes: the next start must check the tails.
  if (ok && !sync_failed_) WriteFileAtomically(dir_ + "/" + kCleanMarker, "clean\n", &error);
  topics_.clear();
  names_by_id_.clear();
  lock_fd_.Reset();
}

void DiskLogStore::Flush() {
  for (auto& [name, topic] : topics_) {
    for (auto& p : topic.partitions) sync_failed_ = !p->Flush() || sync_failed_;
  }
}

void DiskLogStore::TakeUnsynced(std::vector<int>* fds) {
  for (auto& [name, topic] : topics_) {
    for (auto& p : topic.partitions) sync_failed_ = !p->TakeUnsynced(fds) || sync_failed_;
  }
}

std::vector<std::string> DiskLogStore::TopicNames() const {
  std::vector<std::string> names;
  for (const auto& [name, topic] : topics_) names.push_back(name);
  return names;
}

const TopicMetadata* DiskLogStore::FindTopic(std::string_view name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? nullptr : &it->second.meta;
}

const TopicMetadata* DiskLogStore::FindTopicById(std::string_view id) const {
  auto it = names_by_id_.find(id);
  return it == names_by_id_.end() ? nullptr : FindTopic(it->second);
}

std::string DiskLogStore::NewTopicId() {
  std::random_device rd;
  std::string id;
  do {
    id.clear();
    for (int i = 0; i < 4; ++i) {
      uint32_t r = rd();
      id.append(reinterpret_cast<const char*>(&r), 4);
    }
  } while (id == std::string(16, '\0') || names_by_id_.count(id) != 0);
  return id;
}

bool DiskLogStore::WriteTopicJson(const TopicMetadata& meta, std::string* error) const {
  nlohmann::json j;
  j["name"] = meta.name;
  j["id"] = HexEncode(meta.id);
  j["partitions"] = meta.partitions;
  j["config"] = nlohmann::json::object();
  for (const auto& [k, v] : meta.config) j["config"][k] = v;
  return WriteFileAtomically(TopicDir(meta.name) + "/topic.json", j.dump(2) + "\n", error);
}

ErrorCode DiskLogStore::CreateTopic(const std::string& name, int32_t partitions,
                                    const std::map<std::string, std::string>& config,
                                    bool validate_only, std::string* message) {
  if (!IsValidTopicName(name, message)) return ErrorCode::kInvalidTopicException;
  if (topics_.count(name) != 0) {
    *message = "Topic '" + name + "' already exists.";
    return ErrorCode::kTopicAlreadyExists;
  }
  if (partitions < 1 || partitions > kMaxPartitions) {
    *message = "Number of partitions must be between 1 and " + std::to_string(kMaxPartitions);
    return ErrorCode::kInvalidPartitions;
  }
  if (!ValidateTopicConfig(config, message)) return ErrorCode::kInvalidConfig;
  if (validate_only) return ErrorCode::kNone;

  Topic topic;
  topic.meta.name = name;
  topic.meta.id = NewTopicId();
  topic.meta.partitions = partitions;
  topic.meta.config = config;
  topic.config = ResolveTopicConfig(config, options_);
  std::string topic_dir = TopicDir(name);
  std::error_code ec;
  fs::remove_all(topic_dir, ec);  // A leftover of a creation that crashed half way.
  std::string error;
  bool ok = MakeDirs(topic_dir, &error);
  for (int32_t p = 0; ok && p < partitions; ++p) {
    std::string pdir = PartitionDir(topic_dir, p);
    auto log = MakeDirs(pdir, &error) ? PartitionLog::Create(pdir, &error) : nullptr;
    ok = log != nullptr;
    if (ok) topic.partitions.push_back(std::move(log));
  }
  // topic.json last: a topic without it is an unfinished creation and is removed on Open.
  ok = ok && WriteTopicJson(topic.meta, &error);
  if (!ok) {
    topic.partitions.clear();
    fs::remove_all(topic_dir, ec);
    *message = error;
    return ErrorCode::kKafkaStorageError;
  }
  FsyncDir(dir_ + "/topics");
  names_by_id_[topic.meta.id] = name;
  topics_.emplace(name, std::move(topic));
  return ErrorCode::kNone;
}

ErrorCode DiskLogStore::DeleteTopic(const std::string& name) {
  auto it = topics_.find(name);
  if (it == topics_.end()) return ErrorCode::kUnknownTopicOrPartition;
  names_by_id_.erase(it->second.meta.id);
  topics_.erase(it);  // Closes the partitions' files.
  // One rename makes the deletion atomic; the removal then may take its time (or finish at the
  // next Open).
  std::string trash = dir_ + "/trash/" + std::to_string(::getpid()) + "-" +
                      std::to_string(trash_counter_++) + "-" + name;
  std::error_code ec;
  if (::rename(TopicDir(name).c_str(), trash.c_str()) == 0) {
    FsyncDir(dir_ + "/topics");
    fs::remove_all(trash, ec);
  } else {
    fs::remove_all(TopicDir(name), ec);
  }
  return ErrorCode::kNone;
}

ErrorCode DiskLogStore::AddPartitions(const std::string& name, int32_t total, bool validate_only,
                                      std::string* message) {
  Topic* topic = FindMutable(name);
  if (topic == nullptr) {
    *message = "Topic '" + name + "' does not exist.";
    return ErrorCode::kUnknownTopicOrPartition;
  }
  if (total <= topic->meta.partitions) {
    *message = "Topic currently has " + std::to_string(topic->meta.partitions) +
               " partitions, which is higher than the requested " + std::to_string(total) + ".";
    if (total == topic->meta.partitions) {
      *message = "Topic already has " + std::to_string(total) + " partitions.";
    }
    return ErrorCode::kInvalidPartitions;
  }
  if (total > kMaxPartitions) {
    *message = "Number of partitions must be at most " + std::to_string(kMaxPartitions);
    return ErrorCode::kInvalidPartitions;
  }
  if (validate_only) return ErrorCode::kNone;
  std::string error;
  std::vector<std::unique_ptr<PartitionLog>> added;
  bool ok = true;
  for (int32_t p = topic->meta.partitions; ok && p < total; ++p) {
    std::string pdir = PartitionDir(TopicDir(name), p);
    std::error_code ec;
    fs::remove_all(pdir, ec);
    auto log = MakeDirs(pdir, &error) ? PartitionLog::Create(pdir, &error) : nullptr;
    ok = log != nullptr;
    if (ok) added.push_back(std::move(log));
  }
  TopicMetadata meta = topic->meta;
  meta.partitions = total;
  if (!ok || !WriteTopicJson(meta, &error)) {
    for (auto& log : added) log->RemoveFiles();
    *message = error;
    return ErrorCode::kKafkaStorageError;
  }
  topic->meta = meta;
  for (auto& log : added) topic->partitions.push_back(std::move(log));
  return ErrorCode::kNone;
}

ErrorCode DiskLogStore::SetConfig(const std::string& name,
                                  const std::map<std::string, std::optional<std::string>>& changes,
                                  bool replace_all, bool validate_only, std::string* message) {
  Topic* topic = FindMutable(name);
  if (topic == nullptr) {
    *message = "Topic '" + name + "' does not exist.";
    return ErrorCode::kUnknownTopicOrPartition;
  }
  std::map<std::string, std::string> config =
      replace_all ? std::map<std::string, std::string>{} : topic->meta.config;
  for (const auto& [key, value] : changes) {
    if (value.has_value()) {
      config[key] = *value;
    } else {
      config.erase(key);
    }
  }
  if (!ValidateTopicConfig(config, message)) return ErrorCode::kInvalidConfig;
  if (validate_only) return ErrorCode::kNone;
  TopicMetadata meta = topic->meta;
  meta.config = config;
  std::string error;
  if (!WriteTopicJson(meta, &error)) {
    *message = error;
    return ErrorCode::kKafkaStorageError;
  }
  topic->meta = std::move(meta);
  topic->config = ResolveTopicConfig(topic->meta.config, options_);
  return ErrorCode::kNone;
}

std::vector<TopicConfigEntry> DiskLogStore::DescribeConfig(const std::string& name) const {
  auto it = topics_.find(name);
  if (it == topics_.end()) return {};
  return DescribeTopicConfig(it->second.meta.config, options_);
}

PartitionLog* DiskLogStore::FindPartition(std::string_view topic, int32_t partition) const {
  auto it = topics_.find(topic);
  if (it == topics_.end() || partition < 0 ||
      partition >= static_cast<int32_t>(it->second.partitions.size())) {
    return nullptr;
  }
  return it->second.partitions[static_cast<size_t>(partition)].get();
}

AppendResult DiskLogStore::Append(std::string_view topic, int32_t partition,
                                  std::string_view batches, int64_t now_ms) {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) {
    AppendResult r;
    r.error = ErrorCode::kUnknownTopicOrPartition;
    r.error_message = "This server does not host this topic-partition.";
    return r;
  }
  ClearCleanMarker();
  return log->Append(batches, topics_.find(topic)->second.config, now_ms);
}

ReadResult DiskLogStore::Read(std::string_view topic, int32_t partition, int64_t offset,
                              int32_t max_bytes, std::string* out) {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) {
    ReadResult r;
    r.error = ErrorCode::kUnknownTopicOrPartition;
    return r;
  }
  return log->Read(offset, max_bytes, out);
}

ReadResult DiskLogStore::ReadSpans(std::string_view topic, int32_t partition, int64_t offset,
                                   int32_t max_bytes, ReadRecords* records) {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) {
    ReadResult r;
    r.error = ErrorCode::kUnknownTopicOrPartition;
    return r;
  }
  return log->ReadSpans(offset, max_bytes, records);
}

ErrorCode DiskLogStore::Offsets(std::string_view topic, int32_t partition, int64_t* log_start,
                                int64_t* log_end) const {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  *log_start = log->log_start();
  *log_end = log->log_end();
  return ErrorCode::kNone;
}

ErrorCode DiskLogStore::OffsetForTimestamp(std::string_view topic, int32_t partition,
                                           int64_t timestamp_ms, int64_t* offset,
                                           int64_t* timestamp) {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  return log->OffsetForTimestamp(timestamp_ms, offset, timestamp);
}

ErrorCode DiskLogStore::DeleteRecordsBefore(std::string_view topic, int32_t partition,
                                            int64_t offset, int64_t* new_log_start) {
  PartitionLog* log = FindPartition(topic, partition);
  if (log == nullptr) return ErrorCode::kUnknownTopicOrPartition;
  return log->DeleteRecordsBefore(offset, new_log_start);
}

int DiskLogStore::EnforceRetention(int64_t now_ms) {
  int deleted = 0;
  for (auto& [name, topic] : topics_) {
    if (topic.config.retention_ms < 0 && topic.config.retention_bytes < 0) continue;
    for (auto& p : topic.partitions) deleted += p->EnforceRetention(topic.config, now_ms);
  }
  return deleted;
}

int64_t DiskLogStore::NextProducerId() {
  if (next_producer_id_ >= reserved_producer_id_) {
    int64_t reserved = next_producer_id_ + kProducerIdBlock;
    std::string error;
    nlohmann::json j;
    j["next_producer_id"] = reserved;
    // Without a durable reservation an id could be handed out again after a crash.
    if (!WriteFileAtomically(dir_ + "/producers.json", j.dump() + "\n", &error)) return -1;
    reserved_producer_id_ = reserved;
  }
  return next_producer_id_++;
}

RecoveryReport DiskLogStore::Stats() const {
  RecoveryReport r;
  r.topics = static_cast<int32_t>(topics_.size());
  for (const auto& [name, topic] : topics_) {
    for (const auto& p : topic.partitions) {
      ++r.partitions;
      r.bytes += p->size_bytes();
      r.records += p->log_end() - p->log_start();
    }
  }
  return r;
}

}  // namespace

std::unique_ptr<LogStore> LogStore::Open(const std::string& dir, const LogStoreOptions& options,
                                         RecoveryReport* report) {
  RecoveryReport local;
  if (report == nullptr) report = &local;
  auto store = std::make_unique<DiskLogStore>(dir, options);
  store->Load(report);
  return store;
}

std::optional<int64_t> PartitionSegmentBytes(const std::string& dir, const std::string& topic,
                                             int32_t partition) {
  std::string why;
  if (!IsValidTopicName(topic, &why) || partition < 0) return std::nullopt;
  std::error_code ec;
  const fs::path pdir = fs::path(dir) / "topics" / topic / std::to_string(partition);
  if (!fs::is_directory(pdir, ec)) return std::nullopt;
  int64_t total = 0;
  for (const auto& entry : fs::directory_iterator(pdir, ec)) {
    if (entry.path().extension() != ".log") continue;
    // A segment deleted meanwhile (retention) counts as empty.
    uintmax_t size = entry.file_size(ec);
    if (!ec) total += static_cast<int64_t>(size);
  }
  if (ec) return std::nullopt;
  return total;
}

}  // namespace riffle::broker
