// ApiVersions: the first request every client sends, answered from the table in api_table.cpp.

#include "connectors/broker/api.h"

namespace riffle::broker {

std::optional<Pending> HandleApiVersions(BrokerContext&, const RequestHeader& header, Reader& in,
                                         Writer& out) {
  const int16_t v = header.api_version;
  if (v >= 3) {
    in.Str();  // client_software_name
    in.Str();  // client_software_version
    in.SkipTaggedFields();
  }
  out.Int16(Code(ErrorCode::kNone));
  out.ArrayLength(static_cast<int32_t>(SupportedApis().size()));
  for (const ApiSpec& api : SupportedApis()) {
    out.Int16(static_cast<int16_t>(api.key));
    out.Int16(api.min_version);
    out.Int16(api.max_version);
    out.EmptyTaggedFields();
  }
  if (v >= 1) out.Int32(0);  // throttle_time_ms
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
