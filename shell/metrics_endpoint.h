#pragma once
// `riffle run --metrics HOST:PORT`: the jobs' figures over HTTP in Prometheus' text format
// (version 0.0.4), for a scraper or `curl HOST:PORT/metrics`. Per job: state, records in and out,
// lag, bad and late records, skipped offsets, state bytes, uptime; per process: up and RSS.
//
// Threading: Start and the destructor from one thread; `render` runs on the endpoint's own thread,
// one request at a time.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/engine/job_status.h"

namespace riffle::shell {

// The exposition text for `jobs` and this process (its resident memory read from /proc).
std::string RenderPrometheus(const std::vector<JobStatus>& jobs);

class MetricsEndpoint {
 public:
  // Listens on `listen` ("HOST:PORT"; port 0 picks one) and serves GET /metrics with `render`'s
  // text; any other path is 404. Throws std::runtime_error when the address cannot be used.
  static std::unique_ptr<MetricsEndpoint> Start(const std::string& listen,
                                                std::function<std::string()> render);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // "HOST:PORT" actually bound.
  const std::string& address() const { return address_; }

 private:
  MetricsEndpoint() = default;
  void Serve();
  void Answer(int fd);

  int listen_fd_ = -1;
  std::string address_;
  std::function<std::string()> render_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace riffle::shell
