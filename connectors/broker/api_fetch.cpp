// Fetch (key 1), versions 4-12, flexible from 12: reads record batches, long-polling until
// min_bytes are there or max_wait_ms passed.
//
// Fetch sessions (KIP-227) are not kept: every response says session_id 0, which tells a client
// that no session was created, so it goes on sending full fetch requests. A request naming a
// session (id != 0) is answered FETCH_SESSION_ID_NOT_FOUND, as Kafka answers one it forgot.
//
// Size limits as Kafka's (KIP-74): each partition gets at most partition_max_bytes and the whole
// response at most max_bytes, except that the first partition with data always gets at least one
// whole batch so that a batch larger than the limits still makes progress.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct FetchPartition {
  int32_t partition = 0;
  int32_t current_leader_epoch = -1;
  int64_t fetch_offset = 0;
  int32_t partition_max_bytes = 0;
};

struct FetchTopic {
  std::string name;
  std::vector<FetchPartition> partitions;
};

// The decoded request: owns all it holds, so a parked fetch outlives its frame.
struct FetchRequest {
  int16_t version = 0;
  int32_t max_wait_ms = 0;
  int32_t min_bytes = 0;
  int32_t max_bytes = 0x7fffffff;
  int8_t isolation_level = 0;
  int32_t session_id = 0;
  int32_t session_epoch = -1;
  std::vector<FetchTopic> topics;
};

FetchRequest Decode(int16_t version, Reader& in) {
  FetchRequest req;
  req.version = version;
  in.Int32();  // replica_id: consumers send -1; there are no followers to serve differently
  req.max_wait_ms = in.Int32();
  req.min_bytes = in.Int32();
  req.max_bytes = in.Int32();       // v3+
  req.isolation_level = in.Int8();  // v4+
  if (version >= 7) {
    req.session_id = in.Int32();
    req.session_epoch = in.Int32();
  }
  const bool flexible = in.flexible();
  int32_t topics = in.ArrayLength(flexible ? 3 : 6);
  for (int32_t t = 0; t < topics; ++t) {
    FetchTopic topic;
    topic.name = in.Str();
    int32_t partitions = in.ArrayLength(16);
    for (int32_t p = 0; p < partitions; ++p) {
      FetchPartition part;
      part.partition = in.Int32();
      if (version >= 9) part.current_leader_epoch = in.Int32();
      part.fetch_offset = in.Int64();
      if (version >= 12) in.Int32();  // last_fetched_epoch: one epoch, nothing diverges
      if (version >= 5) in.Int64();   // log_start_offset: a follower's, unused
      part.partition_max_bytes = in.Int32();
      in.SkipTaggedFields();
      topic.partitions.push_back(part);
    }
    in.SkipTaggedFields();
    req.topics.push_back(std::move(topic));
  }
  if (version >= 7) {
    // forgotten_topics_data: only meaningful inside a session, and there are none.
    int32_t forgotten = in.ArrayLength(flexible ? 3 : 6);
    for (int32_t i = 0; i < forgotten; ++i) {
      in.Str();
      int32_t n = in.ArrayLength(4);
      for (int32_t j = 0; j < n; ++j) in.Int32();
      in.SkipTaggedFields();
    }
  }
  if (version >= 11) in.Str();  // rack_id
  in.SkipTaggedFields();
  return req;
}

// The answer is written while the partitions are read, and the records are not copied: on the
// server's connections a partition's batches are spliced into the output as spans of the
// segment files, which the server sends with sendfile(2) (page cache to socket). A fetch answer
// is up to max_bytes (librdkafka asks for 50 MB); copying it through memory (a zero-filled
// buffer, a pread, then send) had been most of a consumer's cost on the broker. A writer that
// cannot splice (a handler called directly) gets copies.

// What the whole response has taken so far.
struct FetchTotals {
  int64_t budget = 0;  // What max_bytes still allows.
  int64_t bytes = 0;
  bool have_data = false;
  bool any_error = false;
};

struct PartitionRead {
  ErrorCode error = ErrorCode::kNone;
  int64_t high_watermark = -1;
  int64_t log_start_offset = -1;
  ReadRecords records;
};

