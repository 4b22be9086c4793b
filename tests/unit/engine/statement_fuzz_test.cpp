// Fuzzes the SQL front end and the engine with mutated statements (statement_fuzzer.h): in
// process through the parser, printing, cloning, and binding and evaluating every constant
// expression (level 1), then through Engine::Execute on a catalog and local broker of its own
// (level 2). A statement may only succeed or fail with a RiffleError: nothing may crash, hang
// or escape as another exception. The budget is small for `make test`, which also runs this
// under ASan and UBSan; `make fuzz` raises it (tests/unit/fuzz_budget.h). Each test prints its
// seed first, so a crash can be replayed (RIFFLE_FUZZ_SEED); the engine level also keeps the
// statement it is running in $TMPDIR/riffle-statement-fuzz-<pid>.sql.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/common/text.h"
#include "core/engine/engine.h"
#include "core/expr/binder.h"
#include "core/expr/eval_context.h"
#include "core/sql/parser.h"
#include "tests/unit/engine/statement_fuzzer.h"
#include "tests/unit/fuzz_budget.h"

namespace riffle {
namespace {

using testing::FuzzBudget;
using testing::RunBudget;
using testing::StatementMutator;

std::string Head(const std::string& s, size_t max = 300) {
  return s.size() <= max ? s : s.substr(0, max) + "... (" + std::to_string(s.size()) + " bytes)";
}

std::filesystem::path MakeTempDir(const std::string& tag) {
  static int counter = 0;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("riffle-statement-fuzz-" + tag + "-" + std::to_string(getpid()) +
                               "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Where the statement being run is kept, for a crash to leave behind.
std::filesystem::path LastStatementFile() {
  return std::filesystem::temp_directory_path() /
         ("riffle-statement-fuzz-" + std::to_string(getpid()) + ".sql");
}

void KeepLastStatement(const std::string& statement) {
  std::ofstream(LastStatementFile(), std::ios::trunc) << statement;
}

// Visits every expression of a parsed statement.
template <typename Fn>
void ForEachExpr(const Statement& statement, Fn fn) {
  auto query = [&fn](const Query& q) {
    for (const auto& item : q.select) fn(*item.expr);
    if (q.where) fn(*q.where);
    if (q.having) fn(*q.having);
    for (const auto& e : q.group_by) fn(*e);
    for (const auto& e : q.partition_by) fn(*e);
    for (const auto& j : q.joins) {
      if (j.on) fn(*j.on);
    }
  };
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, SelectStmt>) {
          if (body.query) query(*body.query);
        } else if constexpr (std::is_same_v<T, CreateSourceStmt>) {
          if (body.as_query) query(*body.as_query);
        } else if constexpr (std::is_same_v<T, InsertSelectStmt>) {
          if (body.query) query(*body.query);
        } else if constexpr (std::is_same_v<T, ExplainStmt>) {
          if (body.query) query(*body.query);
        } else if constexpr (std::is_same_v<T, InsertValuesStmt>) {
          for (const auto& v : body.values) fn(*v);
        }
      },
      statement.body);
}

// Level 1: parse; print, clone, bind and evaluate each expression that needs no columns.
// Returns false (with a test failure) when something other than a RiffleError escaped.
bool ThroughTheFrontEnd(const std::string& text, int64_t* parsed, int64_t* rejected) {
  try {
    std::vector<Statement> statements = ParseStatements(text);
    ++*parsed;
    for (const Statement& statement : statements) {
      ForEachExpr(statement, [](const Expr& e) {
        ExprPtr copy = e.Clone();
        std::string printed = copy->ToString();
        try {
          EvalContext ctx;
          TypePtr type;
          Value v = EvaluateConstant(e, ctx, &type);
          if (type) ValueToDisplayString(v, *type);
        } catch (const RiffleError&) {
          // Columns, aggregates, type errors: what binding a statement out of context gives.
        }
      });
    }
  } catch (const RiffleError&) {
    ++*rejected;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a RiffleError: " << e.what();
    return false;
  }
  return true;
}

TEST(StatementFuzz, EverySeedParsesOrIsRefused) {
  const std::vector<std::string> corpus =
      testing::StatementCorpus(std::filesystem::temp_directory_path().string());
  ASSERT_GT(corpus.size(), 500u) << "the seed corpus is read from " << testing::SourceDir();
  int64_t parsed = 0, rejected = 0;
  for (const std::string& seed : corpus) {
    ASSERT_TRUE(ThroughTheFrontEnd(seed, &parsed, &rejected)) << Head(seed);
  }
  std::printf("[fuzz seeds] %zu statements: %lld parse, %lld refused\n", corpus.size(),
              static_cast<long long>(parsed), static_cast<long long>(rejected));
  // The scripts' statements are mostly valid: mutants of them reach past the parser.
  EXPECT_GT(parsed, static_cast<int64_t>(corpus.size()) * 3 / 4);
}

TEST(StatementFuzz, FrontEndTakesMutatedStatements) {
  const FuzzBudget budget = testing::BudgetFromEnv(3000, 20261207);
  std::printf("[fuzz front end] seed %llu\n", static_cast<unsigned long long>(budget.seed));
  std::fflush(stdout);
  const std::vector<std::string> corpus =
      testing::StatementCorpus(std::filesystem::temp_directory_path().string());
  StatementMutator mutator(budget.seed, &corpus);
  int64_t parsed = 0, rejected = 0;
  int64_t tried = RunBudget(budget, [&](int64_t i) {
    std::string mutant = mutator.Next();
    if (!ThroughTheFrontEnd(mutant, &parsed, &rejected)) {
      ADD_FAILURE() << "seed " << budget.seed << " iteration " << i << ": " << Head(mutant);
      return false;
    }
    return true;
  });
  std::printf("[fuzz front end] seed %llu: %lld mutants tried, %lld parsed, %lld refused, "
              "0 crashes\n",
              static_cast<unsigned long long>(budget.seed), static_cast<long long>(tried),
              static_cast<long long>(parsed), static_cast<long long>(rejected));
  EXPECT_GT(parsed, tried / 10) << "mutants should still often parse";
  EXPECT_GT(rejected, tried / 10) << "mutants should often be malformed";
}

// ---- level 2: through the engine ---------------------------------------------------------------

class CountingSink : public ResultSink {
 public:
  void Notice(const std::string&) override {}
  void Warning(const std::string&) override {}
  void Error(const std::string& text) override {
    ++errors;
    last_error = text;
  }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override { ++rows; }
  void EndRows(const std::string& summary) override {
    if (summary.find("terminated") != std::string::npos) ++cancelled;
  }

