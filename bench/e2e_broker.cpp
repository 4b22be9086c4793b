// End-to-end: riffle's local broker beside librdkafka 2.0.2's mock cluster, one run, one core
// each. The bench forks; the child runs the broker (LocalBroker::Start, or
// rd_kafka_mock_cluster_new with one broker) pinned to one core, the parent runs a plain
// librdkafka producer, then a plain librdkafka consumer, pinned to the other core. CPU time of
// the broker process (and of its busiest thread) is read from /proc for each phase.
//
// Usage:
//   riffle-bench-e2e-broker [--records N] [--partitions P] [--size BYTES] [--peers riffle,mock]
//                           [--warmup N]
//   riffle-bench-e2e-broker --startup [--gb 2] [--runs 21] [--riffle PATH] [--keep DIR]
//
// Throughput: every record has a 200-byte value whose first 12 characters are its sequence
// number; the consumer marks each in a bitmap, so "lost" and "duplicated" are counted, not
// inferred. The mock keeps only ~5 MiB per partition (older message sets are dropped), so by
// default the topic gets enough partitions for it to keep everything (about 4 MB each), and
// record i goes to partition i * P / N: each partition gets one contiguous run, so the producer
// still fills whole batches. Produce time runs from the first produce call to the last delivery
// report; consume time from assign() to the last record (not to the partition EOFs, which
// arrive only after the broker's fetch.wait.max.ms on an empty fetch). --peers says which run,
// in which order: on a VM whose balloon takes freed memory back, the first to touch 2 GB of
// fresh pages pays for it and the next may reuse what the first freed, so run both orders.
// Before them, --warmup N records (default 2,000,000; 0: none) go through the first peer,
// unmeasured, so that no peer pays for the client's first heap growth. The client's Produce
// request count and round trip (from its statistics) are printed: they show whether a broker
// changed how the client batches.
//
// Startup: writes ~GB gigabytes of batches straight through LogStore into DIR/big.kafka
// (4 topics x 2 partitions, 128 MiB segments), then times, over --runs runs each: LocalBroker
// Start + Stop on an empty and on the big directory (clean shutdown before); Start after a
// `riffle broker` on the directory wrote one record and was killed with SIGKILL; the real binary
// `riffle --catalog DIR/X.db -e 'SHOW TOPICS;'` with X.kafka empty and big; and the idle RSS of
// `riffle broker` (2 s after it listens) and of the shell waiting on stdin.
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "connectors/broker/local_broker.h"
#include "connectors/broker/log/log_store.h"
#include "tests/unit/broker/batch_builder.h"

namespace fs = std::filesystem;
using riffle::broker::LocalBroker;
using riffle::broker::LocalBrokerOptions;
using riffle::broker::LogStore;
using riffle::broker::LogStoreOptions;
using riffle::broker::RecoveryReport;

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "riffle-bench-e2e-broker: %s\n", what.c_str());
  std::exit(2);
}

void PinTo(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) Die("sched_setaffinity failed");
}

std::string LoadAvg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

// CPU seconds (user + system) of a process and of each of its threads, from /proc.
struct CpuSample {
  double process = 0;
  std::map<int, std::pair<std::string, double>> threads;  // tid -> (comm, seconds)
};

double StatCpu(const std::string& path, std::string* comm) {
  std::ifstream f(path);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return 0;
  if (comm) *comm = text.substr(open + 1, close - open - 1);
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
  std::vector<std::string> fields;
  while (rest >> field) fields.push_back(field);
  if (fields.size() < 13) return 0;
  double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
}

CpuSample SampleCpu(pid_t pid) {
  CpuSample s;
  std::string base = "/proc/" + std::to_string(pid);
  s.process = StatCpu(base + "/stat", nullptr);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(base + "/task", ec)) {
    std::string comm;
    double cpu = StatCpu(e.path().string() + "/stat", &comm);
    s.threads[std::stoi(e.path().filename().string())] = {comm, cpu};
  }
  return s;
}

// Process CPU delta, and the busiest thread's name and delta.
struct CpuDelta {
  double process = 0;
  std::string top_thread;
  double top = 0;
  std::string threads;  // Every thread's delta, with BENCH_THREADS set.
};

