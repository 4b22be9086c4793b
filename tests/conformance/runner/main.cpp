// riffle-conformance: runs ksqlDB's query-validation tests (and REST query
// tests) against riffle.
//
//   riffle-conformance [--filter PATTERN] [--verbose] [--only-listed FILE]
//   [--update-passing]
//                      [--priority] [--reasons] [--jobs N] [--timeout SECONDS]
//                      [DIR]
//
// Every case runs in a forked child on a fresh engine (own embedded broker and
// catalog), so a crash or hang fails one case. Output: one line per file, the
// diff of each failing case with
// --verbose or --filter, and a last line "conformance: P passed, F failed, S
// skipped".

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/conformance/runner/case_runner.h"
#include "tests/conformance/runner/child_pool.h"
#include "tests/conformance/runner/test_case.h"

namespace fs = std::filesystem;

namespace riffle::conformance {
namespace {

struct Options {
  std::string dir = std::string(RIFFLE_SOURCE_DIR) + "/../shared/conformance/ksql-qtt";
  std::string filter;
  bool verbose = false;
  std::string only_listed;
  bool update_passing = false;
  std::string passing_file = std::string(RIFFLE_SOURCE_DIR) + "/tests/conformance/passing.txt";
  bool priority = false;
  bool reasons = false;
  int jobs = 6;
  int timeout_s = 60;
  bool no_fork = false;
};

void Usage() {
  std::cerr << "usage: riffle-conformance [options] [DIR]\n"
               "  DIR                 corpus directory (default "
               "../shared/conformance/ksql-qtt from the "
               "repository)\n"
               "  --filter PATTERN    run only cases whose name matches PATTERN "
               "(regex, case-insensitive)"
               "; prints diffs\n"
               "  --verbose           print the diff of every failing case\n"
               "  --only-listed FILE  run only the cases listed in FILE (one name "
               "per line); exit 1 if "
               "any fails\n"
               "  --update-passing    rewrite tests/conformance/passing.txt with the "
               "cases that passed\n"
               "  --passing-file FILE the list --update-passing writes (default "
               "tests/conformance/passing.txt)\n"
               "  --priority          run only the files named in DIR/PRIORITY.txt\n"
               "  --reasons           print failures grouped by their first error\n"
               "  --jobs N            cases run in parallel (default 6: a case mostly waits)\n"
               "  --timeout SECONDS   per-case time limit (default 60)\n"
               "  --no-fork           run cases one by one in this process (for "
               "debugging; a crash "
               "stops the run)\n";
}

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string value;
    if (a == "--filter") {
      if (!next(o.filter)) return false;
    } else if (a == "--verbose" || a == "-v") {
      o.verbose = true;
    } else if (a == "--only-listed") {
      if (!next(o.only_listed)) return false;
    } else if (a == "--update-passing") {
      o.update_passing = true;
    } else if (a == "--passing-file") {
      if (!next(o.passing_file)) return false;
    } else if (a == "--priority") {
      o.priority = true;
    } else if (a == "--reasons") {
      o.reasons = true;
    } else if (a == "--jobs" || a == "-j") {
      if (!next(value)) return false;
      o.jobs = std::max(1, std::atoi(value.c_str()));
    } else if (a == "--timeout") {
      if (!next(value)) return false;
      o.timeout_s = std::max(1, std::atoi(value.c_str()));
    } else if (a == "--no-fork") {
      o.no_fork = true;
    } else if (a == "--help" || a == "-h") {
      return false;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "unknown option " << a << "\n";
      return false;
    } else {
      o.dir = a;
    }
  }
  return true;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// The corpus files, query-validation tests first, each sorted by name.
std::vector<std::pair<std::string, bool>> FindFiles(const Options& o) {
  std::set<std::string> priority;
  if (o.priority) {
    for (const std::string& f : ReadLines(o.dir + "/PRIORITY.txt")) priority.insert(f);
  }
  std::vector<std::pair<std::string, bool>> files;
  for (const auto& [sub, rest] : {std::pair<std::string, bool>{"query-validation-tests", false},
                                  {"rest-query-validation-tests", true}}) {
    fs::path dir = fs::path(o.dir) / sub;
    if (!fs::is_directory(dir)) continue;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      if (o.priority && !priority.count(n)) continue;
      files.emplace_back(sub + "/" + n, rest);
    }
  }
  return files;
}

// A case "needs only simple formats" when nothing in it mentions AVRO, PROTOBUF
// or JSON_SR.
bool SimpleFormats(const TestCase& c) {
  static const std::regex kRich("AVRO|PROTOBUF|JSON_SR", std::regex::icase);
  for (const std::string& s : c.statements) {
    if (std::regex_search(s, kRich)) return false;
  }
  return true;
}

