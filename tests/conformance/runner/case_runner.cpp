#include "tests/conformance/runner/case_runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "tests/conformance/runner/schema_setup.h"
#include "connectors/kafka/kafka_admin.h"
#include "core/engine/engine.h"
#include "tests/conformance/runner/case_sink.h"
#include "tests/conformance/runner/post_checks.h"
#include "tests/conformance/runner/rest_responses.h"
#include "tests/conformance/runner/topic_io.h"

namespace riffle::conformance {

namespace {

std::string SqlString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

// True for statements the REST tests send as queries (after the inputs are
// produced).
bool IsQuery(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++]))));
  }
  return word == "SELECT" || word == "PRINT";
}

bool IsInsertValues(const std::string& sql) {
  static const std::regex kInsertValues("^\\s*INSERT\\s+INTO\\s[^;]*?\\bVALUES\\s*\\(",
                                        std::regex::icase);
  static const std::regex kSelect("\\bSELECT\\b", std::regex::icase);
  return std::regex_search(sql, kInsertValues) && !std::regex_search(sql, kSelect);
}

// Whether a statement declares `topic` (KAFKA_TOPIC='topic') with a PARTITIONS property.
bool StatementSetsPartitions(const std::vector<std::string>& statements, const std::string& topic) {
  static const std::regex kPartitions("\\bPARTITIONS\\s*=", std::regex::icase);
  static const std::regex kSpecial("[.^$|()\\[\\]{}*+?\\\\]");
  const std::string escaped = std::regex_replace(topic, kSpecial, "\\$&");
  const std::regex names_topic("KAFKA_TOPIC\\s*=\\s*'" + escaped + "'", std::regex::icase);
  for (const std::string& sql : statements) {
    if (std::regex_search(sql, names_topic) && std::regex_search(sql, kPartitions)) return true;
  }
  return false;
}

// The topics of the CREATE STREAM / CREATE TABLE statements that declare columns (not AS
// SELECT), in order: the ones ksqlDB's harnesses create before running a case.
std::vector<std::string> DeclaredSourceTopics(const std::vector<std::string>& statements) {
  static const std::regex kCreate(
      "^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?(SOURCE\\s+)?(STREAM|TABLE)\\s+[^\\s(]+\\s*\\(",
      std::regex::icase);
  static const std::regex kAsSelect("\\bAS\\s+SELECT\\b", std::regex::icase);
  static const std::regex kTopic("KAFKA_TOPIC\\s*=\\s*'([^']*)'", std::regex::icase);
  std::vector<std::string> topics;
  for (const std::string& sql : statements) {
    std::smatch m;
    if (!std::regex_search(sql, kCreate) || std::regex_search(sql, kAsSelect) ||
        !std::regex_search(sql, m, kTopic)) {
      continue;
    }
    if (std::find(topics.begin(), topics.end(), m[1].str()) == topics.end()) {
      topics.push_back(m[1].str());
    }
  }
  return topics;
}

// Topic.DEFAULT_PARTITIONS of ksqlDB's test tools, which its REST harness creates topics with.
constexpr int kRestDefaultPartitions = 4;

// "" when `error` is the error `expected` describes, else why not.
std::string ExceptionMismatch(const ExpectedException& expected, const std::string& error) {
  bool parse = expected.type.find("ParseFailedException") != std::string::npos;
  if (parse && error.rfind("ERROR parse", 0) != 0) {
    return "expected a parse error containing:\n    " + expected.message + "\n  got:\n    " + error;
  }
  // ksqlDB's REST layer wraps some messages ("Failed to prepare statement: ", "Exception while
  // preparing statement: ") and prefixes where the statement sat in its whole script ("line
  // 2:40: ", "Line: 2, Col: 13: "); riffle runs statements one by one, so only the rest must match.
  static const std::regex kPosition(
      "^(Failed to prepare statement: |Exception while preparing statement: )?"
      "(line \\d+:\\d+: |Line: \\d+, Col: \\d+: )?");
  std::string message =
      std::regex_replace(expected.message, kPosition, "", std::regex_constants::format_first_only);
  if (!message.empty() && error.find(message) == std::string::npos) {
    return "expected an error containing:\n    " + expected.message + "\n  got:\n    " + error;
  }
  return "";
}