CpuDelta Delta(const CpuSample& a, const CpuSample& b) {
  CpuDelta d;
  d.process = b.process - a.process;
  for (const auto& [tid, t] : b.threads) {
    auto it = a.threads.find(tid);
    double v = t.second - (it == a.threads.end() ? 0 : it->second.second);
    if (v > d.top) {
      d.top = v;
      d.top_thread = t.first;
    }
    if (getenv("BENCH_THREADS") != nullptr && v >= 0.01) {
      char line[96];
      std::snprintf(line, sizeof line, " %s=%.2f", t.first.c_str(), v);
      d.threads += line;
    }
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Throughput

struct ThroughputConfig {
  int64_t records = 10'000'000;
  int partitions = 0;  // 0: enough for the mock to keep every record (KeepAllPartitions).
  int size = 200;
  std::vector<std::string> peers = {"riffle", "mock"};
};

struct PhaseResult {
  double seconds = 0;
  int64_t records = 0;
  int64_t bytes = 0;
  CpuDelta cpu;
  CpuDelta client;  // This process: the librdkafka client, the same code for both peers.
  // Produce only, from the client's statistics: how the client batched against this broker.
  int64_t produce_requests = 0;
  double rtt_avg_us = 0;  // Request round trip, librdkafka's last statistics window.
};

struct RunResult {
  std::string name;
  PhaseResult produce, consume;
  int64_t kept = 0;       // Sum over partitions of high - low watermark after producing.
  int64_t delivered = 0;  // Delivery reports without error.
  int64_t failed = 0;     // Delivery reports with an error.
  int64_t lost = 0;       // Produced, acknowledged and not consumed (riffle: must be 0).
  int64_t duplicates = 0;
  int64_t first_missing = -1;
};

constexpr const char* kTopic = "bench";

// The mock drops a partition's oldest message sets past 5 MiB; 4 MB of values (plus ~15 bytes
// of record overhead each) stays under that.
int KeepAllPartitions(const ThroughputConfig& cfg) {
  const int64_t per_partition = 4'000'000;
  return static_cast<int>(
      std::max<int64_t>(1, (cfg.records * cfg.size + per_partition - 1) / per_partition));
}

int32_t PartitionOf(int64_t seq, const ThroughputConfig& cfg) {
  return static_cast<int32_t>(seq * cfg.partitions / cfg.records);
}

void Set(rd_kafka_conf_t* conf, const char* key, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    Die(std::string(key) + ": " + err);
  }
}

// riffle's broker on a fresh `dir` holding the topic.
std::unique_ptr<LocalBroker> StartRiffle(const ThroughputConfig& cfg, const std::string& dir) {
  {
    RecoveryReport report;
    auto log = LogStore::Open(dir, LogStoreOptions{}, &report);
    std::string message;
    if (log->CreateTopic(kTopic, cfg.partitions, {}, false, &message) !=
        riffle::broker::ErrorCode::kNone) {
      Die("CreateTopic: " + message);
    }
    log->Close();
  }
  LocalBrokerOptions options;
  options.data_dir = dir;
  options.port = 0;
  return LocalBroker::Start(options);
}

// The mock cluster, one broker, holding the topic. Returns its address.
std::string StartMock(const ThroughputConfig& cfg) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Set(conf, "log_level", "3");  // This handle only hosts the mock: no bootstrap warning.
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) Die(err);
  rd_kafka_mock_cluster_t* mock = rd_kafka_mock_cluster_new(rk, 1);
  if (mock == nullptr) Die("rd_kafka_mock_cluster_new failed");
  if (rd_kafka_mock_topic_create(mock, kTopic, cfg.partitions, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Die("rd_kafka_mock_topic_create failed");
  }
  return rd_kafka_mock_cluster_bootstraps(mock);
}

