#pragma once
// RecordSource over a generator: JSON records at RATE per second (or as fast as they are read),
// COUNT of them (or forever). The position is the next record's index, so a checkpointed job
// resumes with the record after the last one it processed.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "connectors/datagen/generator.h"
#include "connectors/source/record_source.h"

namespace riffle {

struct DatagenSourceOptions {
  std::string generator = {};  // REQUIRES: datagen::FindGenerator(generator) != nullptr
  datagen::GeneratorOptions gen = {};
  int64_t rate = 0;         // records per second of wall time; 0: unlimited
  int64_t count = -1;       // total records; -1: unbounded
  int64_t start_index = 0;  // first record to produce (from a checkpoint)
  // A finite read (a query without EMIT CHANGES): the COUNT records as fast as they are read,
  // RATE aside, since event times follow the record index, not the wall clock. AtEnd() is then
  // true only after the last one. REQUIRES: count >= 0 when set.
  bool bounded = false;
};

class DatagenRecordSource : public RecordSource {
 public:
  explicit DatagenRecordSource(const DatagenSourceOptions& options);

  size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) override;
  std::map<int32_t, int64_t> Positions() const override { return {{0, next_}}; }
  // True once COUNT records were produced, or (with a RATE and not bounded) when every record
  // due by now was.
  bool AtEnd() override;
  const std::string& name() const override { return name_; }

 private:
  // Index one past the last record due by `now` (rate-limited), capped at COUNT.
  int64_t Due(std::chrono::steady_clock::time_point now) const;

  DatagenSourceOptions options_;
  std::string name_;
  std::unique_ptr<datagen::Generator> generator_;
  std::chrono::steady_clock::time_point opened_;
  int64_t next_;
  std::vector<std::string> values_;  // reused per Poll: records view into these
};

}  // namespace riffle
