#include "connectors/kafka/kafka_source.h"

#include <algorithm>

namespace riffle::kafka {

std::string FormatCount(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string OffsetSkip::Describe() const {
  std::string where = FormatCount(count) + " offset" + (count == 1 ? "" : "s") + " of " + topic +
                      "[" + std::to_string(partition) + "]";
  if (kind == Kind::kBelowStart) {
    return where + " (log start moved from " + FormatCount(from) + " to " + FormatCount(to) +
           "): records deleted (retention or DeleteRecords) before they were read";
  }
  return where + " (position " + FormatCount(from) + " beyond the log end " + FormatCount(to) +
         "): the topic was truncated or re-created";
}

KafkaSource::KafkaSource(const KafkaSourceOptions& options)
    : topic_(options.topic), timeout_ms_(options.timeout_ms) {
  if (options.bootstrap_servers.empty()) ThrowKafka("Kafka source needs bootstrap servers");
  KafkaConfig config = {
      {"group.id", options.group_id},
      // Offsets live in the catalog; the group is never joined.
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "false"},
      {"fetch.wait.max.ms", std::to_string(options.fetch_wait_max_ms)},
      {"queued.min.messages", std::to_string(options.queued_min_messages)},
      {"socket.connection.setup.timeout.ms", std::to_string(options.timeout_ms)},
  };
  for (const auto& [key, value] : options.config) config[key] = value;
  // Every partition is assigned a concrete offset; when it goes out of range librdkafka must not
  // move it silently: it reports RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET and HandleOutOfRange
  // moves it, counting what was skipped.
  config["auto.offset.reset"] = "error";
  handle_ = NewClient(RD_KAFKA_CONSUMER,
                      MakeClientConf(options.bootstrap_servers, config, &diagnostics_));
  rd_kafka_poll_set_consumer(handle_.get());
  queue_.reset(rd_kafka_queue_get_consumer(handle_.get()));

  const rd_kafka_metadata_t* raw_metadata = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(handle_.get(), 1, nullptr, &raw_metadata, timeout_ms_);
  RdMetadataPtr metadata(raw_metadata);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // Client errors (connection refused, name not resolved) reach error_cb only when served.
    rd_kafka_message_t* event = rd_kafka_consumer_poll(handle_.get(), 0);
    if (event != nullptr) rd_kafka_message_destroy(event);
    std::string reason = diagnostics_.last_error();
    ThrowKafka("cannot read topic '" + topic_ + "' from Kafka at " + options.bootstrap_servers +
               ": " + rd_kafka_err2str(err) + (reason.empty() ? "" : " (" + reason + ")"));
  }
  int partitions = -1;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic_ == metadata->topics[i].topic &&
        metadata->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      partitions = metadata->topics[i].partition_cnt;
    }
  }
  if (partitions < 0) ThrowKafka("topic '" + topic_ + "' does not exist");

  // Concrete start offsets make Positions() and Lag() meaningful before the first record.
  positions_.assign(partitions, 0);
  if (options.stop_at_end) {
    stop_at_.assign(partitions, 0);
    stopped_.assign(partitions, false);
  }
  RdPartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int32_t p = 0; p < partitions; ++p) {
    int64_t low = 0;
    int64_t high = 0;
    err = rd_kafka_query_watermark_offsets(handle_.get(), topic_.c_str(), p, &low, &high,
                                           timeout_ms_);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ThrowKafka("cannot read offsets of topic '" + topic_ + "' partition " + std::to_string(p) +
                 ": " + rd_kafka_err2str(err));
    }
    int64_t start = options.reset == OffsetReset::kEarliest ? low : high;
    if (auto it = options.start_offsets.find(p); it != options.start_offsets.end()) {
      start = ResolveStart(p, it->second, low, high);
    }
    positions_[p] = start;
    if (options.stop_at_end) stop_at_[p] = high;
    rd_kafka_topic_partition_list_add(assignment.get(), topic_.c_str(), p)->offset = start;
  }
  rd_kafka_resp_err_t assign_err = rd_kafka_assign(handle_.get(), assignment.get());
  if (assign_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ThrowKafka("cannot read topic '" + topic_ + "': " + rd_kafka_err2str(assign_err));
  }
}

KafkaSource::~KafkaSource() {
  queue_.reset();
  // No group was joined, so closing only stops the fetchers; it does not wait for a rebalance.
  if (handle_ != nullptr) rd_kafka_consumer_close(handle_.get());
}

int64_t KafkaSource::ResolveStart(int32_t p, int64_t from, int64_t low, int64_t high) {
  if (from >= low && from <= high) return from;
  OffsetSkip skip;
  skip.topic = topic_;
  skip.partition = p;
  skip.from = from;
  if (from < low) {
    skip.kind = OffsetSkip::Kind::kBelowStart;
    skip.to = low;
    skip.count = low - from;
  } else {
    skip.kind = OffsetSkip::Kind::kBeyondEnd;
    skip.to = high;
    skip.count = from - high;
  }
  out_of_range_offsets_ += skip.count;
  skips_.push_back(std::move(skip));
  return skips_.back().to;
}