// Child side: runs a broker until the parent closes `stop_fd`. Writes "host:port\n" to `out_fd`.
[[noreturn]] void RunBrokerChild(const std::string& kind, const ThroughputConfig& cfg,
                                 const std::string& dir, int out_fd, int stop_fd) {
  PinTo(0);
  std::unique_ptr<LocalBroker> broker;
  std::string bootstrap;
  if (kind == "riffle") {
    broker = StartRiffle(cfg, dir);
    bootstrap = broker->bootstrap();
  } else {
    bootstrap = StartMock(cfg);
  }
  std::string line = bootstrap + "\n";
  if (write(out_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) Die("write");
  char c;
  while (read(stop_fd, &c, 1) > 0) {
  }
  if (broker) broker->Stop();
  // The mock's destroy can wait ~1 s for its thread (see RESULTS.md): leave it to the OS.
  _exit(0);
}

struct DeliveryCounts {
  int64_t ok = 0;
  int64_t failed = 0;
  std::string first_error;
  // The client's last statistics JSON (statistics.interval.ms): how many Produce requests it
  // sent. A broker that answers sooner can make the client send more, smaller requests.
  std::string last_stats;
  int stats_seen = 0;
};

int OnStats(rd_kafka_t*, char* json, size_t len, void* opaque) {
  auto* counts = static_cast<DeliveryCounts*>(opaque);
  counts->last_stats.assign(json, len);
  ++counts->stats_seen;
  return 0;  // librdkafka frees the JSON.
}

// Produce requests sent to real brokers (not the bootstrap entry) and their mean round trip.
void ReadProduceStats(const std::string& json, PhaseResult* r) {
  nlohmann::json stats = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!stats.is_object() || !stats.contains("brokers")) return;
  double rtt_sum = 0;
  int rtt_brokers = 0;
  for (const auto& [name, broker] : stats["brokers"].items()) {
    if (broker.value("nodeid", -1) < 0) continue;
    if (broker.contains("req")) r->produce_requests += broker["req"].value("Produce", int64_t{0});
    if (broker.contains("rtt") && broker["rtt"].value("cnt", 0) > 0) {
      rtt_sum += broker["rtt"].value("avg", 0.0);
      ++rtt_brokers;
    }
  }
  if (rtt_brokers > 0) r->rtt_avg_us = rtt_sum / rtt_brokers;
}

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* counts = static_cast<DeliveryCounts*>(opaque);
  if (m->err) {
    if (counts->failed++ == 0) counts->first_error = rd_kafka_err2str(m->err);
  } else {
    ++counts->ok;
  }
}

// The producer settings, stated in RESULTS.md: acks=all, everything else librdkafka 2.0.2's
// defaults (linger.ms=5, batch.size=1000000, batch.num.messages=10000, compression none,
// idempotence off, queue.buffering.max.messages=100000).
PhaseResult Produce(const std::string& bootstrap, const ThroughputConfig& cfg, pid_t broker,
                    DeliveryCounts* counts) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Set(conf, "bootstrap.servers", bootstrap);
  Set(conf, "acks", "all");
  Set(conf, "statistics.interval.ms", "500");
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_stats_cb(conf, OnStats);
  rd_kafka_conf_set_opaque(conf, counts);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) Die(err);
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk, kTopic, nullptr);
  std::string value(static_cast<size_t>(cfg.size), 'x');
  // Connect and fetch metadata before the clock starts.
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 0, topic, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) Die("metadata");
  rd_kafka_metadata_destroy(md);

  PhaseResult r;
  CpuSample before = SampleCpu(broker);
  CpuSample client_before = SampleCpu(getpid());
  auto t0 = Clock::now();
  for (int64_t i = 0; i < cfg.records; ++i) {
    char seq[24];
    std::snprintf(seq, sizeof seq, "%012lld", static_cast<long long>(i));
    std::memcpy(value.data(), seq, 12);
    int32_t partition = PartitionOf(i, cfg);
    while (rd_kafka_produce(topic, partition, RD_KAFKA_MSG_F_COPY, value.data(), value.size(),
                            nullptr, 0, nullptr) != 0) {
      if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) Die("produce failed");
      rd_kafka_poll(rk, 10);
    }
    rd_kafka_poll(rk, 0);
  }
  while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 50);
  r.seconds = Seconds(t0);
  r.cpu = Delta(before, SampleCpu(broker));
  r.client = Delta(client_before, SampleCpu(getpid()));
  if (!r.client.threads.empty()) std::printf("client threads producing:%s\n", r.client.threads.c_str());
  r.records = cfg.records;
  r.bytes = cfg.records * cfg.size;
  // Outside the timed window: one more statistics report, which counts every request sent.
  const int seen = counts->stats_seen;
  for (int i = 0; i < 30 && counts->stats_seen == seen; ++i) rd_kafka_poll(rk, 50);
  ReadProduceStats(counts->last_stats, &r);
  rd_kafka_topic_destroy(topic);
  rd_kafka_destroy(rk);
  return r;
}

