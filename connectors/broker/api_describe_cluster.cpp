// DescribeCluster (key 60), versions 0-1, flexible from 0: this broker is the whole cluster and
// its controller.

#include <optional>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"

namespace riffle::broker {

namespace {
inline constexpr int8_t kEndpointTypeBroker = 1;
}  // namespace

std::optional<Pending> HandleDescribeCluster(BrokerContext& ctx, const RequestHeader& header,
                                             Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  in.Bool();  // include_cluster_authorized_operations: answered as unknown either way
  int8_t endpoint_type = kEndpointTypeBroker;
  if (version >= 1) endpoint_type = in.Int8();
  in.SkipTaggedFields();

  // Kafka answers a request for controller endpoints (2) from a broker with UNSUPPORTED_VERSION.
  const bool unsupported = endpoint_type != kEndpointTypeBroker;
  out.Int32(0);  // throttle_time_ms
  out.Int16(Code(unsupported ? ErrorCode::kUnsupportedVersion : ErrorCode::kNone));
  if (unsupported) {
    out.Str("riffle's broker describes broker endpoints only (endpoint_type 1)");
  } else {
    out.NullStr();
  }
  if (version >= 1) out.Int8(endpoint_type);
  out.Str(ctx.identity.cluster_id);
  out.Int32(unsupported ? -1 : ctx.identity.node_id);  // controller_id
  out.ArrayLength(unsupported ? 0 : 1);
  if (!unsupported) {
    out.Int32(ctx.identity.node_id);
    out.Str(ctx.identity.host);
    out.Int32(ctx.identity.port);
    out.NullStr();  // rack
    out.EmptyTaggedFields();
  }
  out.Int32(kUnknownAuthorizedOperations);
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