void KafkaSource::HandleOutOfRange(int32_t p, int64_t failed_at) {
  int64_t low = 0;
  int64_t high = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(handle_.get(), topic_.c_str(), p,
                                                             &low, &high, timeout_ms_);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // Unknown: leave the partition stopped and say why; the next error retries.
    diagnostics_.RecordError("reading topic '" + topic_ + "' partition " + std::to_string(p) +
                             ": offset out of range, and its offsets cannot be read: " +
                             rd_kafka_err2str(err));
    return;
  }
  // Our position is what was delivered; librdkafka's may be past transaction markers.
  int64_t from = std::max(positions_[p], failed_at);
  int64_t to = ResolveStart(p, from, low, high);
  if (to == from) to = std::clamp(from, low, high);  // in range again (e.g. a race): resume there
  positions_[p] = to;
  // librdkafka has stopped fetching the partition (auto.offset.reset=error), and a seek is
  // refused in that state: assign it again at the new offset.
  RdPartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p)->offset = to;
  rd_kafka_error_t* error = rd_kafka_incremental_unassign(handle_.get(), list.get());
  if (error == nullptr) error = rd_kafka_incremental_assign(handle_.get(), list.get());
  if (error != nullptr) {
    diagnostics_.RecordError("cannot move topic '" + topic_ + "' partition " + std::to_string(p) +
                             " to offset " + std::to_string(to) + ": " +
                             rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
  }
}

void KafkaSource::Accept(rd_kafka_message_t* message, MessageBatch& batch) {
  if (message->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET && message->partition >= 0 &&
      message->partition < partition_count()) {
    const int32_t p = message->partition;
    const int64_t failed_at = message->offset;
    rd_kafka_message_destroy(message);
    HandleOutOfRange(p, failed_at);
    return;
  }
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      diagnostics_.RecordError("reading topic '" + topic_ +
                               "': " + rd_kafka_message_errstr(message));
    }
    rd_kafka_message_destroy(message);
    return;
  }
  const int32_t p = message->partition;
  if (!stop_at_.empty() && p >= 0 && p < partition_count() && message->offset >= stop_at_[p]) {
    // Appended after a bounded read began: not part of its answer.
    rd_kafka_message_destroy(message);
    StopFetching(p);
    return;
  }
  if (p >= 0 && p < static_cast<int32_t>(positions_.size())) {
    if (message->offset > positions_[p]) gap_offsets_ += message->offset - positions_[p];
    positions_[p] = message->offset + 1;
  }
  batch.Add(message);
}

size_t KafkaSource::PollBatch(MessageBatch& batch, size_t max_records, int timeout_ms) {
  batch.Clear();
  if (max_records == 0) return 0;
  batch.Reserve(max_records);
  rd_kafka_message_t* first = rd_kafka_consumer_poll(handle_.get(), timeout_ms);
  if (first != nullptr) {
    Accept(first, batch);
    // The rest only if already fetched: a batch consume with a timeout would wait for a full
    // batch.
    if (max_records > 1) {
      scratch_.resize(max_records - 1);
      ssize_t n = rd_kafka_consume_batch_queue(queue_.get(), 0, scratch_.data(), scratch_.size());
      for (ssize_t i = 0; i < n; ++i) Accept(scratch_[i], batch);
    }
  }
  if (batch.size() > 0) {
    diagnostics_.reachability().Regained();
  } else {
    ProbeWhileUnreachable(handle_.get(), diagnostics_);
  }
  return batch.size();
}

std::vector<KafkaRecord> KafkaSource::Poll(size_t max_records, int timeout_ms) {
  MessageBatch batch;
  PollBatch(batch, max_records, timeout_ms);
  std::vector<KafkaRecord> records;
  records.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) records.push_back(batch[i].ToRecord());
  return records;
}

std::vector<int64_t> KafkaSource::LibraryPositions() {
  std::vector<int64_t> result(positions_.size(), -1);
  RdPartitionListPtr list(rd_kafka_topic_partition_list_new(partition_count()));
  for (int32_t p = 0; p < partition_count(); ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p);
  }
  if (rd_kafka_position(handle_.get(), list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) return result;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    if (tp.partition >= 0 && tp.partition < partition_count()) result[tp.partition] = tp.offset;
  }
  return result;
}

std::map<int32_t, int64_t> KafkaSource::Positions() const {
  std::map<int32_t, int64_t> result;
  for (size_t p = 0; p < positions_.size(); ++p) result[static_cast<int32_t>(p)] = positions_[p];
  return result;
}

std::map<int32_t, int64_t> KafkaSource::Lag() {
  // librdkafka moves its position past transaction markers, which never reach the application;
  // without it a partition ending in a commit marker would look one record behind forever.
  // Positions() keeps our own count, which never skips an unread record.
  const std::vector<int64_t> library = LibraryPositions();
  std::map<int32_t, int64_t> lag;
  for (int32_t p = 0; p < partition_count(); ++p) {
    int64_t low = 0;
    int64_t high = 0;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(handle_.get(), topic_.c_str(), p,
                                                               &low, &high, timeout_ms_);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ThrowKafka("cannot read offsets of topic '" + topic_ + "' partition " + std::to_string(p) +
                 ": " + rd_kafka_err2str(err));
    }
    lag[p] = std::max<int64_t>(0, high - std::max(positions_[p], library[p]));
  }
  return lag;
}

void KafkaSource::StopFetching(int32_t p) {
  if (stopped_[p]) return;
  stopped_[p] = true;
  RdPartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p);
  // Only saves fetches: records past the end are dropped either way.
  rd_kafka_pause_partitions(handle_.get(), list.get());
}

bool KafkaSource::AtEnd() {
  if (!stop_at_.empty()) {
    // Our positions never pass an unread record; librdkafka's also step over transaction
    // markers, which never reach the application.
    const std::vector<int64_t> library = LibraryPositions();
    for (int32_t p = 0; p < partition_count(); ++p) {
      if (std::max(positions_[p], library[p]) < stop_at_[p]) return false;
    }
    return true;
  }
  for (const auto& [partition, remaining] : Lag()) {
    if (remaining > 0) return false;
  }
  return true;
}

}  // namespace riffle::kafka
