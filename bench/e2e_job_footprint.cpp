// Per-job footprint: resident memory and threads of the process as idle background jobs are
// added (CREATE STREAM ... AS SELECT over a quiet stream), read from /proc/self/status.
// Usage: riffle-bench-e2e-job-footprint [jobs=50] [step=10]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/engine/engine.h"

using namespace riffle;

namespace {

class QuietSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { std::fprintf(stderr, "warning: %s\n", text.c_str()); }
  void Error(const std::string& text) override { std::fprintf(stderr, "%s\n", text.c_str()); }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override {}
  void EndRows(const std::string&) override {}
};

// A "Name:   value kB" field of /proc/self/status.
long StatusField(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name + ":", 0) == 0) return std::stol(line.substr(name.size() + 1));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  int jobs = argc > 1 ? std::stoi(argv[1]) : 50;
  int step = argc > 2 ? std::stoi(argv[2]) : 10;
  std::string catalog = (std::filesystem::temp_directory_path() /
                         ("riffle-footprint-" + std::to_string(getpid()) + ".db"))
                            .string();
  QuietSink sink;
  EngineOptions options;
  options.catalog_path = catalog;
  auto engine = Engine::Open(options, sink);
  engine->Execute(
      "CREATE STREAM quiet (id INT KEY, v STRING) "
      "WITH (kafka_topic='quiet', value_format='JSON', partitions=4);",
      sink, false);
  auto settle = [] { std::this_thread::sleep_for(std::chrono::seconds(2)); };
  settle();
  long base_rss = StatusField("VmRSS");
  long base_threads = StatusField("Threads");
  std::printf("jobs  rss_kb  threads  rss_per_job_kb  threads_per_job\n");
  std::printf("%4d  %6ld  %7ld  %14s  %15s\n", 0, base_rss, base_threads, "-", "-");
  for (int i = 1; i <= jobs; ++i) {
    engine->Execute("CREATE STREAM out" + std::to_string(i) + " AS SELECT id, v FROM quiet;",
                    sink, false);
    if (i % step == 0 || i == jobs) {
      settle();
      long rss = StatusField("VmRSS");
      long threads = StatusField("Threads");
      std::printf("%4d  %6ld  %7ld  %14.0f  %15.1f\n", i, rss, threads,
                  static_cast<double>(rss - base_rss) / i,
                  static_cast<double>(threads - base_threads) / i);
      std::fflush(stdout);
    }
  }
  engine.reset();
  std::filesystem::remove(catalog);
  std::filesystem::remove(catalog + "-wal");
  std::filesystem::remove(catalog + "-shm");
  return 0;
}
