#include "shell/cli_options.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "connectors/broker/local_broker.h"
#include "core/common/text.h"

#ifndef RIFFLE_VERSION
#define RIFFLE_VERSION "unknown"
#endif

namespace riffle::shell {
namespace {

// Splits "--name=value" into name and value; `value` stays nullopt without '='.
void SplitLongOption(const std::string& arg, std::string* name, std::optional<std::string>* value) {
  size_t eq = arg.find('=');
  if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
    *name = arg.substr(0, eq);
    *value = arg.substr(eq + 1);
  } else {
    *name = arg;
    value->reset();
  }
}

// Walks the argument list, handing out option values from `--opt=value` or the next argument.
class ArgCursor {
 public:
  explicit ArgCursor(const std::vector<std::string>& args) : args_(args) {}
  bool Done() const { return index_ >= args_.size(); }
  const std::string& Next() { return args_[index_++]; }
  // The value for option `name`: the inline part if any, else the next argument. Sets `error`
  // and returns false when there is none.
  bool Value(const std::string& name, const std::optional<std::string>& inline_value,
             std::string* out, std::string* error) {
    if (inline_value) {
      *out = *inline_value;
      return true;
    }
    if (Done()) {
      *error = "option " + name + " requires a value";
      return false;
    }
    *out = Next();
    return true;
  }

 private:
  const std::vector<std::string>& args_;
  size_t index_ = 0;
};

// --catalog, --broker-dir and --listen, shared by `riffle` and `riffle broker`.
bool ParseBrokerPlacement(const std::string& name, const std::optional<std::string>& inline_value,
                          ArgCursor& cursor, CliOptions* opts, std::string* error) {
  std::string* target = name == "--catalog"      ? &opts->catalog_path
                        : name == "--broker-dir" ? &opts->broker_dir
                                                 : &opts->listen;
  if (!cursor.Value(name, inline_value, target, error)) return false;
  if (target->empty()) {
    *error = "option " + name + " requires " + (name == "--listen" ? "HOST:PORT" : "a path");
    return false;
  }
  if (name == "--listen") {
    size_t colon = target->rfind(':');
    bool ok = colon != std::string::npos && colon > 0 && colon + 1 < target->size() &&
              target->find_first_not_of("0123456789", colon + 1) == std::string::npos &&
              target->size() - colon - 1 <= 5 && std::stoi(target->substr(colon + 1)) <= 65535;
    if (!ok) {
      *error = "option --listen needs HOST:PORT (an IPv4 address and a port 0-65535), not '" +
               *target + "'";
      return false;
    }
  }
  return true;
}

CliParseResult ParseBroker(const std::vector<std::string>& args, CliParseResult result) {
  result.options.mode = CliMode::kBroker;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  ArgCursor cursor(rest);
  while (!cursor.Done()) {
    std::string name;
    std::optional<std::string> inline_value;
    SplitLongOption(cursor.Next(), &name, &inline_value);
    if (name == "--address-file") {
      if (!cursor.Value(name, inline_value, &result.options.address_file, &result.error)) {
        return result;
      }
    } else if (name == "--catalog" || name == "--broker-dir" || name == "--listen") {
      if (!ParseBrokerPlacement(name, inline_value, cursor, &result.options, &result.error)) {
        return result;
      }
    } else if (name == "-h" || name == "--help") {
      result.options.mode = CliMode::kHelp;
    } else {
      result.error = "unknown option for 'riffle broker': " + name;
      return result;
    }
  }
  return result;
}

// `riffle datagen --generator G --topic T [--rate N] [--count N] [--seed N]
// [--bootstrap-server H:P | --catalog PATH | --broker-dir DIR | --listen H:P]`.
CliParseResult ParseDatagen(const std::vector<std::string>& args, CliParseResult result) {
  CliOptions& opts = result.options;
  opts.mode = CliMode::kDatagen;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  ArgCursor cursor(rest);
  auto number = [&](const std::string& name, const std::string& text, int64_t min,
                    int64_t* out) {
    std::optional<int64_t> n = ParseInt64(text);
    if (n) *out = *n;
    if (!n || *n < min) {
      result.error = "option " + name + " needs a whole number >= " + std::to_string(min);
      return false;
    }
    return true;
  };
  while (!cursor.Done()) {
    std::string name, text;
    std::optional<std::string> inline_value;
    SplitLongOption(cursor.Next(), &name, &inline_value);
    std::string* error = &result.error;
    if (name == "-h" || name == "--help") {
      opts.mode = CliMode::kHelp;
      continue;
    }
    if (name == "--catalog" || name == "--broker-dir" || name == "--listen") {
      if (!ParseBrokerPlacement(name, inline_value, cursor, &opts, error)) return result;
      continue;
    }
    if (name != "--generator" && name != "--topic" && name != "--rate" && name != "--count" &&
        name != "--seed" && name != "--bootstrap-server" && name != "--bootstrap-servers") {
      *error = "unknown option for 'riffle datagen': " + name;
      return result;
    }
    if (!cursor.Value(name, inline_value, &text, error)) return result;
    if (name == "--generator") {
      opts.datagen_generator = text;
    } else if (name == "--topic") {
      opts.datagen_topic = text;
    } else if (name == "--rate") {
      if (!number(name, text, 1, &opts.datagen_rate)) return result;
    } else if (name == "--count") {
      if (!number(name, text, 0, &opts.datagen_count)) return result;
    } else if (name == "--seed") {
      if (!number(name, text, 0, &opts.datagen_seed)) return result;
    } else {
      opts.bootstrap_servers = text;
    }
  }
  if (opts.mode == CliMode::kDatagen && (opts.datagen_generator.empty() ||
                                         opts.datagen_topic.empty())) {
    result.error = "'riffle datagen' needs --generator NAME and --topic TOPIC";
  }
  if (!opts.bootstrap_servers.empty() && (!opts.listen.empty() || !opts.broker_dir.empty())) {
    result.error = "--listen and --broker-dir are for the local broker; they cannot be used with "
                   "--bootstrap-server";
  }
  return result;
}

}  // namespace

