#pragma once
// Command-line options of the `riffle` binary. Parsing is pure (the environment is passed in)
// so it can be tested without touching the process environment.

#include <cstdint>
#include <string>
#include <vector>

#include "shell/output_format.h"

namespace riffle::shell {

// What main() should do once options are parsed.
enum class CliMode {
  kRun,      // run -f / -e if given, then the REPL (TTY or --interactive) or piped stdin
  kBroker,   // `riffle broker`: run a standalone embedded broker until interrupted
  kDatagen,  // `riffle datagen`: produce generated JSON records into a Kafka topic
  kHeadless,  // `riffle run FILE`: run FILE, keep its jobs running until SIGTERM/SIGINT
  kHelp,     // print Usage() to stdout, exit 0
  kVersion,  // print the version to stdout, exit 0
};

struct CliOptions {
  CliMode mode = CliMode::kRun;
  std::string file;               // -f FILE; empty when not given
  std::string execute;            // -e SQL; empty when not given
  bool has_execute = false;       // -e was given (its text may legitimately be empty)
  bool interactive = false;       // --interactive: stay in the REPL after -f / -e
  std::string catalog_path;       // --catalog, else <home>/.riffle/catalog.db
  std::string bootstrap_servers;  // --bootstrap-server, else RIFFLE_BOOTSTRAP_SERVERS, else ""
  OutputFormat output = OutputFormat::kTable;
  std::string address_file;  // `broker --address-file F`; empty when not given
  // The local broker's data directory (--broker-dir; default: next to the catalog, see
  // broker::DefaultBrokerDir) and its listener (--listen HOST:PORT; default 127.0.0.1 on the
  // port it had last time).
  std::string broker_dir;
  std::string listen;
  // `riffle run --metrics HOST:PORT`: serve the jobs' figures for Prometheus there.
  std::string metrics_listen;
  // The file connector's data directory (--data-dir, default the current directory) and more
  // directories its paths may name (--allow-path, repeatable).
  std::string data_dir;
  std::vector<std::string> allowed_paths;
  // --config FILE: librdkafka properties for every Kafka client (SASL/SSL, tuning).
  std::string kafka_config_file;
  bool allow_unsafe_kafka_config = false;  // --allow-unsafe-kafka-config
  // --schema-registry URL, --schema-registry-user USER (the password from
  // $RIFFLE_SCHEMA_REGISTRY_PASSWORD: a command line is visible to every local user).
  std::string schema_registry_url;
  std::string schema_registry_user;
  std::string schema_registry_password;  // a secret
  // `riffle datagen --generator G --topic T [--rate N] [--count N] [--seed N]`.
  std::string datagen_generator;
  std::string datagen_topic;
  int64_t datagen_rate = 0;    // records per second; 0: as fast as possible
  int64_t datagen_count = -1;  // -1: until interrupted
  int64_t datagen_seed = -1;   // -1: random
};

// The parts of the process environment that option defaults depend on.
struct CliEnvironment {
  std::string home;                   // $HOME (or the passwd entry); may be empty
  std::string bootstrap_servers_env;  // $RIFFLE_BOOTSTRAP_SERVERS; empty when unset
  std::string schema_registry_password_env;  // $RIFFLE_SCHEMA_REGISTRY_PASSWORD (a secret)
};

struct CliParseResult {
  CliOptions options;
  std::string error;  // non-empty: a usage error; main prints it and Usage() and exits 2
  bool ok() const { return error.empty(); }
};

// Parses argv[1..] (the program name excluded). Accepts `--opt value` and `--opt=value` for
// long options with values. Never throws; unknown flags, missing values, stray positional
// arguments and conflicting options (-f with -e) are reported in `error`.
CliParseResult ParseCliOptions(const std::vector<std::string>& args, const CliEnvironment& env);

// Reads HOME (falling back to the passwd entry), RIFFLE_BOOTSTRAP_SERVERS and
// RIFFLE_SCHEMA_REGISTRY_PASSWORD.
CliEnvironment CurrentCliEnvironment();

// The directory riffle keeps per-user state in (<home>/.riffle, or ".riffle" without a home).
std::string RiffleStateDir(const CliEnvironment& env);

// The --help text (ends with a newline).
std::string Usage();

// "riffle 0.1.0" (the RIFFLE_VERSION the shell library was built with).
std::string VersionString();

}  // namespace riffle::shell