// Consumer: assign() every partition from the beginning; queued.min.messages raised (DESIGN.md:
// ~250K/s with the default), enable.partition.eof to know when it is done.
rd_kafka_t* NewConsumer(const std::string& bootstrap) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Set(conf, "bootstrap.servers", bootstrap);
  Set(conf, "group.id", "bench");
  Set(conf, "enable.auto.commit", "false");
  Set(conf, "enable.auto.offset.store", "false");
  Set(conf, "enable.partition.eof", "true");
  Set(conf, "auto.offset.reset", "earliest");
  Set(conf, "queued.min.messages", "1000000");
  if (getenv("BENCH_DEBUG")) Set(conf, "debug", getenv("BENCH_DEBUG"));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (rk == nullptr) Die(err);
  rd_kafka_poll_set_consumer(rk);
  return rk;
}

// Sum over partitions of high - low watermark: what the broker kept.
int64_t KeptRecords(rd_kafka_t* rk, int partitions) {
  int64_t kept = 0;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    if (rd_kafka_query_watermark_offsets(rk, kTopic, p, &low, &high, 10000) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      Die("query_watermark_offsets");
    }
    kept += high - low;
  }
  return kept;
}

// The sequence number in a record's first 12 bytes, or -1.
int64_t SeqOf(const rd_kafka_message_t* m) {
  if (m->len < 12) return -1;
  char digits[13];
  std::memcpy(digits, m->payload, 12);
  digits[12] = '\0';
  return std::atoll(digits);
}

// Marks each record's sequence number in `seen` (counting repeats) until every partition
// reported EOF. Returns when the last record arrived.
Clock::time_point ConsumeAll(rd_kafka_t* rk, const ThroughputConfig& cfg,
                             std::vector<uint8_t>* seen, PhaseResult* r, RunResult* run) {
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk);
  std::vector<rd_kafka_message_t*> batch(10000);
  Clock::time_point last = Clock::now();
  int eofs = 0;
  while (eofs < cfg.partitions) {
    // A short wait: the call holds a partial batch until it fills or the wait ends, which
    // would delay the last records' arrival time by up to the wait.
    ssize_t n = rd_kafka_consume_batch_queue(queue, 10, batch.data(), batch.size());
    if (n < 0) Die("consume_batch_queue");
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = batch[static_cast<size_t>(i)];
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        ++eofs;
      } else if (m->err) {
        std::fprintf(stderr, "consume error: %s\n", rd_kafka_message_errstr(m));
      } else {
        last = Clock::now();
        ++r->records;
        r->bytes += static_cast<int64_t>(m->len);
        int64_t seq = SeqOf(m);
        if (seq >= 0 && seq < cfg.records && (*seen)[static_cast<size_t>(seq)]++) {
          ++run->duplicates;
        }
      }
      rd_kafka_message_destroy(m);
    }
  }
  rd_kafka_queue_destroy(queue);
  return last;
}