// Reads one partition's records (within its limits) and what its entry reports.
PartitionRead ReadPartition(BrokerContext& ctx, const std::string& topic,
                            const FetchPartition& part, const FetchTotals& totals,
                            bool can_splice) {
  PartitionRead r;
  r.error = CheckPartition(ctx.log, topic, part.partition, part.current_leader_epoch);
  if (r.error != ErrorCode::kNone) return r;
  int32_t limit = std::max<int32_t>(part.partition_max_bytes, 0);
  limit = static_cast<int32_t>(std::min<int64_t>(limit, std::max<int64_t>(totals.budget, 0)));
  if (totals.have_data && limit <= 0) {
    // The response is full: answer the partition's offsets without reading.
    int64_t log_start = 0, log_end = 0;
    r.error = ctx.log.Offsets(topic, part.partition, &log_start, &log_end);
    if (r.error == ErrorCode::kNone &&
        (part.fetch_offset < log_start || part.fetch_offset > log_end)) {
      r.error = ErrorCode::kOffsetOutOfRange;
    }
    if (r.error == ErrorCode::kNone) {
      r.high_watermark = log_end;
      r.log_start_offset = log_start;
    }
    return r;
  }
  ReadResult read =
      can_splice
          ? ctx.log.ReadSpans(topic, part.partition, part.fetch_offset, limit, &r.records)
          : ctx.log.Read(topic, part.partition, part.fetch_offset, limit, &r.records.bytes);
  r.error = read.error;
  if (r.error != ErrorCode::kNone) {
    r.records.Clear();
    return r;
  }
  r.high_watermark = read.high_watermark;
  r.log_start_offset = read.log_start_offset;
  // The store returns a whole batch even past max_bytes; only the first partition with data may
  // keep one that does not fit.
  if (totals.have_data && r.records.size() > limit) r.records.Clear();
  return r;
}

// One partition's entry.
void WritePartition(BrokerContext& ctx, const FetchRequest& req, const std::string& topic,
                    const FetchPartition& part, FetchTotals* totals, Writer& out) {
  PartitionRead r = ReadPartition(ctx, topic, part, *totals, out.can_splice());
  const int64_t n = r.records.size();
  out.Int32(part.partition);
  out.Int16(Code(r.error));
  out.Int64(r.high_watermark);
  out.Int64(r.high_watermark);  // last_stable_offset: no transactions, so the high watermark
  if (req.version >= 5) out.Int64(r.log_start_offset);
  // aborted_transactions: null for read_uncommitted, empty for read_committed (as Kafka).
  out.ArrayLength(req.isolation_level == 0 ? -1 : 0);
  if (req.version >= 11) out.Int32(-1);  // preferred_read_replica: none
  // records: BYTES whose length is known now that the partition has been read.
  if (out.flexible()) {
    out.UnsignedVarInt(static_cast<uint32_t>(n) + 1);
  } else {
    out.Int32(static_cast<int32_t>(n));
  }
  out.Raw(r.records.bytes);
  for (FileSpan& span : r.records.spans) out.Splice(std::move(span));
  out.EmptyTaggedFields();

  if (r.error != ErrorCode::kNone) totals->any_error = true;
  if (n > 0) {
    totals->have_data = true;
    totals->budget -= n;
    totals->bytes += n;
  }
}

// A response that carries only a top-level error (v7+: the session errors).
void WriteError(const FetchRequest& req, ErrorCode error, Writer& out) {
  out.Int32(0);  // throttle_time_ms
  if (req.version >= 7) {
    out.Int16(Code(error));
    out.Int32(0);  // session_id: no session
  }
  out.ArrayLength(0);
  out.EmptyTaggedFields();
}

// Reads every partition once, in request order, writing the response as it goes.
FetchTotals WriteResponse(BrokerContext& ctx, const FetchRequest& req, Writer& out) {
  FetchTotals totals;
  totals.budget = req.max_bytes;
  out.Int32(0);  // throttle_time_ms
  if (req.version >= 7) {
    out.Int16(Code(ErrorCode::kNone));
    out.Int32(0);  // session_id: no session
  }
  out.ArrayLength(static_cast<int32_t>(req.topics.size()));
  for (const FetchTopic& topic : req.topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const FetchPartition& part : topic.partitions) {
      WritePartition(ctx, req, topic.name, part, &totals, out);
    }
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return totals;
}

// Answers when the request is satisfied (or cannot wait); returns false, with `out` as it was,
// to keep waiting.
bool TryAnswer(BrokerContext& ctx, const FetchRequest& req, bool must_answer, Writer& out) {
  const Writer::Mark start = out.GetMark();
  FetchTotals totals = WriteResponse(ctx, req, out);
  if (!must_answer && !totals.any_error && totals.bytes < req.min_bytes) {
    out.TruncateTo(start);
    return false;
  }
  return true;
}

}  // namespace

std::optional<Pending> HandleFetch(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                   Writer& out) {
  auto req = std::make_shared<FetchRequest>(Decode(header.api_version, in));
  if (req->session_id != 0) {
    WriteError(*req, ErrorCode::kFetchSessionIdNotFound, out);
    return std::nullopt;
  }
  if (req->session_epoch > 0) {
    // An incremental epoch without a session id cannot belong to any session.
    WriteError(*req, ErrorCode::kInvalidFetchSessionEpoch, out);
    return std::nullopt;
  }
  // Kafka answers at once when waiting cannot help: no wait asked for or nothing to fetch.
  bool must_answer = req->max_wait_ms <= 0 || req->topics.empty();
  if (TryAnswer(ctx, *req, must_answer, out)) return std::nullopt;
  Pending pending;
  pending.deadline_ms = ctx.now_ms + req->max_wait_ms;
  pending.resume = [req](BrokerContext& ctx, Writer& out, bool expired) {
    return TryAnswer(ctx, *req, expired, out);
  };
  return pending;
}

}  // namespace riffle::broker