// The first error of a failure, without case-specific text, for grouping.
std::string Reason(const std::string& detail) {
  std::string first = detail.substr(0, detail.find('\n'));
  if (first.rfind("statement failed:", 0) == 0) {
    size_t nl = detail.find('\n');
    std::string err = nl == std::string::npos ? first : detail.substr(nl + 1);
    err = err.substr(0, err.find('\n'));
    static const std::regex kPos("^\\s*ERROR (\\w+)( at \\d+:\\d+)?: ");
    err = std::regex_replace(err, kPos, "$1: ");
    return err.size() > 140 ? err.substr(0, 140) + "..." : err;
  }
  if (first.rfind("topic ", 0) == 0) {
    return first.find("got 0 record") != std::string::npos ? "output: no records on a sink topic"
                                                           : "output: records differ";
  }
  if (first.rfind("post: schema", 0) == 0) return "post: schema differs";
  if (first.rfind("expected an error", 0) == 0 || first.rfind("expected a parse", 0) == 0) {
    return first.find("every statement succeeded") != std::string::npos ||
                   detail.find("every statement succeeded") != std::string::npos
               ? "expected an error, but the statements succeeded"
               : "an error was raised, with a different message";
  }
  return first.size() > 140 ? first.substr(0, 140) + "..." : first;
}

struct FileResult {
  std::string file;
  size_t first = 0, count = 0;  // cases [first, first + count)
  size_t finished = 0;
};