PhaseResult Consume(const std::string& bootstrap, const ThroughputConfig& cfg, pid_t broker,
                    RunResult* run) {
  rd_kafka_t* rk = NewConsumer(bootstrap);
  run->kept = KeptRecords(rk, cfg.partitions);
  // Leaders known before assign(): otherwise librdkafka retries the offset lookup 500 ms later.
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk, kTopic, nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 0, topic, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) Die("metadata");
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(topic);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(cfg.partitions);
  for (int p = 0; p < cfg.partitions; ++p) {
    rd_kafka_topic_partition_list_add(parts, kTopic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  std::vector<uint8_t> seen(static_cast<size_t>(cfg.records), 0);
  PhaseResult r;
  CpuSample before = SampleCpu(broker);
  CpuSample client_before = SampleCpu(getpid());
  auto t0 = Clock::now();
  rd_kafka_assign(rk, parts);
  auto last = ConsumeAll(rk, cfg, &seen, &r, run);
  r.seconds = std::chrono::duration<double>(last - t0).count();
  r.cpu = Delta(before, SampleCpu(broker));
  r.client = Delta(client_before, SampleCpu(getpid()));
  for (int64_t i = 0; i < cfg.records; ++i) {
    if (seen[static_cast<size_t>(i)]) continue;
    if (run->first_missing < 0) run->first_missing = i;
    ++run->lost;
  }
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return r;
}

RunResult RunOne(const std::string& kind, const ThroughputConfig& cfg) {
  std::string dir =
      (fs::temp_directory_path() / ("riffle-bench-broker-" + std::to_string(getpid()) + "-" + kind))
          .string();
  fs::remove_all(dir);
  int to_parent[2], to_child[2];
  if (pipe(to_parent) != 0 || pipe(to_child) != 0) Die("pipe");
  pid_t child = fork();
  if (child < 0) Die("fork");
  if (child == 0) {
    close(to_parent[0]);
    close(to_child[1]);
    RunBrokerChild(kind, cfg, dir, to_parent[1], to_child[0]);
  }
  close(to_parent[1]);
  close(to_child[0]);
  std::string bootstrap;
  char c;
  while (read(to_parent[0], &c, 1) == 1 && c != '\n') bootstrap += c;
  if (bootstrap.empty()) Die(kind + " broker did not start");

  RunResult run;
  run.name = kind == "riffle" ? "riffle LocalBroker" : "librdkafka mock";
  DeliveryCounts counts;
  run.produce = Produce(bootstrap, cfg, child, &counts);
  run.delivered = counts.ok;
  run.failed = counts.failed;
  if (counts.failed)
    std::fprintf(stderr, "%s: %lld delivery failures, first: %s\n", kind.c_str(),
                 static_cast<long long>(counts.failed), counts.first_error.c_str());
  run.consume = Consume(bootstrap, cfg, child, &run);
  if (run.lost)
    std::fprintf(stderr, "%s: %lld records not consumed, first: %lld\n", kind.c_str(),
                 static_cast<long long>(run.lost), static_cast<long long>(run.first_missing));
  close(to_child[1]);
  int status = 0;
  waitpid(child, &status, 0);
  close(to_parent[0]);
  fs::remove_all(dir);
  return run;
}

void PrintThroughput(const ThroughputConfig& cfg, const std::vector<RunResult>& runs) {
  std::printf(
      "\n%lld records of %d bytes, %d partition(s); broker pinned to cpu 0, clients to "
      "cpu 1\n\n",
      static_cast<long long>(cfg.records), cfg.size, cfg.partitions);
  std::printf(
      "| broker | phase | records | seconds | msg/s | MB/s | broker CPU s (busiest thread) "
      "| client CPU s (busiest thread) |\n|:---|:---|---:|---:|---:|---:|---:|---:|\n");
  for (const RunResult& r : runs) {
    for (int i = 0; i < 2; ++i) {
      const PhaseResult& p = i == 0 ? r.produce : r.consume;
      std::printf("| %s | %s | %lld | %.2f | %.0fK | %.1f | %.2f (%s %.2f) | %.2f (%s %.2f) |\n",
                  r.name.c_str(), i == 0 ? "produce" : "consume",
                  static_cast<long long>(p.records), p.seconds, p.records / p.seconds / 1000,
                  p.bytes / p.seconds / 1e6, p.cpu.process, p.cpu.top_thread.c_str(), p.cpu.top,
                  p.client.process, p.client.top_thread.c_str(), p.client.top);
    }
  }
  std::printf(
      "\n| broker | acknowledged | failed | kept (high - low) | consumed | lost | "
      "duplicates |\n|:---|---:|---:|---:|---:|---:|---:|\n");
  for (const RunResult& r : runs) {
    std::printf("| %s | %lld | %lld | %lld | %lld | %lld | %lld |\n", r.name.c_str(),
                static_cast<long long>(r.delivered), static_cast<long long>(r.failed),
                static_cast<long long>(r.kept), static_cast<long long>(r.consume.records),
                static_cast<long long>(r.lost), static_cast<long long>(r.duplicates));
  }
  std::printf(
      "\n| broker | client's Produce requests | records per request | round trip (last 0.5 s) "
      "|\n|:---|---:|---:|---:|\n");
  for (const RunResult& r : runs) {
    const PhaseResult& p = r.produce;
    std::printf("| %s | %lld | %.0f | %.2f ms |\n", r.name.c_str(),
                static_cast<long long>(p.produce_requests),
                p.produce_requests > 0 ? static_cast<double>(p.records) / p.produce_requests : 0.0,
                p.rtt_avg_us / 1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Startup and idle memory

// Fills `dir` with about `bytes` of 200-byte records: 4 topics x 2 partitions, batches of 1,000.
void FillLog(const std::string& dir, int64_t bytes) {
  RecoveryReport report;
  auto log = LogStore::Open(dir, LogStoreOptions{}, &report);
  std::vector<riffle::broker::testing::TestRecord> records(1000);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].value = std::string(200, static_cast<char>('a' + i % 26));
    records[i].timestamp = 1'700'000'000'000LL + static_cast<int64_t>(i);
  }
  const std::string batch = riffle::broker::testing::BuildBatch(records);
  std::string message;
  for (int t = 0; t < 4; ++t) {
    if (log->CreateTopic("topic" + std::to_string(t), 2, {}, false, &message) !=
        riffle::broker::ErrorCode::kNone) {
      Die("CreateTopic: " + message);
    }
  }
  int64_t written = 0;
  for (int64_t i = 0; written < bytes; ++i) {
    auto r =
        log->Append("topic" + std::to_string(i % 8 / 2), static_cast<int32_t>(i % 2), batch, 0);
    if (r.error != riffle::broker::ErrorCode::kNone) Die("Append: " + r.error_message);
    written += static_cast<int64_t>(batch.size());
  }
  log->Close();
}

// The q-quantile (nearest rank) of `v`.
double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

double Median(const std::vector<double>& v) { return Quantile(v, 0.5); }

// "median / p90 / max".
std::string Stats(const std::vector<double>& ms) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.1f / %.1f / %.1f", Median(ms), Quantile(ms, 0.9),
                Quantile(ms, 1.0));
  return buf;
}