std::string RiffleStateDir(const CliEnvironment& env) {
  if (env.home.empty()) return ".riffle";
  std::string home = env.home;
  while (home.size() > 1 && home.back() == '/') home.pop_back();
  return home == "/" ? "/.riffle" : home + "/.riffle";
}

CliParseResult ParseCliOptions(const std::vector<std::string>& args, const CliEnvironment& env) {
  CliParseResult result;
  CliOptions& opts = result.options;
  opts.catalog_path = RiffleStateDir(env) + "/catalog.db";
  opts.bootstrap_servers = env.bootstrap_servers_env;

  if (!args.empty() && args[0] == "broker") return ParseBroker(args, std::move(result));
  if (!args.empty() && args[0] == "datagen") return ParseDatagen(args, std::move(result));

  // `riffle run FILE [options]`: the file is the one positional argument.
  bool headless = !args.empty() && args[0] == "run";
  std::vector<std::string> rest(args.begin() + (headless ? 1 : 0), args.end());
  bool has_file = false;
  ArgCursor cursor(rest);
  while (!cursor.Done()) {
    std::string name;
    std::optional<std::string> inline_value;
    SplitLongOption(cursor.Next(), &name, &inline_value);
    std::string* error = &result.error;
    if (name == "-h" || name == "--help") {
      opts.mode = CliMode::kHelp;
    } else if (name == "-V" || name == "--version") {
      opts.mode = CliMode::kVersion;
    } else if (name == "-f" || name == "--file") {
      if (has_file) {
        *error = "option -f given more than once";
        return result;
      }
      if (!cursor.Value(name, inline_value, &opts.file, error)) return result;
      if (opts.file.empty()) {
        *error = "option -f requires a file name";
        return result;
      }
      has_file = true;
    } else if (name == "-e" || name == "--execute") {
      if (opts.has_execute) {
        *error = "option -e given more than once";
        return result;
      }
      if (!cursor.Value(name, inline_value, &opts.execute, error)) return result;
      opts.has_execute = true;
    } else if (name == "-i" || name == "--interactive") {
      if (inline_value) {
        *error = "option --interactive takes no value";
        return result;
      }
      opts.interactive = true;
    } else if (name == "--catalog" || name == "--broker-dir" || name == "--listen") {
      if (!ParseBrokerPlacement(name, inline_value, cursor, &opts, error)) return result;
    } else if (name == "--bootstrap-server" || name == "--bootstrap-servers") {
      if (!cursor.Value(name, inline_value, &opts.bootstrap_servers, error)) return result;
      if (opts.bootstrap_servers.empty()) {
        *error = "option --bootstrap-server requires HOST:PORT";
        return result;
      }
    } else if (name == "--schema-registry") {
      if (!cursor.Value(name, inline_value, &opts.schema_registry_url, error)) return result;
      if (opts.schema_registry_url.empty()) {
        *error = "option --schema-registry requires a URL (e.g. http://localhost:8081)";
        return result;
      }
    } else if (name == "--schema-registry-user") {
      if (!cursor.Value(name, inline_value, &opts.schema_registry_user, error)) return result;
      if (opts.schema_registry_user.empty() ||
          opts.schema_registry_user.find(':') != std::string::npos) {
        *error = "option --schema-registry-user requires a user name without ':' (the password "
                 "comes from $RIFFLE_SCHEMA_REGISTRY_PASSWORD)";
        return result;
      }
      if (env.schema_registry_password_env.empty()) {
        *error = "option --schema-registry-user needs the password in "
                 "$RIFFLE_SCHEMA_REGISTRY_PASSWORD";
        return result;
      }
      opts.schema_registry_password = env.schema_registry_password_env;
    } else if (name == "--config") {
      if (!cursor.Value(name, inline_value, &opts.kafka_config_file, error)) return result;
      if (opts.kafka_config_file.empty()) {
        *error = "option --config requires a file of Kafka client properties";
        return result;
      }
    } else if (name == "--allow-unsafe-kafka-config") {
      if (inline_value) {
        *error = "option --allow-unsafe-kafka-config takes no value";
        return result;
      }
      opts.allow_unsafe_kafka_config = true;
    } else if (name == "--metrics") {
      if (!cursor.Value(name, inline_value, &opts.metrics_listen, error)) return result;
      std::string host;
      int port = 0;
      if (!broker::ParseListenAddress(opts.metrics_listen, &host, &port)) {
        *error = "option --metrics needs HOST:PORT (an IPv4 address and a port 0-65535), not '" +
                 opts.metrics_listen + "'";
        return result;
      }
    } else if (name == "--data-dir") {
      if (!cursor.Value(name, inline_value, &opts.data_dir, error)) return result;
    } else if (name == "--allow-path") {
      std::string dir;
      if (!cursor.Value(name, inline_value, &dir, error)) return result;
      if (dir.empty()) {
        *error = "option --allow-path requires a directory";
        return result;
      }
      opts.allowed_paths.push_back(dir);
    } else if (name == "-o" || name == "--output") {
      std::string text;
      if (!cursor.Value(name, inline_value, &text, error)) return result;
      std::optional<OutputFormat> format = ParseOutputFormat(text);
      if (!format) {
        *error = "unknown output format '" + text + "' (expected " + OutputFormatChoices() + ")";
        return result;
      }
      opts.output = *format;
    } else if (name == "broker") {
      *error = "'broker' must be the first argument: riffle broker [--listen HOST:PORT]";
      return result;
    } else if (!name.empty() && name[0] == '-') {
      *error = "unknown option: " + name;
      return result;
    } else if (headless && !has_file) {
      opts.file = name;
      has_file = true;
    } else {
      *error = "unexpected argument: '" + name + "' (use -f FILE to run a script)";
      return result;
    }
  }
  if (has_file && opts.has_execute) {
    result.error = "options -f and -e cannot be used together";
  }
  if (!opts.bootstrap_servers.empty() && (!opts.listen.empty() || !opts.broker_dir.empty())) {
    result.error = "--listen and --broker-dir are for the local broker; they cannot be used with "
                   "--bootstrap-server";
  }
  if (!opts.metrics_listen.empty() && !headless) {
    result.error = "--metrics is for 'riffle run': riffle run FILE.sql --metrics HOST:PORT";
  }
  if (headless && opts.mode == CliMode::kRun) {
    if (!has_file) {
      result.error = "'riffle run' needs a file: riffle run FILE.sql";
    } else if (opts.has_execute || opts.interactive) {
      result.error = "'riffle run FILE' takes no -e or --interactive";
    }
    opts.mode = CliMode::kHeadless;
  }
  return result;
}

