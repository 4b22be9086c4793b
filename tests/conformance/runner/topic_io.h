#pragma once
// Producing a case's input records and reading a sink topic's records back, through riffle's
// own Kafka connectors, encoded and decoded with the formats of the source over each topic.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "tests/conformance/runner/compare.h"
#include "tests/conformance/runner/record_codec.h"
#include "tests/conformance/runner/test_case.h"

namespace riffle::conformance {

// Codecs per topic, built from the catalog's sources. For inputs the source that was declared
// over the topic (not written by a query) is preferred; for outputs the one a query writes.
class TopicCodecs {
 public:
  explicit TopicCodecs(const Catalog& catalog) : catalog_(catalog) {}
  // Throws std::runtime_error / RiffleError when the source's formats are unsupported.
  RecordCodec& ForInput(const std::string& topic);
  RecordCodec& ForOutput(const std::string& topic);

 private:
  RecordCodec& Get(const std::string& topic, bool output);
  const Catalog& catalog_;
  std::map<std::pair<std::string, bool>, std::unique_ptr<RecordCodec>> codecs_;
};

// Produces `inputs` in order and waits for their delivery. A timestamp of 0 (the default) is
// written as -1, Kafka's "no timestamp", because librdkafka replaces 0 with the current time.
// Throws std::runtime_error on failure.
void ProduceInputs(const std::string& bootstrap, const std::vector<TestRecord>& inputs,
                   TopicCodecs& codecs);

// Reads every record of `topic` up to its current end. A missing topic reads as no records.
// Undecodable records are returned with the decoding error as their value (so they show in
// the diff). Throws std::runtime_error when the broker cannot be read.
std::vector<ActualRecord> ReadTopic(const std::string& bootstrap, const std::string& topic,
                                    RecordCodec& codec, int timeout_ms);

}  // namespace riffle::conformance
