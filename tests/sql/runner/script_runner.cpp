#include "tests/sql/runner/script_runner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "connectors/kafka/kafka_admin.h"
#include "tests/sql/runner/diff.h"
#include "tests/sql/runner/watchdog.h"

namespace riffle::sqltest {

namespace {

// True for a statement that streams until cancelled: a push query or PRINT without a LIMIT.
bool IsUnboundedStream(const std::string& sql) {
  static const std::regex kEmitChanges(R"(\bEMIT\s+(CHANGES|FINAL)\b)", std::regex::icase);
  static const std::regex kPrint(R"(^\s*PRINT\b)", std::regex::icase);
  static const std::regex kLimit(R"(\bLIMIT\s+\d+\s*;?\s*$)", std::regex::icase);
  bool streams = std::regex_search(sql, kEmitChanges) || std::regex_search(sql, kPrint);
  return streams && !std::regex_search(sql, kLimit);
}

// A directive's timeout, times RIFFLE_SQLTEST_TIMEOUT_SCALE when set (make tsan sets it:
// ThreadSanitizer runs the engine 5-15x slower; a test asserts results, never speed).
int TimeoutSeconds(const Directive& d) {
  static const int scale = [] {
    const char* text = std::getenv("RIFFLE_SQLTEST_TIMEOUT_SCALE");
    int value = text ? std::atoi(text) : 1;
    return value > 0 ? value : 1;
  }();
  return d.timeout_s * scale;
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) out += prefix + line + "\n";
  return out;
}

std::string Reported(const CaptureSink& sink) {
  std::string s;
  for (const auto& e : sink.errors) s += Indent(e, "  error: ");
  for (const auto& w : sink.warnings) s += Indent(w, "  warning: ");
  return s;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

std::vector<std::string> SplitCells(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return cells;
    start = tab + 1;
  }
}

// An expected line matches an actual one when every cell is equal or the expected cell is <any>.
bool LineMatches(const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  if (expected.find("<any>") == std::string::npos) return false;
  std::vector<std::string> e = SplitCells(expected), a = SplitCells(actual);
  if (e.size() != a.size()) return false;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e[i] != "<any>" && e[i] != a[i]) return false;
  }
  return true;
}

bool AnyContains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts) {
    if (t.find(needle) != std::string::npos) return true;
  }
  return false;
}

// The id in "Created query with ID CSAS_X_1" (and its variants), or "".
std::string CreatedJobId(const CaptureSink& sink) {
  static const std::regex kCreated(R"(Created query with ID (\w+))");
  std::smatch m;
  for (const std::string& n : sink.notices) {
    if (std::regex_search(n, m, kCreated)) return m[1].str();
  }
  return "";
}

// SHOW JOBS, SHOW QUERIES EXTENDED, EXPLAIN <job id>: a running job's figures.
bool ShowsJobFigures(const std::string& sql) {
  static const std::regex kFigures(
      R"(^\s*(SHOW\s+(JOBS|QUERIES\s+EXTENDED)|EXPLAIN\s+(?!(SELECT|CREATE|INSERT)\b)\w+\s*;?\s*$))",
      std::regex::icase);
  return std::regex_search(sql, kFigures);
}

bool IsSessionStatement(const std::string& sql) {
  static const std::regex kSet(R"(^\s*(SET|UNSET)\b)", std::regex::icase);
  return std::regex_search(sql, kSet);
}

}  // namespace

ScriptRunner::ScriptRunner(std::string path, bool verbose, std::ostream& out, bool restart_jobs)
    : path_(std::move(path)), verbose_(verbose), out_(out), restart_jobs_(restart_jobs) {}

