// FindCoordinator (key 10), versions 0-4: this broker coordinates every group; it has no
// transaction coordinator.

#include <string>
#include <vector>

#include "connectors/broker/api.h"

namespace riffle::broker {
namespace {

constexpr int8_t kKeyTypeGroup = 0;
constexpr int8_t kKeyTypeTransaction = 1;

struct Answer {
  ErrorCode error = ErrorCode::kNone;
  std::optional<std::string> message;
  int32_t node_id = -1;
  std::string host;
  int32_t port = -1;
};

Answer AnswerFor(const BrokerContext& ctx, int8_t key_type) {
  Answer a;
  if (key_type == kKeyTypeGroup) {
    a.node_id = ctx.identity.node_id;
    a.host = ctx.identity.host;
    a.port = ctx.identity.port;
  } else if (key_type == kKeyTypeTransaction) {
    a.error = ErrorCode::kCoordinatorNotAvailable;
    a.message = "riffle's broker has no transaction coordinator";
  } else {
    a.error = ErrorCode::kInvalidRequest;
    a.message = "unknown coordinator key type " + std::to_string(key_type);
  }
  return a;
}

}  // namespace

std::optional<Pending> HandleFindCoordinator(BrokerContext& ctx, const RequestHeader& header,
                                             Reader& in, Writer& out) {
  const int16_t v = header.api_version;
  std::vector<std::string> keys;
  int8_t key_type = kKeyTypeGroup;
  if (v <= 3) {
    keys.push_back(in.Str());
    if (v >= 1) key_type = in.Int8();
  } else {
    key_type = in.Int8();
    int32_t n = in.ArrayLength(1);
    for (int32_t i = 0; i < n; ++i) keys.push_back(in.Str());
  }
  in.SkipTaggedFields();

  const Answer a = AnswerFor(ctx, key_type);
  if (v >= 1) out.Int32(0);  // throttle_time_ms
  if (v <= 3) {
    out.Int16(Code(a.error));
    if (v >= 1) out.NullableStr(a.message);
    out.Int32(a.node_id);
    out.Str(a.host);
    out.Int32(a.port);
  } else {
    out.ArrayLength(static_cast<int32_t>(keys.size()));
    for (const auto& key : keys) {
      out.Str(key);
      out.Int32(a.node_id);
      out.Str(a.host);
      out.Int32(a.port);
      out.Int16(Code(a.error));
      out.NullableStr(a.message);
      out.EmptyTaggedFields();
    }
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