CliEnvironment CurrentCliEnvironment() {
  CliEnvironment env;
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    env.home = home;
  } else if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    env.home = pw->pw_dir;
  }
  if (const char* servers = std::getenv("RIFFLE_BOOTSTRAP_SERVERS"); servers != nullptr) {
    env.bootstrap_servers_env = servers;
  }
  if (const char* password = std::getenv("RIFFLE_SCHEMA_REGISTRY_PASSWORD");
      password != nullptr) {
    env.schema_registry_password_env = password;
  }
  return env;
}

std::string Usage() {
  return "Usage: riffle [options]\n"
         "       riffle run FILE.sql [--catalog PATH] [--bootstrap-server H:P]\n"
         "                  [--schema-registry URL] [--metrics H:P]\n"
         "       riffle broker [--catalog PATH | --broker-dir DIR] [--listen H:P]\n"
         "                     [--address-file FILE]\n"
         "       riffle datagen --generator G --topic T [--rate N] [--count N] [--seed N]\n"
         "                      [--catalog PATH | --broker-dir DIR | --bootstrap-server H:P]\n"
         "\n"
         "A streaming-SQL shell (ksqlDB's dialect) over Kafka.\n"
         "\n"
         "With no -f or -e, riffle reads statements from the terminal (an interactive prompt)\n"
         "or, when stdin is not a terminal, runs the statements piped into it.\n"
         "\n"
         "Options:\n"
         "  -f, --file FILE              run the statements in FILE, then exit\n"
         "  -e, --execute SQL            run the statements in SQL, then exit\n"
         "  -i, --interactive            after -f or -e, stay at the interactive prompt\n"
         "      --catalog PATH           catalog database (default ~/.riffle/catalog.db)\n"
         "      --bootstrap-server H:P   Kafka to use (default $RIFFLE_BOOTSTRAP_SERVERS, else\n"
         "                               riffle's local broker, its data kept on disk)\n"
         "      --broker-dir DIR         the local broker's data (default: next to the catalog,\n"
         "                               ~/.riffle/catalog.kafka for the default catalog)\n"
         "      --listen HOST:PORT       the local broker's address (default 127.0.0.1 on the\n"
         "                               port it had last time)\n"
         "      --config FILE            Kafka client properties (key=value lines: SASL/SSL,\n"
         "                               bootstrap.servers, tuning, and the Schema Registry's\n"
         "                               schema.registry.url and basic.auth.user.info);\n"
         "                               SET 'kafka.<prop>' adds more\n"
         "      --schema-registry URL    a Confluent Schema Registry for AVRO, PROTOBUF and\n"
         "                               JSON_SR schemas (default: riffle's own, in the catalog)\n"
         "      --schema-registry-user USER  its basic-auth user; the password comes from\n"
         "                               $RIFFLE_SCHEMA_REGISTRY_PASSWORD\n"
         "      --allow-unsafe-kafka-config  allow Kafka properties that load code or run\n"
         "                               commands (plugin.library.paths, ssl.providers,\n"
         "                               ssl.engine.*, sasl.kerberos.kinit.cmd) or read files\n"
         "                               anywhere\n"
         "      --data-dir DIR           where CONNECTOR='file' paths and Kafka key/certificate\n"
         "                               files resolve (default: .)\n"
         "      --allow-path DIR         let file paths name DIR too (repeatable)\n"
         "  -o, --output FORMAT          table (default), json (one object per row), csv,\n"
         "                               markdown, line or vertical\n"
         "  -h, --help                   show this help and exit\n"
         "  -V, --version                show the version and exit\n"
         "\n"
         "Subcommands:\n"
         "  run FILE.sql                 headless: run FILE, keep its background jobs running\n"
         "                               until SIGTERM/SIGINT, then checkpoint and exit 0;\n"
         "                               --metrics H:P serves Prometheus metrics on /metrics\n"
         "  broker [--address-file FILE] run only the catalog's local broker; write its address\n"
         "                               to FILE and run until interrupted\n"
         "  datagen --generator G --topic T  produce generated JSON records (orders, pageviews,\n"
         "                               users, trades, bid, auction, person) into topic T of\n"
         "                               the catalog's local broker (or --bootstrap-server)\n"
         "\n"
         "Rows and notices go to stdout (notices and query summaries go to stderr with json or\n"
         "csv, keeping stdout machine-readable); warnings and errors go to stderr. The exit\n"
         "status is 1 when any statement failed, 2 for a usage error.\n";
}

std::string VersionString() { return std::string("riffle ") + RIFFLE_VERSION; }

}  // namespace riffle::shell