  int64_t errors = 0;
  int64_t rows = 0;
  int64_t cancelled = 0;
  std::string last_error;
};

// Runs statements on an engine with a watchdog: a statement still running after
// `cancel_after` (a push query without LIMIT, a PRINT) is cancelled as Ctrl-C would; one
// running past `hang_after` is reported and the process aborted, as a hang is a failure.
class WatchedEngine {
 public:
  WatchedEngine(std::chrono::milliseconds cancel_after, std::chrono::seconds hang_after)
      : cancel_after_(cancel_after), hang_after_(hang_after), watchdog_([this] { Watch(); }) {}

  ~WatchedEngine() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    watchdog_.join();
    Close();
  }

  void Open(const std::string& setup) {
    Close();
    dir_ = MakeTempDir("engine");
    EngineOptions options;
    options.catalog_path = (dir_ / "catalog.db").string();
    options.data_dir = dir_.string();  // file connectors stay in here
    CountingSink sink;
    std::unique_ptr<Engine> engine = Engine::Open(options, sink);
    // Mutants are only worth running against streams that exist: the setup must succeed.
    EXPECT_TRUE(engine->Execute(setup, sink, true)) << sink.last_error;
    EXPECT_EQ(sink.errors, 0) << sink.last_error;
    std::lock_guard<std::mutex> lock(mu_);
    engine_ = std::move(engine);
  }

  bool Run(const std::string& text, CountingSink& sink) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      running_ = &text;
      started_ = std::chrono::steady_clock::now();
      cancelled_ = false;
    }
    wake_.notify_all();
    bool ok = engine_->Execute(text, sink, true);
    std::lock_guard<std::mutex> lock(mu_);
    running_ = nullptr;
    return ok;
  }

  const std::filesystem::path& dir() const { return dir_; }

 private:
  void Close() {
    std::unique_ptr<Engine> engine;
    {
      std::lock_guard<std::mutex> lock(mu_);
      engine = std::move(engine_);
    }
    engine.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(20));
      if (running_ == nullptr || engine_ == nullptr) continue;
      auto elapsed = std::chrono::steady_clock::now() - started_;
      if (elapsed > hang_after_) {
        std::fprintf(stderr, "[fuzz engine] a statement ran %lld s: %s\n(kept in %s)\n",
                     static_cast<long long>(hang_after_.count()), Head(*running_).c_str(),
                     LastStatementFile().c_str());
        std::abort();
      }
      if (elapsed > cancel_after_ && !cancelled_) {
        engine_->Cancel();
        cancelled_ = true;
      }
    }
  }

  const std::chrono::milliseconds cancel_after_;
  const std::chrono::seconds hang_after_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::unique_ptr<Engine> engine_;
  const std::string* running_ = nullptr;
  std::chrono::steady_clock::time_point started_;
  bool cancelled_ = false;
  std::filesystem::path dir_;
  std::thread watchdog_;  // last: starts once the members it reads exist
};

