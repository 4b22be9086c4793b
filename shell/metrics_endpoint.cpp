#include "shell/metrics_endpoint.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "connectors/broker/local_broker.h"

namespace riffle::shell {
namespace {

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string LabelValue(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * sysconf(_SC_PAGESIZE);
}

class Exposition {
 public:
  // One metric family: its HELP and TYPE lines, then a sample per job that has a value.
  template <typename Value>
  void Family(const std::string& name, const char* type, const std::string& help,
              const std::vector<JobStatus>& jobs, Value value) {
    text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    for (const JobStatus& job : jobs) {
      std::optional<double> v = value(job);
      if (v) Sample(name + "{job=\"" + LabelValue(job.id) + "\"}", *v);
    }
  }
  void Single(const std::string& name, const char* type, const std::string& help, double v) {
    text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    Sample(name, v);
  }
  void Sample(const std::string& series, double v) {
    text_ += series + " " + fmt::format("{}", v) + "\n";  // the shortest exact form
  }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

}  // namespace

std::string RenderPrometheus(const std::vector<JobStatus>& jobs) {
  Exposition e;
  e.Single("riffle_up", "gauge", "1 while riffle runs.", 1);
  e.Single("riffle_process_resident_memory_bytes", "gauge", "Resident memory of the process.",
           static_cast<double>(ResidentBytes()));
  // The state as a label, one series per job valued 1 (Prometheus' way for an enumeration).
  e.text() += "# HELP riffle_job_info A job: its kind, sink and state (RUNNING, PAUSED, FAILED, "
              "UNREACHABLE).\n"
              "# TYPE riffle_job_info gauge\n";
  for (const JobStatus& job : jobs) {
    e.Sample("riffle_job_info{job=\"" + LabelValue(job.id) + "\",kind=\"" + LabelValue(job.kind) +
                 "\",sink=\"" + LabelValue(job.sink) + "\",state=\"" + LabelValue(job.state) +
                 "\"}",
             1);
  }
  auto counter = [](int64_t JobStatus::*field) {
    return [field](const JobStatus& j) -> std::optional<double> {
      if (!j.running) return std::nullopt;
      return static_cast<double>(j.*field);
    };
  };
  e.Family("riffle_job_running", "gauge", "1 when the job runs in this process.", jobs,
           [](const JobStatus& j) -> std::optional<double> { return j.running ? 1 : 0; });
  e.Family("riffle_job_records_in_total", "counter", "Records read from the sources.", jobs,
           counter(&JobStatus::records_in));
  e.Family("riffle_job_records_out_total", "counter", "Rows written to the sink.", jobs,
           counter(&JobStatus::records_out));
  e.Family("riffle_job_bad_records_total", "counter",
           "Records that failed to decode or evaluate (see the processing log).", jobs,
           counter(&JobStatus::bad_records));
  e.Family("riffle_job_late_records_total", "counter",
           "Records dropped by windows as later than their grace period.", jobs,
           counter(&JobStatus::late_records));
  e.Family("riffle_job_skipped_offsets_total", "counter",
           "Source offsets never read: deleted before the job got there, or a re-created topic.",
           jobs, counter(&JobStatus::skipped_offsets));
  e.Family("riffle_job_state_bytes", "gauge", "Operator state held in memory.", jobs,
           counter(&JobStatus::state_bytes));
  e.Family("riffle_job_lag_records", "gauge", "Records in the sources not read yet.", jobs,
           [](const JobStatus& j) -> std::optional<double> {
             if (!j.running || !j.lag) return std::nullopt;
             return static_cast<double>(*j.lag);
           });
  e.Family("riffle_job_broker_reachable", "gauge",
           "1 when the job reaches its Kafka cluster, 0 while every broker is down.", jobs,
           [](const JobStatus& j) -> std::optional<double> {
             if (!j.running) return std::nullopt;
             return j.broker.reachable ? 1 : 0;
           });
  e.Family("riffle_job_broker_unreachable_since_seconds", "gauge",
           "When the job's current outage began (Unix time), while it cannot reach Kafka.", jobs,
           [](const JobStatus& j) -> std::optional<double> {
             if (!j.running || j.broker.reachable) return std::nullopt;
             return static_cast<double>(j.broker.since_ms) / 1000;
           });
  e.Family("riffle_job_uptime_seconds", "gauge", "Time since the job started in this process.",
           jobs, [](const JobStatus& j) -> std::optional<double> {
             if (!j.running) return std::nullopt;
             return static_cast<double>(j.uptime_ms) / 1000;
           });
  return std::move(e.text());
}

std::unique_ptr<MetricsEndpoint> MetricsEndpoint::Start(const std::string& listen,
                                                        std::function<std::string()> render) {
  std::string host;
  int port = 0;
  if (!broker::ParseListenAddress(listen, &host, &port)) {
    throw std::runtime_error("--metrics needs HOST:PORT, not '" + listen + "'");
  }
  if (host == "localhost") host = "127.0.0.1";
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->render_ = std::move(render);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("metrics: socket: ") + strerror(errno));
  endpoint->listen_fd_ = fd;  // closed by the destructor from here on
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    throw std::runtime_error("--metrics needs an IPv4 address, not '" + host + "'");
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    throw std::runtime_error("metrics: cannot listen on " + listen + ": " + strerror(errno));
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  endpoint->address_ = host + ":" + std::to_string(ntohs(addr.sin_port));
  endpoint->thread_ = std::thread([e = endpoint.get()] { e->Serve(); });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

void MetricsEndpoint::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;  // wakes to see stop_
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Answer(fd);
    close(fd);
  }
}

void MetricsEndpoint::Answer(int fd) {
  // The request line is all that matters; a client that sends nothing within 2 s is dropped, so a
  // stuck scraper cannot hold the endpoint.
  std::string request;
  char buf[1024];
  while (request.find("\r\n") == std::string::npos && request.size() < 8192) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    request.append(buf, static_cast<size_t>(n));
  }
  bool metrics = request.rfind("GET /metrics ", 0) == 0 || request.rfind("GET / ", 0) == 0;
  std::string body;
  std::string status = "200 OK";
  if (!metrics) {
    status = "404 Not Found";
    body = "riffle serves GET /metrics\n";
  } else {
    try {
      body = render_();
    } catch (const std::exception& e) {
      status = "500 Internal Server Error";
      body = std::string("cannot read the jobs' status: ") + e.what() + "\n";
    }
  }
  std::string response = "HTTP/1.1 " + status +
                         "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8"
                         "\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  size_t sent = 0;
  while (sent < response.size()) {
    ssize_t n = send(fd, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace riffle::shell
