// `riffle run --metrics`: the exposition text and the HTTP endpoint serving it.

#include "shell/metrics_endpoint.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <sstream>

namespace riffle::shell {
namespace {

JobStatus RunningJob() {
  JobStatus j;
  j.id = "CSAS_BIG_1";
  j.kind = "CSAS";
  j.sink = "BIG";
  j.state = "RUNNING";
  j.running = true;
  j.records_in = 1200;
  j.records_out = 300;
  j.bad_records = 2;
  j.late_records = 5;
  j.skipped_offsets = 7;
  j.state_bytes = 4096;
  j.lag = 42;
  j.uptime_ms = 1500;
  return j;
}

// Every line is a comment (# HELP / # TYPE) or `name{labels} value`, as the text format wants.
TEST(MetricsEndpoint, EveryLineIsValidExposition) {
  JobStatus other;
  other.id = "INSERTQUERY_\"2\"";  // a quote in a label value is escaped
  other.kind = "INSERT";
  other.sink = "S";
  other.state = "PAUSED";
  std::string text = RenderPrometheus({RunningJob(), other});
  const std::regex kComment(R"(# (HELP|TYPE) [a-z_]+ .+)");
  const std::regex kSample(R"([a-z_]+(\{([a-z]+="([^"\\]|\\.)*",?)+\})? -?[0-9.e+]+)");
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    bool comment = std::regex_match(line, kComment);
    bool sample = std::regex_match(line, kSample);
    EXPECT_TRUE(comment || sample) << line;
    samples += sample;
  }
  EXPECT_GT(samples, 10);
  EXPECT_NE(text.find("job=\"INSERTQUERY_\\\"2\\\"\""), std::string::npos) << text;
}

TEST(MetricsEndpoint, RunningJobsHaveTheirCountersOthersOnlyTheirState) {
  JobStatus paused_elsewhere;
  paused_elsewhere.id = "CTAS_T_2";
  paused_elsewhere.kind = "CTAS";
  paused_elsewhere.sink = "T";
  paused_elsewhere.state = "PAUSED";
  std::string text = RenderPrometheus({RunningJob(), paused_elsewhere});
  for (const char* expected :
       {"riffle_up 1\n",
        "riffle_job_info{job=\"CSAS_BIG_1\",kind=\"CSAS\",sink=\"BIG\",state=\"RUNNING\"} 1\n",
        "riffle_job_info{job=\"CTAS_T_2\",kind=\"CTAS\",sink=\"T\",state=\"PAUSED\"} 1\n",
        "riffle_job_running{job=\"CTAS_T_2\"} 0\n",
        "riffle_job_records_in_total{job=\"CSAS_BIG_1\"} 1200\n",
        "riffle_job_records_out_total{job=\"CSAS_BIG_1\"} 300\n",
        "riffle_job_bad_records_total{job=\"CSAS_BIG_1\"} 2\n",
        "riffle_job_late_records_total{job=\"CSAS_BIG_1\"} 5\n",
        "riffle_job_skipped_offsets_total{job=\"CSAS_BIG_1\"} 7\n",
        "riffle_job_state_bytes{job=\"CSAS_BIG_1\"} 4096\n",
        "riffle_job_lag_records{job=\"CSAS_BIG_1\"} 42\n",
        "riffle_job_uptime_seconds{job=\"CSAS_BIG_1\"} 1.5\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\nin:\n" << text;
  }
  EXPECT_EQ(text.find("riffle_job_records_in_total{job=\"CTAS_T_2\"}"), std::string::npos);
  EXPECT_NE(text.find("riffle_process_resident_memory_bytes "), std::string::npos);
}

// Sends `request` to `address` and returns the whole response.
std::string Get(const std::string& address, const std::string& request) {
  size_t colon = address.rfind(':');
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
  inet_pton(AF_INET, address.substr(0, colon).c_str(), &addr.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "connect failed";
  }
  send(fd, request.data(), request.size(), 0);
  std::string response;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) response.append(buf, static_cast<size_t>(n));
  close(fd);
  return response;
}

TEST(MetricsEndpoint, ServesMetricsOnItsPathOnly) {
  int renders = 0;
  auto endpoint = MetricsEndpoint::Start("127.0.0.1:0", [&] {
    ++renders;
    return std::string("riffle_up 1\n");
  });
  std::string ok = Get(endpoint->address(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ok.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << ok;
  EXPECT_NE(ok.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << ok;
  EXPECT_NE(ok.find("\r\n\r\nriffle_up 1\n"), std::string::npos) << ok;
  std::string missing = Get(endpoint->address(), "GET /other HTTP/1.1\r\n\r\n");
  EXPECT_EQ(missing.rfind("HTTP/1.1 404", 0), 0u) << missing;
  EXPECT_EQ(renders, 1);
}

TEST(MetricsEndpoint, ABadAddressIsRefused) {
  EXPECT_THROW(MetricsEndpoint::Start("nowhere", [] { return std::string(); }),
               std::runtime_error);
  auto first = MetricsEndpoint::Start("127.0.0.1:0", [] { return std::string(); });
  EXPECT_THROW(MetricsEndpoint::Start(first->address(), [] { return std::string(); }),
               std::runtime_error);
}

}  // namespace
}  // namespace riffle::shell
