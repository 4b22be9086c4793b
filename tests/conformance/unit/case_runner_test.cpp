// End to end: a small case runs on a real engine with its embedded broker.
#include "tests/conformance/runner/case_runner.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace riffle::conformance {
namespace {

class CaseRunnerTest : public ::testing::Test {
 protected:
  // Each case in a directory of its own: ctest runs these tests in parallel processes, and
  // other checkouts' runs share the same temporary directory.
  CaseOutcome Run(const std::string& test_json) {
    std::string pattern = ::testing::TempDir() + "/conformance_e2e_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dirs_.push_back(pattern);
    std::string path = pattern + "/case.json";
    std::ofstream(path) << R"({"tests": [)" << test_json << "]}";
    std::vector<TestCase> cases = LoadTestFile(path, "e2e.json", false);
    CaseOptions options;
    options.work_dir = pattern + "/work";
    std::filesystem::create_directories(options.work_dir);
    return RunCase(cases.at(0), options);
  }
  void TearDown() override {
    for (const auto& d : dirs_) std::filesystem::remove_all(d);
  }
  std::vector<std::string> dirs_;
};

constexpr const char* kStatements = R"(
  "statements": [
    "CREATE STREAM TEST (K STRING KEY, ID bigint, NAME varchar) WITH (kafka_topic='test_topic', value_format='JSON');",
    "CREATE STREAM S1 AS SELECT K, name FROM test WHERE id > 100;"
  ],
  "inputs": [
    {"topic": "test_topic", "key": "0", "value": {"id": 0, "name": "zero"}},
    {"topic": "test_topic", "key": "101", "value": {"id": 101, "name": "a"}, "timestamp": 42},
    {"topic": "test_topic", "key": "102", "value": {"id": 102, "name": "b"}}
  ],)";

TEST_F(CaseRunnerTest, PassingCaseWithTimestampsAndPostConditions) {
  CaseOutcome outcome = Run(std::string(R"({"name": "ok",)") + kStatements + R"(
    "outputs": [
      {"topic": "S1", "key": "101", "value": {"NAME": "a"}, "timestamp": 42},
      {"topic": "S1", "key": "102", "value": {"NAME": "b"}, "timestamp": 0}
    ],
    "post": {"sources": [{"name": "S1", "type": "stream", "schema": "K STRING KEY, NAME STRING"}]}
  })");
  EXPECT_TRUE(outcome.passed) << outcome.detail;
}

TEST_F(CaseRunnerTest, WrongOutputsGiveADiff) {
  CaseOutcome outcome = Run(std::string(R"({"name": "bad",)") + kStatements + R"(
    "outputs": [{"topic": "S1", "key": "101", "value": {"NAME": "x"}}]
  })");
  EXPECT_FALSE(outcome.passed);
  EXPECT_NE(outcome.detail.find("expected 1 record(s), got 2"), std::string::npos)
      << outcome.detail;
}

TEST_F(CaseRunnerTest, ExpectedExceptions) {
  CaseOutcome matched =
      Run(R"({"name": "e", "statements": ["CREATE STREAM X AS SELECT * FROM NOPE;"],
    "expectedException": {"type": "io.confluent.ksql.util.KsqlStatementException",
                          "message": "NOPE"}})");
  EXPECT_TRUE(matched.passed) << matched.detail;
  CaseOutcome missing = Run(R"({"name": "e", "statements": [
      "CREATE STREAM TEST (ID INT) WITH (kafka_topic='t', value_format='JSON');"],
    "expectedException": {"type": "io.confluent.ksql.util.KsqlException", "message": "boom"}})");
  EXPECT_FALSE(missing.passed);
  EXPECT_NE(missing.detail.find("every statement succeeded"), std::string::npos);
}

}  // namespace
}  // namespace riffle::conformance