ScriptRunner::~ScriptRunner() {
  background_.reset();
  engine_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

std::string ScriptRunner::Substitute(const std::string& text) const {
  std::string test_dir = std::filesystem::absolute(path_).parent_path().string();
  return SubstituteVariables(text, {{"TMP", temp_dir_}, {"TESTDIR", test_dir}});
}

void ScriptRunner::OpenEngine() {
  CaptureSink banner;
  EngineOptions options;
  options.catalog_path = temp_dir_ + "/catalog.db";
  options.data_dir = temp_dir_;  // CONNECTOR='file' paths resolve in ${TMP}
  engine_ = Engine::Open(options, banner);
  if (verbose_) {
    for (const auto& n : banner.notices) out_ << Indent(n, "    notice: ");
  }
}

ScriptRunner::Outcome ScriptRunner::Execute(const Directive& d, const std::string& sql,
                                            bool header, long cancel_after_rows, int wait_ms) {
  Outcome outcome;
  Watchdog watchdog(*engine_, std::chrono::seconds(TimeoutSeconds(d)),
                    path_ + ":" + std::to_string(d.line));
  auto on_row = [&](size_t rows) {
    if (cancel_after_rows >= 0 && rows >= static_cast<size_t>(cancel_after_rows)) {
      watchdog.CancelAfter(std::chrono::milliseconds(wait_ms));
    }
  };
  outcome.sink = std::make_unique<CaptureSink>(header, on_row);
  if (cancel_after_rows == 0) watchdog.CancelAfter(std::chrono::milliseconds(wait_ms));
  outcome.ok = engine_->Execute(sql, *outcome.sink, /*continue_on_error=*/false);
  watchdog.Done();
  outcome.timed_out = watchdog.timed_out();
  if (background_) {
    background_->Stop();
    std::string error = background_->error();
    background_.reset();
    if (!error.empty()) outcome.sink->errors.push_back("background produce: " + error);
  }
  if (verbose_) {
    for (const auto& n : outcome.sink->notices) out_ << Indent(n, "    notice: ");
    for (const auto& w : outcome.sink->warnings) out_ << Indent(w, "    warning: ");
    for (const auto& e : outcome.sink->errors) out_ << Indent(e, "    error: ");
    for (const auto& l : outcome.sink->lines) out_ << "    | " << l << "\n";
  }
  return outcome;
}

std::string ScriptRunner::RunStatement(const Directive& d, const std::string& sql) {
  Outcome o = Execute(d, sql, false, -1, 0);
  if (o.ok && IsSessionStatement(sql)) session_statements_.push_back(sql);
  if (o.ok && restart_jobs_ && !background_) {
    if (std::string id = CreatedJobId(*o.sink); !id.empty()) {
      std::string failure = RestartAndComparePlan(d, id);
      if (!failure.empty()) {
        last_ = std::move(o.sink);
        return failure;
      }
    }
  }
  std::string failure;
  if (o.timed_out) {
    failure = "statement timed out after " + std::to_string(TimeoutSeconds(d)) + " s\n";
  }
  if (d.kind == DirectiveKind::kStatementOk) {
    if (!o.ok) failure += "statement failed\n" + Reported(*o.sink);
  } else if (o.ok) {
    failure += "statement succeeded, but an error containing '" + d.arg + "' was expected\n";
  } else if (!AnyContains(o.sink->errors, d.arg)) {
    failure += "the error does not contain '" + d.arg + "'\n" + Reported(*o.sink);
  }
  last_ = std::move(o.sink);
  return failure;
}

std::string ScriptRunner::RunQuery(const Directive& d, const std::string& sql) {
  std::vector<std::string> expected = d.expected;
  long cancel_after = -1;
  int wait_ms = 0;
  if (IsUnboundedStream(sql)) {
    cancel_after = static_cast<long>(expected.size()) - (d.header ? 1 : 0);
    if (cancel_after < 0) cancel_after = 0;
    wait_ms = d.wait_ms >= 0 ? d.wait_ms : (cancel_after == 0 ? 1000 : 0);
  }
  Outcome o = Execute(d, sql, d.header, cancel_after, wait_ms);
  std::vector<std::string> actual = o.sink->lines;
  std::string failure;
  if (o.timed_out) {
    failure = "query timed out after " + std::to_string(TimeoutSeconds(d)) + " s (" +
              std::to_string(o.sink->rows) + " row(s) received)\n";
  }
  if (!o.ok) failure += "query failed\n" + Reported(*o.sink);
  if (d.unordered) {
    // The header line, when requested, stays first.
    size_t skip = d.header ? 1 : 0;
    if (expected.size() > skip) std::sort(expected.begin() + skip, expected.end());
    if (actual.size() > skip) std::sort(actual.begin() + skip, actual.end());
  }
  if (d.contains) {
    std::vector<std::string> missing, pool = actual;
    for (const auto& line : expected) {
      auto it = std::find_if(pool.begin(), pool.end(),
                             [&](const std::string& a) { return LineMatches(line, a); });
      if (it == pool.end()) {
        missing.push_back(line);
      } else {
        pool.erase(it);
      }
    }
    if (!missing.empty()) {
      failure += "query result lacks these rows:\n" + Indent(Join(missing), "  - ");
    }
  } else {
    // Expected lines with <any> cells that match their actual line take its text, so that the
    // diff shows only real differences.
    for (size_t i = 0; i < expected.size() && i < actual.size(); ++i) {
      if (LineMatches(expected[i], actual[i])) expected[i] = actual[i];
    }
    if (actual != expected) {
      failure += "query result differs (- expected, + actual)\n" + LineDiff(expected, actual);
    }
  }
  last_ = std::move(o.sink);
  return failure;
}

std::string ScriptRunner::RunProduce(const Directive& d) {
  std::string topic = Substitute(d.arg);
  std::vector<ProduceRecord> records = d.records;
  for (auto& r : records) {
    if (r.key && !d.hex) r.key = Substitute(*r.key);
    if (r.value && !d.hex) r.value = Substitute(*r.value);
  }
  last_.reset();
  if (d.background) {
    background_ = std::make_unique<BackgroundProducer>(engine_->bootstrap_servers(), topic,
                                                       d.partition, std::move(records));
    return "";
  }
  try {
    ProduceRecords(engine_->bootstrap_servers(), topic, d.partition, records);
  } catch (const std::exception& e) {
    return std::string("produce failed: ") + e.what() + "\n";
  }
  return "";
}

std::string ScriptRunner::CheckReported(const Directive& d) {
  if (!last_) return "no previous statement to check\n";
  if (d.kind == DirectiveKind::kNoWarning) {
    if (last_->warnings.empty()) return "";
    return "unexpected warning(s)\n" + Reported(*last_);
  }
  const auto& texts = d.kind == DirectiveKind::kNotice ? last_->notices : last_->warnings;
  const char* what = d.kind == DirectiveKind::kNotice ? "notice" : "warning";
  if (AnyContains(texts, d.arg)) return "";
  std::string failure = std::string("no ") + what + " contains '" + d.arg + "'; got:\n";
  for (const auto& t : texts) failure += Indent(t, "  ");
  if (texts.empty()) failure += "  (none)\n";
  return failure;
}

std::string ScriptRunner::RunDirective(const Directive& d) {
  switch (d.kind) {
    case DirectiveKind::kStatementOk:
    case DirectiveKind::kStatementError:
      return RunStatement(d, Substitute(d.sql));
    case DirectiveKind::kQuery:
      return RunQuery(d, Substitute(d.sql));
    case DirectiveKind::kProduce:
      return RunProduce(d);
    case DirectiveKind::kNotice:
    case DirectiveKind::kWarning:
    case DirectiveKind::kNoWarning:
      return CheckReported(d);
    case DirectiveKind::kRestart:
      last_.reset();
      return Restart();
    case DirectiveKind::kDeleteRecords: {
      last_.reset();
      try {
        kafka::KafkaAdmin admin({.bootstrap_servers = engine_->bootstrap_servers()});
        admin.DeleteRecordsBefore(Substitute(d.arg), d.partition, d.offset);
      } catch (const std::exception& e) {
        return std::string("delete records failed: ") + e.what() + "\n";
      }
      return "";
    }
    case DirectiveKind::kIdle:
      return engine_->WaitForIdle(10000) ? "" : "background jobs did not catch up within 10 s\n";
    case DirectiveKind::kFile:
    case DirectiveKind::kAppend: {
      // Rewriting a followed file truncates it first, which a follower rightly reads as a
      // truncation (and starts over); growing one is what `append` is for.
      std::string name = temp_dir_ + "/" + d.arg;
      std::ofstream f(name, d.kind == DirectiveKind::kAppend ? std::ios::app : std::ios::trunc);
      for (const auto& line : d.body) f << Substitute(line) << "\n";
      if (!f) return "cannot write " + name + "\n";
      return "";
    }
  }
  return "unknown directive\n";
}

std::string ScriptRunner::Restart() {
  background_.reset();
  engine_.reset();
  try {
    OpenEngine();
  } catch (const std::exception& e) {
    return std::string("the engine did not reopen: ") + e.what() + "\n";
  }
  return "";
}

std::vector<std::string> ScriptRunner::PlanShape(const Directive& d, const std::string& id) {
  // Figures a restart resets (they are this process's): "Source ORDERS (topic orders; 4 offsets
  // skipped)", "Aggregate (...) GRACE 5000 ms; 1 late record(s) dropped".
  static const std::regex kFigures(R"(; [0-9,]+ (offsets? skipped|late record\(s\) dropped))");
  static const std::regex kState(R"(^Job \w+ \(\w+\) writing \S+: (\w+))");
  engine_->WaitForIdle(10000);  // a job that is about to fail has failed
  Outcome o = Execute(d, "EXPLAIN " + id + ";", false, -1, 0);
  std::vector<std::string> shape;
  for (const std::string& e : o.sink->errors) shape.push_back("error: " + e);
  std::smatch m;
  for (const std::string& n : o.sink->notices) {
    if (std::regex_search(n, m, kState)) shape.push_back("state: " + m[1].str());
  }
  // A failed job is not started again, so only its state can be compared.
  if (!shape.empty() && shape.back() == "state: FAILED") return shape;
  for (const std::string& line : o.sink->lines) {
    std::string first = SplitCells(line)[0];
    // Operator lines start with a name; the summary line's cells are figures.
    if (first.empty() || !std::isalpha(static_cast<unsigned char>(first[0]))) continue;
    shape.push_back(std::regex_replace(first, kFigures, ""));
  }
  return shape;
}

std::string ScriptRunner::RestartAndComparePlan(const Directive& d, const std::string& id) {
  std::vector<std::string> before = PlanShape(d, id);
  if (std::string failure = Restart(); !failure.empty()) return failure;
  for (const std::string& sql : session_statements_) {
    Outcome o = Execute(d, sql, false, -1, 0);
    if (!o.ok) return "replaying '" + sql + "' after the restart failed\n" + Reported(*o.sink);
  }
  std::vector<std::string> after = PlanShape(d, id);
  if (before == after) return "";
  return "restarted job " + id + " runs another plan (- before, + after the restart)\n" +
         LineDiff(before, after);
}

bool ScriptRunner::SkippedAfterRestarts(const Directive& d) {
  switch (d.kind) {
    case DirectiveKind::kStatementOk:
    case DirectiveKind::kStatementError:
    case DirectiveKind::kQuery:
      figures_skipped_ = ShowsJobFigures(d.sql);
      return figures_skipped_;
    case DirectiveKind::kNotice:
    case DirectiveKind::kWarning:
    case DirectiveKind::kNoWarning:
      return figures_skipped_;
    default:
      figures_skipped_ = false;
      return false;
  }
}

ScriptResult ScriptRunner::Run() {
  ScriptResult result;
  std::vector<Directive> directives;
  try {
    std::ifstream in(path_);
    if (!in) throw std::runtime_error(path_ + ": cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    directives = ParseScript(text.str(), path_);
    std::string pattern =
        (std::filesystem::temp_directory_path() / "riffle-sqltest-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    temp_dir_ = pattern;
    OpenEngine();
  } catch (const std::exception& e) {
    out_ << "FAIL " << e.what() << "\n";
    result.failed = 1;
    return result;
  }
  for (const Directive& d : directives) {
    auto start = std::chrono::steady_clock::now();
    if (restart_jobs_ && SkippedAfterRestarts(d)) {
      ++result.skipped;
      continue;
    }
    if (verbose_) out_ << path_ << ":" << d.line << ": running\n";
    std::string failure;
    try {
      failure = RunDirective(d);
    } catch (const std::exception& e) {
      failure = std::string("unexpected exception: ") + e.what() + "\n";
    }
    if (failure.empty()) {
      ++result.passed;
    } else {
      ++result.failed;
      out_ << "FAIL " << path_ << ":" << d.line << ": " << failure;
      if (!d.sql.empty()) out_ << "  SQL:\n" << Indent(Substitute(d.sql), "    ");
    }
    if (!engine_) {
      out_ << "FAIL " << path_ << ": no engine, stopping this script\n";
      ++result.failed;
      break;
    }
    if (verbose_) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
      out_ << "    (" << ms << " ms)\n";
    }
  }
  return result;
}

}  // namespace riffle::sqltest