int Main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    Usage();
    return 2;
  }
  if (!fs::is_directory(o.dir)) {
    std::cerr << "riffle-conformance: corpus directory " << o.dir << " not found\n";
    return 2;
  }
  std::set<std::string> listed;
  if (!o.only_listed.empty()) {
    for (const std::string& n : ReadLines(o.only_listed)) listed.insert(n);
  }
  std::regex filter;
  if (!o.filter.empty()) {
    try {
      filter = std::regex(o.filter, std::regex::icase);
    } catch (const std::regex_error&) {
      std::string escaped =
          std::regex_replace(o.filter, std::regex("[.^$|()\\[\\]{}*+?\\\\]"), "\\$&");
      filter = std::regex(escaped, std::regex::icase);
    }
  }

  // Load and select the cases.
  std::vector<TestCase> cases;
  std::vector<FileResult> files;
  std::vector<std::string> load_errors;
  std::set<std::string> found_names;
  for (const auto& [file, rest] : FindFiles(o)) {
    std::vector<TestCase> loaded;
    try {
      loaded = LoadTestFile((fs::path(o.dir) / file).string(), file, rest);
    } catch (const std::exception& e) {
      load_errors.push_back(file + ": " + e.what());
      continue;
    }
    FileResult fr{file, cases.size(), 0, 0};
    for (TestCase& c : loaded) {
      found_names.insert(c.name);
      if (!o.filter.empty() && !std::regex_search(c.name, filter)) continue;
      if (!o.only_listed.empty() && !listed.count(c.name)) continue;
      cases.push_back(std::move(c));
    }
    fr.count = cases.size() - fr.first;
    if (fr.count > 0) files.push_back(fr);
  }

  std::vector<int> status(cases.size(), 0);  // 1 passed, 2 failed, 3 skipped
  std::vector<std::string> details(cases.size());
  std::vector<size_t> file_of(cases.size());
  for (size_t f = 0; f < files.size(); ++f) {
    for (size_t i = 0; i < files[f].count; ++i) file_of[files[f].first + i] = f;
  }
  bool show_diffs = o.verbose || !o.filter.empty() || !o.only_listed.empty();
  size_t next_file_to_print = 0;
  auto print_ready_files = [&] {
    while (next_file_to_print < files.size() &&
           files[next_file_to_print].finished == files[next_file_to_print].count) {
      const FileResult& fr = files[next_file_to_print++];
      int p = 0, f = 0, s = 0, simple = 0, simple_passed = 0;
      for (size_t i = fr.first; i < fr.first + fr.count; ++i) {
        p += status[i] == 1;
        f += status[i] == 2;
        s += status[i] == 3;
        if (status[i] != 3 && SimpleFormats(cases[i])) {
          ++simple;
          simple_passed += status[i] == 1;
        }
      }
      std::cout << fr.file << "  passed=" << p << " failed=" << f << " skipped=" << s
                << "  (simple formats: " << simple_passed << "/" << simple << ")\n";
      if (show_diffs) {
        for (size_t i = fr.first; i < fr.first + fr.count; ++i) {
          if (status[i] != 2) continue;
          std::cout << "  FAILED " << cases[i].name << "\n  " << details[i] << "\n";
        }
      }
      std::cout.flush();
    }
  };

  // Skipped cases need no child.
  std::vector<size_t> to_run;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (!cases[i].enabled) {
      status[i] = 3;
      ++files[file_of[i]].finished;
    } else {
      to_run.push_back(i);
    }
  }
  print_ready_files();

  char tmpl[] = "/tmp/riffle-conformance-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "riffle-conformance: cannot create a temporary directory\n";
    return 2;
  }
  std::string work_root = tmpl;
  auto work_dir = [&](size_t k) { return work_root + "/case-" + std::to_string(k); };
  auto run_one = [&](size_t k) {
    CaseOptions options;
    options.work_dir = work_dir(k);
    CaseOutcome outcome = RunCase(cases[to_run[k]], options);
    return std::string(outcome.passed ? "1" : "0") + outcome.detail;
  };
  auto record = [&](size_t k, const ChildResult& result) {
    size_t i = to_run[k];
    if (result.completed && !result.output.empty()) {
      status[i] = result.output[0] == '1' ? 1 : 2;
      details[i] = result.output.substr(1);
    } else {
      status[i] = 2;
      details[i] = result.completed ? "the case reported nothing" : result.failure;
    }
    ++files[file_of[i]].finished;
    print_ready_files();
  };
  auto make_dir = [&](size_t k) { fs::create_directories(work_dir(k)); };
  auto remove_dir = [&](size_t k) {
    std::error_code ec;
    fs::remove_all(work_dir(k), ec);
  };
  if (o.no_fork) {
    for (size_t k = 0; k < to_run.size(); ++k) {
      make_dir(k);
      ChildResult result;
      result.completed = true;
      result.output = run_one(k);
      remove_dir(k);
      record(k, result);
    }
  } else {
    RunInChildren(to_run.size(), o.jobs, o.timeout_s * 1000, run_one, record, make_dir, remove_dir);
  }
  std::error_code ec;
  fs::remove_all(work_root, ec);

  int passed = 0, failed = 0, skipped = 0, simple_total = 0, simple_passed = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    passed += status[i] == 1;
    failed += status[i] == 2;
    skipped += status[i] == 3;
    if (SimpleFormats(cases[i]) && status[i] != 3) {
      ++simple_total;
      simple_passed += status[i] == 1;
    }
  }
  for (const std::string& e : load_errors) {
    std::cout << "FAILED to read " << e << "\n";
    ++failed;
  }
  int exit_code = 0;
  if (!o.only_listed.empty()) {
    for (const std::string& name : listed) {
      if (!found_names.count(name)) {
        std::cout << "listed case not found in the corpus: " << name << "\n";
        ++failed;
      }
    }
    if (failed > 0) exit_code = 1;
  }
  if (o.reasons) {
    std::map<std::string, int> counts;
    for (size_t i = 0; i < cases.size(); ++i) {
      if (status[i] == 2) ++counts[Reason(details[i])];
    }
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [reason, n] : counts) sorted.emplace_back(n, reason);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::cout << "failures by first error:\n";
    for (const auto& [n, reason] : sorted) std::cout << "  " << n << "  " << reason << "\n";
  }
  if (o.update_passing) {
    // Cases that did not run this time keep their entry; the ones that ran are
    // replaced.
    std::set<std::string> keep;
    std::set<std::string> ran;
    for (const TestCase& c : cases) ran.insert(c.name);
    for (const std::string& n : ReadLines(o.passing_file)) {
      if (!ran.count(n)) keep.insert(n);
    }
    for (size_t i = 0; i < cases.size(); ++i) {
      if (status[i] == 1) keep.insert(cases[i].name);
    }
    std::ofstream out(o.passing_file);
    out << "# Conformance cases that pass; `make test` fails if one "
           "regresses.\n"
           "# Rewritten by: riffle-conformance --update-passing\n";
    for (const std::string& n : keep) out << n << "\n";
    std::cout << "wrote " << keep.size() << " passing case(s) to " << o.passing_file << "\n";
  }
  std::cout << "simple formats (JSON, DELIMITED, KAFKA, NONE): " << simple_passed << " of "
            << simple_total << " passed\n";
  std::cout << "conformance: " << passed << " passed, " << failed << " failed, " << skipped
            << " skipped" << std::endl;
  return exit_code;
}

}  // namespace
}  // namespace riffle::conformance

int main(int argc, char** argv) { return riffle::conformance::Main(argc, argv); }
