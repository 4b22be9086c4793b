#include "tests/conformance/runner/test_case.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <string>

namespace riffle::conformance {
namespace {

// One file per test and process: ctest runs these tests in parallel processes, which shared one
// file name before and read each other's half-written files.
std::string WriteFile(const std::string& text) {
  std::string path = ::testing::TempDir() + "/conformance_case_test_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                     std::to_string(getpid()) + ".json";
  std::ofstream(path) << text;
  return path;
}

TEST(TestCase, ExpandsFormatsIntoOneCaseEach) {
  std::string path = WriteFile(R"({"tests": [{
    "name": "n",
    "format": ["JSON", "DELIMITED"],
    "statements": ["CREATE STREAM S (ID INT) WITH (kafka_topic='t', value_format='{FORMAT}');"],
    "inputs": [{"topic": "t", "key": "k", "value": {"ID": 1}, "timestamp": 5}],
    "outputs": [{"topic": "o", "value": {"ID": 1}, "window": {"start": 0, "end": 1, "type": "time"}}]
  }]})");
  std::vector<TestCase> cases = LoadTestFile(path, "f.json", false);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "f.json - n - JSON");
  EXPECT_EQ(cases[1].name, "f.json - n - DELIMITED");
  EXPECT_NE(cases[1].statements[0].find("value_format='DELIMITED'"), std::string::npos);
  EXPECT_EQ(cases[0].inputs[0].timestamp, 5);
  EXPECT_EQ(cases[0].inputs[0].key.text(), "k");
  EXPECT_FALSE(cases[0].outputs[0].timestamp.has_value());
  EXPECT_TRUE(cases[0].outputs[0].window.has_value());
}

TEST(TestCase, ExpandsConfigIntoProperties) {
  std::string path = WriteFile(R"({"tests": [{
    "name": "c", "config": ["true", "false"],
    "properties": {"ksql.x": "{CONFIG}", "ksql.limit": 1},
    "statements": []
  }]})");
  std::vector<TestCase> cases = LoadTestFile(path, "f.json", false);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "f.json - c - true");
  EXPECT_EQ(cases[1].properties.at("ksql.x"), "false");
  EXPECT_EQ(cases[1].properties.at("ksql.limit"), "1");
}

TEST(TestCase, ReadsExceptionsTopicsAndDisabledCases) {
  std::string path = WriteFile(R"({"tests": [
    {"name": "e", "statements": ["x"], "expectedException": {"type": "T", "message": "m"},
     "topics": [{"name": "t", "partitions": 4}]},
    {"name": "d", "enabled": false, "statements": []},
    {"name": "r", "statements": [], "expectedError": {"type": "T2", "message": "m2"}}
  ]})");
  std::vector<TestCase> cases = LoadTestFile(path, "f.json", true);
  ASSERT_EQ(cases.size(), 3u);
  ASSERT_TRUE(cases[0].expected_exception.has_value());
  EXPECT_EQ(cases[0].expected_exception->message, "m");
  EXPECT_EQ(cases[0].topics[0].partitions, 4);
  EXPECT_FALSE(cases[1].enabled);
  EXPECT_EQ(cases[2].expected_exception->type, "T2");
  EXPECT_TRUE(cases[2].rest);
}

TEST(TestCase, RejectsFilesWithoutTests) {
  EXPECT_THROW(LoadTestFile(WriteFile(R"({"comments": []})"), "f.json", false), std::runtime_error);
  EXPECT_THROW(LoadTestFile("/nonexistent/file.json", "f.json", false), std::runtime_error);
}

}  // namespace
}  // namespace riffle::conformance
