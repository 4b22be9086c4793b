#include "connectors/registry/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <mutex>

#include "core/common/error.h"

namespace riffle::registry {

namespace {

void InitCurlOnce() {
  // curl_global_init is not safe to race with other libcurl calls; once per process.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct BodySink {
  std::string* body;
  bool too_long = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  size_t bytes = size * count;
  if (sink->body->size() + bytes > kMaxHttpResponseBytes) {
    sink->too_long = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

[[noreturn]] void ThrowHttp(const std::string& why) {
  throw RiffleError(ErrorKind::kConnector, why);
}

}  // namespace

HttpResponse HttpCall(const HttpRequest& request) {
  InitCurlOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) ThrowHttp("libcurl could not start a request");
  CURL* h = curl.get();
  HttpResponse response;
  BodySink sink{&response.body};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  // Signals would interrupt other threads' calls; timeouts then rely on the threaded resolver.
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout_ms));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  std::string user, password;
  if (!request.user_info.empty()) {
    size_t colon = request.user_info.find(':');
    user = request.user_info.substr(0, colon);
    password = colon == std::string::npos ? "" : request.user_info.substr(colon + 1);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password.c_str());
  }
  curl_slist* raw_headers = nullptr;
  if (!request.accept.empty()) {
    raw_headers = curl_slist_append(raw_headers, ("Accept: " + request.accept).c_str());
  }
  if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    raw_headers = curl_slist_append(raw_headers, ("Content-Type: " + request.content_type).c_str());
  }
  std::unique_ptr<curl_slist, HeaderListDeleter> headers(raw_headers);
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  CURLcode code = curl_easy_perform(h);
  if (sink.too_long) {
    ThrowHttp("the response is longer than " + std::to_string(kMaxHttpResponseBytes >> 20) +
              " MiB");
  }
  if (code != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT) {
      why = "no answer within " + std::to_string(request.timeout_ms) + " ms (" + why + ")";
    }
    ThrowHttp(why);
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string UrlEncodePathSegment(const std::string& text) {
  std::string out;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace riffle::registry
