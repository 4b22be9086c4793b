// Produce (key 0), versions 3-9, flexible from 9: appends the record batches a producer sent.
//
// Transactions are not served: a request with a transactional id is answered
// TRANSACTIONAL_ID_AUTHORIZATION_FAILED on every partition, the non-retriable error Kafka gives a
// producer that may not use its transactional id (InitProducerId answers the same, so a
// transactional producer fails at its first step with that message).
//
// acks=0: the records are appended and nothing is answered; when a partition fails, Kafka closes
// the connection so the producer notices (it cannot otherwise), and so does this handler, by
// throwing ProtocolError after appending what it could.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct PartitionData {
  int32_t index = 0;
  std::optional<std::string_view> records;  // Into the frame: valid while the handler runs.
};

struct TopicData {
  std::string name;
  std::vector<PartitionData> partitions;
};

struct ProduceRequest {
  std::optional<std::string> transactional_id;
  int16_t acks = 0;
  int32_t timeout_ms = 0;
  std::vector<TopicData> topics;
};

ProduceRequest Decode(Reader& in) {
  ProduceRequest req;
  req.transactional_id = in.NullableStr();
  req.acks = in.Int16();
  req.timeout_ms = in.Int32();
  int32_t topics = in.ArrayLength(in.flexible() ? 3 : 6);
  for (int32_t t = 0; t < topics; ++t) {
    TopicData topic;
    topic.name = in.Str();
    int32_t partitions = in.ArrayLength(in.flexible() ? 6 : 8);
    for (int32_t p = 0; p < partitions; ++p) {
      PartitionData part;
      part.index = in.Int32();
      part.records = in.NullableBytes();
      in.SkipTaggedFields();
      topic.partitions.push_back(part);
    }
    in.SkipTaggedFields();
    req.topics.push_back(std::move(topic));
  }
  in.SkipTaggedFields();
  return req;
}

}  // namespace

std::optional<Pending> HandleProduce(BrokerContext& ctx, const RequestHeader& header, Reader& in,
                                     Writer& out) {
  const int16_t version = header.api_version;
  // Decode everything first: a frame that does not parse must not append anything.
  ProduceRequest req = Decode(in);
  const bool valid_acks = req.acks == 0 || req.acks == 1 || req.acks == -1;

  bool appended = false;
  std::string first_failure;
  const size_t start = out.size();  // `out` may hold earlier responses (api.h).
  out.ArrayLength(static_cast<int32_t>(req.topics.size()));
  for (const TopicData& topic : req.topics) {
    out.Str(topic.name);
    out.ArrayLength(static_cast<int32_t>(topic.partitions.size()));
    for (const PartitionData& part : topic.partitions) {
      AppendResult result;
      result.log_start_offset = -1;
      if (!valid_acks) {
        result.error = ErrorCode::kInvalidRequiredAcks;
      } else if (req.transactional_id) {
        result.error = ErrorCode::kTransactionalIdAuthorizationFailed;
        result.error_message = "riffle's broker does not serve transactions";
      } else if (!PartitionExists(ctx.log, topic.name, part.index)) {
        // Kafka creates topics only through Metadata, never on produce.
        result.error = ErrorCode::kUnknownTopicOrPartition;
      } else if (!part.records || part.records->empty()) {
        // Nothing to append: answered as a success that assigned no offset.
        int64_t log_end = 0;
        ctx.log.Offsets(topic.name, part.index, &result.log_start_offset, &log_end);
      } else {
        result = ctx.log.Append(topic.name, part.index, *part.records, ctx.now_ms);
        if (result.error == ErrorCode::kNone) {
          appended = true;
        } else {
          result.base_offset = -1;
          result.log_append_time = -1;
        }
      }
      if (result.error != ErrorCode::kNone && first_failure.empty()) {
        first_failure = topic.name + "-" + std::to_string(part.index) + ": error " +
                        std::to_string(Code(result.error)) +
                        (result.error_message.empty() ? "" : " (" + result.error_message + ")");
      }
      out.Int32(part.index);
      out.Int16(Code(result.error));
      out.Int64(result.base_offset);
      out.Int64(result.log_append_time);  // v2+
      if (version >= 5) out.Int64(result.log_start_offset);
      if (version >= 8) {
        out.ArrayLength(0);  // record_errors: the store rejects or accepts whole calls
        out.NullableStr(MessageOrNull(result.error_message));
      }
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
  out.Int32(0);  // throttle_time_ms (v1+), after the responses in this API
  out.EmptyTaggedFields();

  if (appended) NotifyChange(ctx);
  if (req.acks == 0) {
    ctx.no_response = true;
    out.buffer().resize(start);
    if (!first_failure.empty()) {
      throw ProtocolError("produce with acks=0 failed, closing the connection as Kafka does: " +
                          first_failure);
    }
  }
  return std::nullopt;
}

}  // namespace riffle::broker
