#pragma once
// The engine: one per shell process. Owns the catalog, the Kafka connection (embedded broker
// when none is configured), the session properties and the running jobs.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/engine/job_status.h"
#include "core/engine/result_sink.h"
#include "core/exec/window_timeline.h"

namespace riffle {

struct EngineOptions {
  std::string catalog_path;       // SQLite file; created (0600, directory 0700) if missing
  std::string bootstrap_servers;  // empty: riffle's local broker (started, or attached to)
  // The local broker's data directory ("" = broker::DefaultBrokerDir(catalog_path)) and its
  // address ("" = 127.0.0.1 on the port it had last time).
  std::string broker_dir;
  std::string listen;
  // The process exits right after destroying the engine (the riffle binary). Kept for callers;
  // the local broker always stops cleanly (it fsyncs and marks its log clean).
  bool fast_exit = false;
  // The file connector's data directory ("" = the current directory) and further directories
  // its PATHs may name (--allow-path).
  std::string data_dir;
  std::vector<std::string> allowed_paths;
  // librdkafka properties for every Kafka client (riffle --config FILE: SASL/SSL settings and
  // tuning), checked by the caller; `SET 'kafka.<prop>'` adds to them for clients made later.
  std::map<std::string, std::string> kafka_config;
  // Allow librdkafka properties that load code, run commands or name files outside the data and
  // allowed directories (connectors/kafka/property_policy.h).
  bool allow_unsafe_kafka_config = false;
  // A Confluent Schema Registry for AVRO, PROTOBUF and JSON_SR schemas (--schema-registry URL,
  // user info allowed); empty: the catalog's own registry. The user info ("user:password", from
  // --schema-registry-user or basic.auth.user.info) is a secret and replaces the URL's.
  std::string schema_registry_url;
  std::string schema_registry_user_info;
  // Session properties set when riffle starts, as by SET (riffle --config FILE: ksqlDB's
  // ksql.logging.processing.* lines). An invalid one fails the start.
  std::map<std::string, std::string> session_properties;
};

// The names the shell offers in Tab completion: a snapshot of the catalog.
struct CatalogNames {
  struct Source {
    std::string name;
    std::string topic;
    bool is_table = false;
    std::vector<std::string> columns;
  };
  std::vector<Source> sources;
  std::vector<std::string> jobs;        // job ids
  std::vector<std::string> properties;  // session property names
};

class Engine {
 public:
  // Opens the catalog and connects to Kafka (or starts the embedded broker), reporting what it
  // did through `sink` (banner with the broker address, topics re-created, ...). Throws
  // RiffleError when the catalog cannot be opened or Kafka cannot be reached.
  static std::unique_ptr<Engine> Open(const EngineOptions& options, ResultSink& sink);
  virtual ~Engine() = default;

  // Parses and runs every statement in `text` (one or more, ';'-separated), reporting results
  // and errors through `sink`. Push queries stream rows until LIMIT or Cancel(). Returns false
  // if any statement failed; statements after a failed one still run only when
  // `continue_on_error` is true. Never throws for user errors.
  virtual bool Execute(const std::string& text, ResultSink& sink, bool continue_on_error) = 0;

  // Asks the statement running in Execute() to stop (Ctrl-C). Safe from a signal-watching
  // thread; the running push query ends promptly with summary "Query terminated".
  virtual void Cancel() = 0;

  // Waits until every running background job has read its source topics up to their current
  // ends and delivered its output (repeating until nothing changes, so chains of jobs settle).
  // Returns false if that did not happen within `timeout_ms`. For tests and the conformance
  // runner: no sleeps-and-hope.
  virtual bool WaitForIdle(int timeout_ms) = 0;

  // The Kafka bootstrap address in use (the embedded broker's when embedded).
  virtual std::string bootstrap_servers() const = 0;

  // What happened in the background since the last call, one line each, oldest first: job
  // control another riffle process asked for and this one applied, or this process taking over
  // the catalog's broker and jobs when the process that ran them exited. Any thread.
  virtual std::vector<std::string> TakeEvents() { return {}; }

  // Every job of the catalog with its live status (job_status.h), in catalog order. Any thread;
  // reads the catalog and asks the broker for lag.
  virtual std::vector<JobStatus> JobStatuses() { return {}; }

  // The windows of job `job_id`'s windowed aggregation, for the shell's `.timeline`: at most
  // `max_windows` held windows (those that end last; 0: all) and the windows it closed last
  // (AggregateOperator::Timeline). Any thread; the job goes on running. Throws RiffleError when
  // the job is unknown (kBind, with a suggestion), runs in another riffle process or has
  // stopped (kRuntime), or aggregates no window (kBind).
  virtual WindowTimeline JobTimeline(const std::string& job_id, size_t max_windows) {
    (void)max_windows;
    throw RiffleError(ErrorKind::kRuntime, "job " + job_id + " has no window timeline here");
  }

  // The catalog's names for Tab completion. Call from the thread that calls Execute(), between
  // statements. Never throws (an unreadable catalog gives empty lists).
  virtual CatalogNames ListNames() { return {}; }
};

}  // namespace riffle
