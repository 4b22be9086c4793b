#pragma once
// Generated data: named generators (orders, pageviews, users, trades, and Nexmark's bid, auction
// and person) that produce JSON records with known columns. Record i of a generator is a pure
// function of (seed, i): the same seed gives the same data, and a job resumes at any record
// without replaying the ones before it. Event time advances by 1000/RATE ms per record
// (10 ms without a rate) from a start time, and ~10% of records arrive up to 2 s late.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace riffle::datagen {

struct ColumnSpec {
  std::string name;  // upper-case
  std::string type;  // SQL type text (ParseType)
  bool key = false;  // KEY for streams, PRIMARY KEY for tables
};

struct GeneratorSpec {
  std::string name;  // lower-case
  std::string description;
  std::vector<ColumnSpec> columns;
};

// Every generator, in a stable order.
const std::vector<GeneratorSpec>& Generators();
// The generator called `name` (any case), or nullptr.
const GeneratorSpec* FindGenerator(const std::string& name);

struct GeneratorOptions {
  int64_t seed = 1;
  int64_t start_ms = 0;   // event time of record 0
  int64_t rate = 0;       // records per second of event time; 0: 100
};

class Generator {
 public:
  virtual ~Generator() = default;
  // Writes record `index` as a JSON object into `json` (replacing it) and returns its event time
  // (also in the record's time column).
  virtual int64_t Make(int64_t index, std::string& json) = 0;
};

// REQUIRES: FindGenerator(name) != nullptr.
std::unique_ptr<Generator> MakeGenerator(const std::string& name, const GeneratorOptions& options);

}  // namespace riffle::datagen