// Starts and stops a LocalBroker on `dir`; returns the Start time in ms (Stop in *stop_ms).
double TimeStart(const std::string& dir, double* stop_ms) {
  LocalBrokerOptions options;
  options.data_dir = dir;
  options.port = 0;
  auto t0 = Clock::now();
  auto broker = LocalBroker::Start(options);
  double start_ms = Seconds(t0) * 1000;
  t0 = Clock::now();
  broker->Stop();
  *stop_ms = Seconds(t0) * 1000;
  return start_ms;
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& home, int stdin_fd,
            bool quiet) {
  pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    setenv("HOME", home.c_str(), 1);
    if (stdin_fd >= 0) dup2(stdin_fd, 0);
    if (quiet) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

double TimeCommand(const std::vector<std::string>& argv, const std::string& home) {
  auto t0 = Clock::now();
  pid_t pid = Spawn(argv, home, -1, true);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("command failed: " + argv[0]);
  return Seconds(t0) * 1000;
}

int64_t VmRssKb(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6);
  }
  return -1;
}

bool WaitForFile(const std::string& path, double seconds) {
  auto t0 = Clock::now();
  while (Seconds(t0) < seconds) {
    if (fs::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Starts `riffle broker` on `dir` and waits until it listens.
pid_t StartRiffleBroker(const std::string& riffle, const std::string& dir,
                        const std::string& home) {
  pid_t pid = Spawn({riffle, "broker", "--broker-dir", dir}, home, -1, true);
  if (!WaitForFile(dir + "/broker.address", 30)) Die("riffle broker did not start on " + dir);
  return pid;
}

void StopProcess(pid_t pid, int signal) {
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
}

// `riffle broker` on `dir`: RSS 2 s after it published its address.
int64_t BrokerIdleRss(const std::string& riffle, const std::string& dir, const std::string& home) {
  pid_t pid = StartRiffleBroker(riffle, dir, home);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int64_t rss = VmRssKb(pid);
  StopProcess(pid, SIGTERM);
  return rss;
}

// Writes one record through `riffle broker` on `dir` (so the log is no longer marked clean),
// then kills it with SIGKILL: the next Start runs recovery instead of trusting a clean close.
void CrashAfterOneWrite(const std::string& riffle, const std::string& dir,
                        const std::string& home) {
  pid_t pid = StartRiffleBroker(riffle, dir, home);
  std::ifstream f(dir + "/broker.address");
  std::string address;
  f >> address;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Set(conf, "bootstrap.servers", address);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) Die(err);
  if (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("topic0"), RD_KAFKA_V_PARTITION(0),
                        RD_KAFKA_V_VALUE(const_cast<char*>("x"), 1),
                        RD_KAFKA_V_END) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      rd_kafka_flush(rk, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Die("could not write to riffle broker at " + address);
  }
  rd_kafka_destroy(rk);
  StopProcess(pid, SIGKILL);
}

// The shell waiting for input on a pipe (non-interactive: it reads statements until EOF).
int64_t ShellIdleRss(const std::string& riffle, const std::string& catalog,
                     const std::string& home) {
  int fds[2];
  // Close-on-exec, so the shell does not inherit the write end and never sees EOF.
  if (pipe2(fds, O_CLOEXEC) != 0) Die("pipe");
  pid_t pid = Spawn({riffle, "--catalog", catalog}, home, fds[0], true);
  close(fds[0]);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int64_t rss = VmRssKb(pid);
  close(fds[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  return rss;
}

int64_t DirBytes(const std::string& dir) {
  int64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += static_cast<int64_t>(e.file_size());
  }
  return total;
}

struct StartupDirs {
  std::string root, home, empty, big;
};

// The empty and the big data directory under `root` (the big one is kept when it is there).
StartupDirs PrepareDirs(const std::string& root, double gb) {
  StartupDirs d{root, root + "/home", root + "/empty.kafka", root + "/big.kafka"};
  fs::create_directories(d.home);
  if (!fs::exists(d.big + "/topics")) {
    auto t0 = Clock::now();
    FillLog(d.big, static_cast<int64_t>(gb * 1e9));
    std::printf("filled %s: %.2f GB in %.1f s\n", d.big.c_str(), DirBytes(d.big) / 1e9,
                Seconds(t0));
  }
  RecoveryReport report;
  LogStore::Open(d.empty, LogStoreOptions{}, &report)->Close();
  std::printf("empty dir %lld bytes, big dir %.2f GB\n", static_cast<long long>(DirBytes(d.empty)),
              DirBytes(d.big) / 1e9);
  return d;
}

// LocalBroker::Start and Stop in this process, alternating empty and big; then Start after a
// `riffle broker` on the big directory wrote one record and was killed with SIGKILL.
void TimeInProcess(const StartupDirs& d, int runs, const std::string& riffle) {
  std::vector<double> empty_start, empty_stop, big_start, big_stop, unclean_start;
  double stop_ms = 0;
  TimeStart(d.empty, &stop_ms);  // Warm the page cache and the loader.
  TimeStart(d.big, &stop_ms);
  for (int i = 0; i < runs; ++i) {
    empty_start.push_back(TimeStart(d.empty, &stop_ms));
    empty_stop.push_back(stop_ms);
    big_start.push_back(TimeStart(d.big, &stop_ms));
    big_stop.push_back(stop_ms);
  }
  const int unclean_runs = std::max(3, runs / 4);
  for (int i = 0; !riffle.empty() && i < unclean_runs; ++i) {
    CrashAfterOneWrite(riffle, d.big, d.home);
    unclean_start.push_back(TimeStart(d.big, &stop_ms));
  }
  const double gb = DirBytes(d.big) / 1e9;
  std::printf("\nLocalBroker::Start / Stop in process, %d runs each, median / p90 / max ms\n\n",
              runs);
  std::printf("| data dir | Start | Stop |\n|:---|---:|---:|\n");
  std::printf("| empty | %s | %s |\n", Stats(empty_start).c_str(), Stats(empty_stop).c_str());
  std::printf("| %.2f GB, clean shutdown before | %s | %s |\n", gb, Stats(big_start).c_str(),
              Stats(big_stop).c_str());
  if (!unclean_start.empty()) {
    std::printf("| %.2f GB, after one write and kill -9 of `riffle broker` (%d runs) | %s | |\n",
                gb, unclean_runs, Stats(unclean_start).c_str());
  }
}

// The real binary, X.db beside X.kafka, empty and big alternating.
void TimeShell(const StartupDirs& d, int runs, const std::string& riffle) {
  const std::vector<std::string> empty_cmd = {riffle, "--catalog", d.root + "/empty.db", "-e",
                                              "SHOW TOPICS;"};
  const std::vector<std::string> big_cmd = {riffle, "--catalog", d.root + "/big.db", "-e",
                                            "SHOW TOPICS;"};
  for (int i = 0; i < 2; ++i) {
    TimeCommand(empty_cmd, d.home);
    TimeCommand(big_cmd, d.home);
  }
  std::vector<double> shell_empty, shell_big;
  for (int i = 0; i < runs; ++i) {
    shell_empty.push_back(TimeCommand(empty_cmd, d.home));
    shell_big.push_back(TimeCommand(big_cmd, d.home));
  }
  std::printf(
      "\n`riffle --catalog X.db -e 'SHOW TOPICS;'`, wall ms, %d runs each, median / p90 / "
      "max\n\n| X.kafka | wall |\n|:---|---:|\n",
      runs);
  std::printf("| empty | %s |\n| %.2f GB | %s |\n", Stats(shell_empty).c_str(),
              DirBytes(d.big) / 1e9, Stats(shell_big).c_str());
  std::printf("median difference: %.1f ms, p90 difference: %.1f ms\n",
              Median(shell_big) - Median(shell_empty),
              Quantile(shell_big, 0.9) - Quantile(shell_empty, 0.9));
}

void PrintIdleRss(const StartupDirs& d, const std::string& riffle) {
  int64_t rss_empty = BrokerIdleRss(riffle, d.empty, d.home);
  int64_t rss_big = BrokerIdleRss(riffle, d.big, d.home);
  int64_t shell_rss_empty = ShellIdleRss(riffle, d.root + "/empty.db", d.home);
  int64_t shell_rss_big = ShellIdleRss(riffle, d.root + "/big.db", d.home);
  std::printf("\nIdle VmRSS 2 s after start\n\n| process | empty | %.2f GB |\n|:---|---:|---:|\n",
              DirBytes(d.big) / 1e9);
  std::printf("| `riffle broker` | %.1f MB | %.1f MB |\n", rss_empty / 1024.0, rss_big / 1024.0);
  std::printf("| `riffle --catalog X.db` waiting on stdin | %.1f MB | %.1f MB |\n",
              shell_rss_empty / 1024.0, shell_rss_big / 1024.0);
}

void RunStartup(double gb, int runs, const std::string& riffle, const std::string& keep) {
  const std::string root =
      !keep.empty()
          ? keep
          : (fs::temp_directory_path() / ("riffle-bench-startup-" + std::to_string(getpid())))
                .string();
  StartupDirs d = PrepareDirs(root, gb);
  TimeInProcess(d, runs, riffle);
  if (!riffle.empty()) {
    TimeShell(d, runs, riffle);
    PrintIdleRss(d, riffle);
  }
  if (keep.empty()) fs::remove_all(root);
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  return parts;
}

std::string DefaultRiffle() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  fs::path candidate = self.parent_path().parent_path() / "riffle";
  return fs::exists(candidate) ? candidate.string() : "";
}

}  // namespace

int main(int argc, char** argv) {
  ThroughputConfig cfg;
  bool startup = false;
  double gb = 2;
  int runs = 21;
  std::string riffle = DefaultRiffle();
  std::string keep;
  int64_t warmup = 2'000'000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--records")
      cfg.records = std::stoll(next());
    else if (a == "--partitions")
      cfg.partitions = std::stoi(next());
    else if (a == "--size")
      cfg.size = std::stoi(next());
    else if (a == "--peers")
      cfg.peers = SplitCommas(next());
    else if (a == "--warmup")
      warmup = std::stoll(next());
    else if (a == "--startup")
      startup = true;
    else if (a == "--gb")
      gb = std::stod(next());
    else if (a == "--runs")
      runs = std::stoi(next());
    else if (a == "--riffle")
      riffle = next();
    else if (a == "--keep")
      keep = next();
    else
      Die("unknown argument " + a);
  }
  if (cfg.size < 12) Die("--size must be at least 12");
  if (cfg.partitions <= 0) cfg.partitions = KeepAllPartitions(cfg);
  std::printf("nproc %ld, loadavg at start %s\n", sysconf(_SC_NPROCESSORS_ONLN), LoadAvg().c_str());
  if (startup) {
    RunStartup(gb, runs, riffle, keep);
  } else {
    PinTo(1);
    if (warmup > 0) {
      // The client process is shared by every run: the first run faults in the heap the
      // producer's and the consumer's queues use, the later ones reuse it (measured: the first
      // peer's produce 10-20% slower, whichever it is). An unmeasured round first puts every
      // peer on the same footing.
      ThroughputConfig warm = cfg;
      warm.records = std::min(warmup, cfg.records);
      RunOne(cfg.peers.front(), warm);
      std::printf("warm-up: %lld records through %s, not counted\n",
                  static_cast<long long>(warm.records), cfg.peers.front().c_str());
    }
    std::vector<RunResult> results;
    for (const std::string& kind : cfg.peers) {
      if (kind != "riffle" && kind != "mock") Die("unknown peer " + kind);
      results.push_back(RunOne(kind, cfg));
      std::fflush(stdout);
    }
    PrintThroughput(cfg, results);
  }
  std::printf("\nloadavg at end %s\n", LoadAvg().c_str());
  return 0;
}
