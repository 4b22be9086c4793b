// DeleteTopics (key 20), versions 0-6, flexible from 4: by name (v0-5), by name or id (v6).

#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct DeleteTopic {
  std::optional<std::string> name;
  std::string id;  // 16 bytes (v6), empty before.
};

std::vector<DeleteTopic> Decode(int16_t version, Reader& in) {
  std::vector<DeleteTopic> topics;
  if (version >= 6) {
    int32_t n = in.ArrayLength(18);
    for (int32_t i = 0; i < n; ++i) {
      DeleteTopic t;
      t.name = in.NullableStr();
      t.id = in.Uuid();
      in.SkipTaggedFields();
      topics.push_back(std::move(t));
    }
  } else {
    int32_t n = in.ArrayLength(in.flexible() ? 1 : 2);
    for (int32_t i = 0; i < n; ++i) topics.push_back({in.Str(), std::string()});
  }
  in.Int32();  // timeout_ms: deletion is synchronous
  in.SkipTaggedFields();
  return topics;
}

bool IsZeroId(const std::string& id) { return id.find_first_not_of('\0') == std::string::npos; }

}  // namespace

std::optional<Pending> HandleDeleteTopics(BrokerContext& ctx, const RequestHeader& header,
                                          Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  std::vector<DeleteTopic> topics = Decode(version, in);
  bool deleted = false;
  if (version >= 1) out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const DeleteTopic& t : topics) {
    ErrorCode error = ErrorCode::kNone;
    std::string message;
    std::optional<std::string> name = t.name;
    std::string id = t.id;
    if (name && !IsZeroId(id)) {
      error = ErrorCode::kInvalidRequest;
      message = "a topic is named by its name or its id, not both";
    } else if (!name) {
      const TopicMetadata* meta = IsZeroId(id) ? nullptr : ctx.log.FindTopicById(id);
      if (meta == nullptr) {
        error = ErrorCode::kUnknownTopicId;
      } else {
        name = meta->name;
      }
    } else if (const TopicMetadata* meta = ctx.log.FindTopic(*name)) {
      id = meta->id;
    }
    if (error == ErrorCode::kNone) {
      error = ctx.log.DeleteTopic(*name);
      deleted = deleted || error == ErrorCode::kNone;
    }
    if (version >= 6) {
      out.NullableStr(name);
      out.Uuid(id);
    } else {
      out.Str(name.value_or(""));
    }
    out.Int16(Code(error));
    if (version >= 5) out.NullableStr(MessageOrNull(message));
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  // Parked fetches on a deleted topic can now answer UNKNOWN_TOPIC_OR_PARTITION.
  if (deleted) NotifyChange(ctx);
  return std::nullopt;
}

}  // namespace riffle::broker
