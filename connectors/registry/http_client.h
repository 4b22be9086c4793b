#pragma once
// A small blocking HTTP client over libcurl, for the Schema Registry's REST API. libcurl brings
// what a hand-written client would lack: TLS with the system's CA store, basic auth, the
// http(s)_proxy / no_proxy variables, redirects (credentials are not forwarded to another host).
//
// Thread safety: HttpCall may be called from any thread at once; each call uses its own handle.

#include <string>

namespace riffle::registry {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;             // http:// or https://, without user info
  std::string body;            // POST only
  std::string content_type;    // POST only
  std::string accept;          // the Accept header; empty: none
  std::string user_info;       // "user:password" for basic auth; empty: none. A secret.
  int timeout_ms = 10000;      // the whole exchange, connecting included
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

// The biggest response body HttpCall keeps; a longer one is an error (a schema is far smaller).
inline constexpr size_t kMaxHttpResponseBytes = 16 << 20;

// Sends `request` and returns the response, whatever its status. Throws RiffleError(kConnector)
// when no response came (refused, unresolvable host, TLS failure, timeout, body too long): the
// message says why (libcurl's words), never the user info.
HttpResponse HttpCall(const HttpRequest& request);

// `text` percent-encoded for a URL path segment.
std::string UrlEncodePathSegment(const std::string& text);

}  // namespace riffle::registry
