#pragma once
// How riffle's broker answers one Kafka request: the handler contract and the table of APIs.
//
// Threading: every handler, every Pending::resume and everything they touch (LogStore,
// GroupCoordinator) run on the broker's single event-loop thread. Nothing here locks.
//
// A connection has at most one request being handled at a time (as Kafka's broker mutes a
// channel while a request is in flight), so responses go out in request order even when a
// handler parks (a Fetch waiting for data, a JoinGroup waiting for the rebalance).
//
// Errors: a handler throws ProtocolError (wire.h) for a frame that does not parse; the server
// then closes that connection and nothing else. Every other problem is answered with the
// protocol's error code in the response, never by throwing.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/protocol.h"
#include "connectors/broker/wire.h"

namespace riffle::broker {

class LogStore;
class GroupCoordinator;

struct RequestHeader {
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;
};

// Who this broker is, as Metadata, FindCoordinator and DescribeCluster describe it.
struct BrokerIdentity {
  int32_t node_id = 1;
  std::string host = "127.0.0.1";
  int32_t port = 0;
  std::string cluster_id;  // 22-character base64 UUID, stable for a data directory.
};

// What a handler sees besides its request body.
struct BrokerContext {
  LogStore& log;
  GroupCoordinator& groups;
  const BrokerIdentity& identity;
  int64_t now_ms = 0;           // Wall-clock time when the request is (re)examined.
  std::string client_host;      // Peer address, e.g. "/127.0.0.1" as Kafka shows it.
  // Called by a handler that changed state other parked requests may wait for (an append, a
  // group transition): the server then re-examines every parked request.
  std::function<void()> notify_change;
  // Set by a handler whose request takes no response (Produce with acks=0): the server then
  // sends nothing for it and goes on to the connection's next request.
  bool no_response = false;
};

// A request that cannot be answered yet.
struct Pending {
  // Absolute wall-clock time (ms) when resume must answer, whatever the state.
  int64_t deadline_ms = 0;
  // Called on the event-loop thread after state changed (or periodically) and at the deadline
  // with expired=true. Writes the response body to `out` and returns true when done; returns
  // false to stay parked. REQUIRES of the implementation: returns true when `expired`. `out`
  // holds nothing from earlier calls (see ApiHandler on what it may hold before the body). The
  // context is valid for the duration of the call only.
  std::function<bool(BrokerContext& ctx, Writer& out, bool expired)> resume;
};

// Decodes the request body from `in` (already positioned after the request header; flexible as
// the version says) and either writes the response body to `out` (flexible likewise; the server
// writes the response header) and returns nullopt, or returns a Pending and writes nothing.
// Throws ProtocolError when the body does not parse. `out` is the connection's output buffer:
// it may already hold earlier responses and this one's header, so a handler only appends (and
// truncates back no further than where it started).
using ApiHandler = std::optional<Pending> (*)(BrokerContext& ctx, const RequestHeader& header,
                                              Reader& in, Writer& out);

struct ApiSpec {
  ApiKey key;
  const char* name;
  int16_t min_version;
  int16_t max_version;
  int16_t first_flexible;  // First version using compact encodings and tagged fields.
  ApiHandler handler;
};

// Every API riffle's broker serves, ordered by key. One table drives dispatch and ApiVersions.
const std::vector<ApiSpec>& SupportedApis();
// nullptr when the key is not served.
const ApiSpec* FindApi(int16_t key);

// The handlers, one file each (api_<name>.cpp, or groups/ for the group APIs).
std::optional<Pending> HandleApiVersions(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleMetadata(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleProduce(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleFetch(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleListOffsets(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleCreateTopics(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleDeleteTopics(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleCreatePartitions(BrokerContext&, const RequestHeader&, Reader&,
                                              Writer&);
std::optional<Pending> HandleDeleteRecords(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleInitProducerId(BrokerContext&, const RequestHeader&, Reader&,
                                            Writer&);
std::optional<Pending> HandleOffsetForLeaderEpoch(BrokerContext&, const RequestHeader&, Reader&,
                                                  Writer&);
std::optional<Pending> HandleDescribeConfigs(BrokerContext&, const RequestHeader&, Reader&,
                                             Writer&);
std::optional<Pending> HandleAlterConfigs(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleIncrementalAlterConfigs(BrokerContext&, const RequestHeader&, Reader&,
                                                     Writer&);
std::optional<Pending> HandleDescribeCluster(BrokerContext&, const RequestHeader&, Reader&,
                                             Writer&);
// Group APIs (connectors/broker/groups/).
std::optional<Pending> HandleFindCoordinator(BrokerContext&, const RequestHeader&, Reader&,
                                             Writer&);
std::optional<Pending> HandleJoinGroup(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleSyncGroup(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleHeartbeat(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleLeaveGroup(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleOffsetCommit(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleOffsetFetch(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleListGroups(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleDescribeGroups(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleDeleteGroups(BrokerContext&, const RequestHeader&, Reader&, Writer&);
std::optional<Pending> HandleOffsetDelete(BrokerContext&, const RequestHeader&, Reader&, Writer&);

}  // namespace riffle::broker