// Cancels the engine's running statement if it is still running after a timeout
// (REST push queries without LIMIT would otherwise run forever).
class Watchdog {
 public:
  Watchdog(Engine& engine, int timeout_ms)
      : thread_([this, &engine, timeout_ms] {
          std::unique_lock lock(mu_);
          if (!cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                            [this] { return done_; })) {
            engine.Cancel();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

CaseOutcome Fail(std::string detail) { return {false, std::move(detail)}; }

// With RIFFLE_CONFORMANCE_TRACE set, each step's elapsed time goes to stderr
// (see --no-fork).
class StepTimer {
 public:
  StepTimer() : enabled_(std::getenv("RIFFLE_CONFORMANCE_TRACE") != nullptr) {}
  void Step(const char* what) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "  %-12s %6.1f ms\n", what,
                 std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

class CaseRun {
 public:
  CaseRun(const TestCase& test, const CaseOptions& options) : test_(test), options_(options) {}

  CaseOutcome Run() {
    catalog_path_ = options_.work_dir + "/catalog.db";
    EngineOptions engine_options;
    engine_options.catalog_path = catalog_path_;
    engine_ = Engine::Open(engine_options, sink_);
    bootstrap_ = engine_->bootstrap_servers();
    timer_.Step("open");
    if (auto err = Exec("SET 'auto.offset.reset'='earliest';")) return Fail("SET failed: " + *err);
    for (const auto& [name, value] : test_.properties) {
      if (auto err = Exec("SET " + SqlString(name) + "=" + SqlString(value) + ";")) {
        return Fail("cannot set property " + name + ": " + *err);
      }
    }
    for (const TestTopic& t : test_.topics) {
      // Without a partition count of its own, a topic a CREATE gives PARTITIONS to is left
      // to that statement (ksqlDB's harness takes the statement's count).
      if (!t.partitions_given && StatementSetsPartitions(test_.statements, t.name)) continue;
      if (auto err = CreateTopic(t.name, t.partitions)) return Fail(*err);
    }
    if (test_.rest) {
      // ksqlDB's REST harness (RestTestExecutor) creates the topic of every CREATE STREAM or
      // TABLE with columns before the statements run, with the statement's PARTITIONS or
      // Topic.DEFAULT_PARTITIONS, 4; the inputs then spread over them by key hash.
      for (const std::string& topic : DeclaredSourceTopics(test_.statements)) {
        bool listed = false;
        for (const TestTopic& t : test_.topics) listed = listed || t.name == topic;
        if (listed || StatementSetsPartitions(test_.statements, topic)) continue;
        if (auto err = CreateTopic(topic, kRestDefaultPartitions)) return Fail(*err);
      }
    }
    try {
      RegisterTopicSchemas(test_, *Catalog::Open(catalog_path_));
    } catch (const std::exception& e) {
      return Fail(std::string("cannot register the topics' schemas: ") + e.what());
    }

    std::vector<std::string> queries;
    for (const std::string& statement : test_.statements) {
      if (test_.rest && (IsQuery(statement) || !queries.empty())) {
        queries.push_back(statement);
        continue;
      }
      if (auto err = Exec(statement)) return StatementFailed(statement, *err);
      // ksqlDB's REST API answers INSERT VALUES with no entity, other statements with a status.
      if (!IsInsertValues(statement)) responses_.push_back({});
    }
    timer_.Step("statements");
    if (test_.expected_exception && !test_.rest) {
      return Fail("expected an error (" + test_.expected_exception->type +
                  "): " + test_.expected_exception->message + "\n  but every statement succeeded");
    }

    std::unique_ptr<Catalog> catalog = Catalog::Open(catalog_path_);
    kafka::KafkaAdmin admin({.bootstrap_servers = bootstrap_});
    // As ksqlDB's test harnesses do, input topics nobody declared get one partition (the
    // query-validation harness), or four (the REST harness, Topic.DEFAULT_PARTITIONS).
    std::set<std::string> created;
    for (const TestRecord& r : test_.inputs) {
      if (created.insert(r.topic).second && !admin.TopicExists(r.topic)) {
        if (auto err = CreateTopic(r.topic, test_.rest ? kRestDefaultPartitions : 1)) {
          return Fail(*err);
        }
      }
    }
    timer_.Step("topics");
    TopicCodecs codecs(*catalog);
    // ksqlDB's harness (TopologyTestDriver) processes each input record before the next is
    // piped in, so its expected outputs follow the inputs' order across topics, where a job
    // reading several topics merges them by event time. With several input topics, produce the
    // records one by one, each processed before the next, to reproduce that arrival order.
    bool several_topics = false;
    for (const TestRecord& r : test_.inputs) {
      several_topics = several_topics || r.topic != test_.inputs.front().topic;
    }
    if (!several_topics) {
      ProduceInputs(bootstrap_, test_.inputs, codecs);
    } else {
      for (const TestRecord& r : test_.inputs) {
        ProduceInputs(bootstrap_, {r}, codecs);
        if (!engine_->WaitForIdle(options_.idle_timeout_ms)) break;
      }
    }
    timer_.Step("produce");
    if (!engine_->WaitForIdle(options_.idle_timeout_ms)) {
      return Fail("background jobs did not catch up within " +
                  std::to_string(options_.idle_timeout_ms) + " ms" + FailedJobs(*catalog));
    }

    timer_.Step("idle");
    for (const std::string& query : queries) {
      sink_.results.clear();
      std::optional<std::string> err;
      {
        Watchdog watchdog(*engine_, options_.query_timeout_ms);
        err = Exec(query);
      }
      if (err) return StatementFailed(query, *err);
      RestResponse response;
      response.is_query = IsQuery(query) && !sink_.results.empty();
      if (response.is_query) response.result = sink_.results.back();
      responses_.push_back(std::move(response));
    }
    if (test_.expected_exception) {
      return Fail("expected an error (" + test_.expected_exception->type +
                  "): " + test_.expected_exception->message + "\n  but every statement succeeded");
    }

    std::string problems = CompareOutputs(codecs);
    timer_.Step("outputs");
    std::string post = CheckPost(test_.post, *catalog, TopicNames(admin));
    if (!post.empty()) problems += (problems.empty() ? "" : "\n  ") + post;
    if (test_.rest) {
      std::string rest = CompareResponses(test_.responses, responses_, test_.verify_order);
      if (!rest.empty()) problems += (problems.empty() ? "" : "\n  ") + rest;
    }
    timer_.Step("post");
    if (!problems.empty()) return Fail(problems + FailedJobs(*catalog));
    return {true, ""};
  }

 private:
  // Runs `sql`; returns the error text when it failed.
  std::optional<std::string> Exec(const std::string& sql) {
    size_t before = sink_.errors.size();
    if (engine_->Execute(sql, sink_, /*continue_on_error=*/false)) return std::nullopt;
    return sink_.errors.size() > before ? sink_.errors.back() : "statement failed";
  }

  CaseOutcome StatementFailed(const std::string& statement, const std::string& error) {
    if (test_.expected_exception) {
      std::string mismatch = ExceptionMismatch(*test_.expected_exception, error);
      if (mismatch.empty()) return {true, ""};
      return Fail(mismatch);
    }
    return Fail("statement failed: " + statement + "\n  " + error);
  }

  // Creates a topic on the engine's embedded broker with an exact partition
  // count. The engine creates missing topics when a stream is declared over
  // them, so declare one and drop it again (DROP keeps the topic).
  std::optional<std::string> CreateTopic(const std::string& name, int partitions) {
    std::string stream = "RIFFLE_CONFORMANCE_TOPIC_" + std::to_string(++topic_seq_);
    std::string sql = "CREATE STREAM " + stream +
                      " (X STRING) WITH (KAFKA_TOPIC=" + SqlString(name) +
                      ", PARTITIONS=" + std::to_string(partitions) +
                      ", VALUE_FORMAT='JSON'); DROP STREAM " + stream + ";";
    if (auto err = Exec(sql)) return "cannot create topic " + name + ": " + *err;
    return std::nullopt;
  }

  std::string CompareOutputs(TopicCodecs& codecs) {
    std::vector<std::string> topics;
    std::map<std::string, std::vector<TestRecord>> expected;
    for (const TestRecord& r : test_.outputs) {
      if (!expected.count(r.topic)) topics.push_back(r.topic);
      expected[r.topic].push_back(r);
    }
    std::string problems;
    for (const std::string& topic : topics) {
      std::string diff;
      try {
        RecordCodec& codec = codecs.ForOutput(topic);
        std::vector<ActualRecord> actual = ReadTopic(bootstrap_, topic, codec, 10000);
        diff = CompareTopic(topic, expected[topic], actual, {codec.key_type(), codec.value_type()});
      } catch (const std::exception& e) {
        diff = "topic " + topic + ": " + e.what();
      }
      if (!diff.empty()) problems += (problems.empty() ? "" : "\n  ") + diff;
    }
    return problems;
  }

  static std::vector<std::string> TopicNames(kafka::KafkaAdmin& admin) {
    std::vector<std::string> names;
    for (const kafka::TopicInfo& t : admin.ListTopics()) names.push_back(t.name);
    return names;
  }

  static std::string FailedJobs(const Catalog& catalog) {
    std::string out;
    for (const JobInfo& job : catalog.ListJobs()) {
      if (job.state == "FAILED") out += "\n  job " + job.id + " FAILED: " + job.error;
    }
    return out;
  }

  const TestCase& test_;
  const CaseOptions& options_;
  std::string catalog_path_;
  std::string bootstrap_;
  CaseSink sink_;
  std::unique_ptr<Engine> engine_;
  std::vector<RestResponse> responses_;
  int topic_seq_ = 0;
  StepTimer timer_;
};

}  // namespace

CaseOutcome RunCase(const TestCase& test, const CaseOptions& options) {
  try {
    return CaseRun(test, options).Run();
  } catch (const std::exception& e) {
    return Fail(std::string("runner error: ") + e.what());
  }
}

}  // namespace riffle::conformance
