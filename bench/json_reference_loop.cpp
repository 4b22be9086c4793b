// The hand-written reference for workload (a) of bench/compare/compare.py: what the same
// filter and projection cost in a plain simdjson on-demand loop, without a SQL engine around it.
// Reads newline-delimited bids in 4 MiB chunks (iterate_many over the whole lines of each
// chunk), keeps records with PRICE > 90099 and writes AUCTION,BIDDER,PRICE as CSV lines.
// Built with -march=native (bench/CMakeLists.txt) so on-demand runs the CPU's own kernel; it
// prints that kernel's name to stderr.
//
// Usage: riffle-bench-json-loop INPUT.json OUTPUT.csv

#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr size_t kChunk = 4 << 20;
constexpr int64_t kPriceAbove = 90099;

struct Output {
  explicit Output(std::FILE* f) : file(f) { buffer.reserve(kChunk + 4096); }
  ~Output() { Flush(); }
  void Row(int64_t a, int64_t b, int64_t c) {
    char line[80];
    int n = std::snprintf(line, sizeof line, "%lld,%lld,%lld\n", static_cast<long long>(a),
                          static_cast<long long>(b), static_cast<long long>(c));
    buffer.append(line, static_cast<size_t>(n));
    if (buffer.size() >= kChunk) Flush();
  }
  void Flush() {
    std::fwrite(buffer.data(), 1, buffer.size(), file);
    buffer.clear();
  }
  std::FILE* file;
  std::string buffer;
};

// Returns false on a JSON error (reported on stderr).
bool Scan(simdjson::ondemand::parser& parser, const char* data, size_t size, Output& out) {
  simdjson::ondemand::document_stream stream;
  auto error = parser.iterate_many(data, size, kChunk).get(stream);
  if (error) {
    std::fprintf(stderr, "iterate_many: %s\n", simdjson::error_message(error));
    return false;
  }
  for (auto doc : stream) {
    int64_t auction = 0, bidder = 0, price = 0;
    simdjson::ondemand::object obj;
    if ((error = doc.get_object().get(obj)) ||
        (error = obj.find_field("AUCTION").get_int64().get(auction)) ||
        (error = obj.find_field("BIDDER").get_int64().get(bidder)) ||
        (error = obj.find_field("PRICE").get_int64().get(price))) {
      std::fprintf(stderr, "record: %s\n", simdjson::error_message(error));
      return false;
    }
    if (price > kPriceAbove) out.Row(auction, bidder, price);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s INPUT.json OUTPUT.csv\n", argv[0]);
    return 2;
  }
  std::FILE* in = std::fopen(argv[1], "rb");
  std::FILE* out_file = std::fopen(argv[2], "wb");
  if (in == nullptr || out_file == nullptr) {
    std::perror("open");
    return 1;
  }
  // The namespace on-demand was compiled for (builtin_implementation() answers for the library,
  // which Debian builds for baseline x86-64).
  std::fprintf(stderr, "simdjson on-demand kernel: %s\n",
               SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
  simdjson::ondemand::parser parser;
  std::vector<char> buf(kChunk + simdjson::SIMDJSON_PADDING);
  size_t kept = 0;  // bytes of an unfinished line carried to the front of buf
  bool ok = true;
  {
    Output out(out_file);
    while (ok) {
      size_t got = std::fread(buf.data() + kept, 1, kChunk - kept, in);
      size_t have = kept + got;
      if (have == 0) break;
      size_t end = have;  // whole lines only, unless the file ends without a newline
      if (got != 0) {
        while (end > 0 && buf[end - 1] != '\n') --end;
        if (end == 0) {
          std::fprintf(stderr, "a line longer than %zu bytes\n", kChunk);
          return 1;
        }
      }
      std::string tail(buf.data() + end, have - end);
      std::memset(buf.data() + end, 0, simdjson::SIMDJSON_PADDING);
      ok = Scan(parser, buf.data(), end, out);
      std::memcpy(buf.data(), tail.data(), tail.size());
      kept = tail.size();
      if (got == 0) break;
    }
  }
  std::fclose(in);
  return ok && std::fclose(out_file) == 0 ? 0 : 1;
}