// Streams and tables under the names the scripts use most, with a few rows, so that mutants of
// their statements bind and run rather than stop at "does not exist".
const char* kSetup = R"sql(
SET 'auto.offset.reset'='earliest';
CREATE STREAM s (id INT KEY, a INT, v STRING, x DOUBLE, arr ARRAY<INT>, m MAP<STRING, INT>,
  st STRUCT<f INT, g STRING>) WITH (kafka_topic='s', value_format='JSON', partitions=1);
INSERT INTO s VALUES (1, 2, 'abc', 1.5, ARRAY[1, 2], MAP('k' := 1), STRUCT(f := 1, g := 'x'));
INSERT INTO s VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE STREAM orders (id INT KEY, item STRING, qty INT, amount DOUBLE, customer STRING,
  status STRING) WITH (kafka_topic='orders', value_format='AVRO', partitions=2);
INSERT INTO orders VALUES (1, 'pen', 2, 1.5, 'ann', 'PAID');
CREATE TABLE users (id STRING PRIMARY KEY, name STRING, region STRING)
  WITH (kafka_topic='users', value_format='PROTOBUF', partitions=1);
INSERT INTO users VALUES ('ann', 'Ann', 'eu');
CREATE STREAM t (k STRING KEY, v INT) WITH (kafka_topic='t', value_format='DELIMITED',
  partitions=1);
INSERT INTO t VALUES ('a', 1);
CREATE STREAM clicks (user STRING KEY, page STRING) WITH (kafka_topic='clicks',
  format='JSON', partitions=1);
INSERT INTO clicks VALUES ('ann', 'home');
)sql";

// SET 'kafka.<property>' points later clients at other clusters or timeouts: about
// librdkafka, not riffle's statements, and it would make every later statement wait.
bool SetsKafkaProperty(const std::string& text) {
  std::string upper = AsciiUpper(text);
  for (size_t at = upper.find("SET"); at != std::string::npos; at = upper.find("SET", at + 1)) {
    size_t quote = upper.find_first_not_of(" \t\r\n", at + 3);
    if (quote != std::string::npos && upper.compare(quote, 7, "'KAFKA.") == 0) return true;
  }
  return false;
}

TEST(StatementFuzz, EngineTakesMutatedStatements) {
  const FuzzBudget budget = testing::BudgetFromEnv(250, 20261208);
  std::printf("[fuzz engine] seed %llu\n", static_cast<unsigned long long>(budget.seed));
  std::fflush(stdout);
  std::vector<std::string> corpus;
  WatchedEngine engine(std::chrono::milliseconds(300), std::chrono::seconds(120));
  engine.Open(kSetup);
  corpus = testing::StatementCorpus(engine.dir().string());
  StatementMutator mutator(budget.seed, &corpus);
  CountingSink sink;
  int64_t ok = 0, skipped = 0, seeds = 0, seeds_ok = 0;
  constexpr int64_t kFreshEngineEvery = 100;  // a new catalog, so what mutants made goes away
  int64_t tried = RunBudget(budget, [&](int64_t i) {
    if (i > 0 && i % kFreshEngineEvery == 0) engine.Open(kSetup);
    // A quarter of the time a seed as it is, so that the scripts' own streams and tables
    // exist for mutants of their queries to bind to.
    if (mutator.OneIn(4)) {
      const std::string& seed = mutator.PickSeed();
      if (!SetsKafkaProperty(seed)) {
        KeepLastStatement(seed);
        CountingSink seed_sink;
        if (engine.Run(seed, seed_sink)) ++seeds_ok;
        ++seeds;
      }
    }
    std::string mutant = mutator.Next();
    if (SetsKafkaProperty(mutant)) {
      ++skipped;
      return true;
    }
    KeepLastStatement(mutant);
    if (engine.Run(mutant, sink)) ++ok;
    // Persistent queries the mutant started would otherwise pile up.
    CountingSink ignored;
    engine.Run("TERMINATE ALL;", ignored);
    return !::testing::Test::HasFailure();
  });
  std::filesystem::remove(LastStatementFile());
  std::printf("[fuzz engine] seed %llu: %lld mutants tried, %lld ran, %lld errors, %lld push "
              "queries cancelled, %lld skipped (SET 'kafka.*'), %lld rows; %lld seeds run "
              "between them (%lld ok); 0 crashes\n",
              static_cast<unsigned long long>(budget.seed), static_cast<long long>(tried),
              static_cast<long long>(ok), static_cast<long long>(sink.errors),
              static_cast<long long>(sink.cancelled), static_cast<long long>(skipped),
              static_cast<long long>(sink.rows), static_cast<long long>(seeds),
              static_cast<long long>(seeds_ok));
  EXPECT_GT(ok, 0) << "some mutants should run";
  EXPECT_GT(sink.errors, 0) << "some mutants should fail";
}

}  // namespace
}  // namespace riffle
