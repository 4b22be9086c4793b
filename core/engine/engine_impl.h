#pragma once
// The engine's implementation: statement dispatch and the state statements share. Each kind of
// statement lives in its own file (ddl.cpp, insert.cpp, query.cpp, show.cpp, describe.cpp,
// session.cpp, print.cpp).

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/process_lock.h"
#include "connectors/broker/local_broker.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "core/engine/engine.h"
#include "core/engine/processing_log_stream.h"
#include "core/engine/schema_ddl.h"
#include "core/exec/processing_log.h"
#include "core/exec/source_scan.h"
#include "core/plan/query_plan.h"
#include "core/runtime/persistent_query.h"
#include "core/sql/ast.h"

namespace riffle {

// The sources a persistent query reads, from its SQL (FROM and JOINs), upper-cased.
std::vector<std::string> JobSourceNames(const JobInfo& info);
// "42s", "3m 07s", "2h 05m".
std::string FormatUptime(int64_t ms);
// What SHOW JOBS' Error column, EXPLAIN and riffle run say about a job that cannot reach its
// cluster: "cannot reach Kafka since 2026-12-07T18:30:01.123 UTC (12s): Connect to
// ipv4#127.0.0.1:9092 failed: Connection refused". REQUIRES: !status.reachable.
std::string DescribeOutage(const ReachabilityStatus& status, int64_t now_ms);
// Records not read yet over the partitions `marks` describes, for a reader at `positions` (next
// offset per partition; a missing partition or one behind retention counts from its low mark).
int64_t RecordsBehind(const std::vector<kafka::PartitionWatermarks>& marks,
                      const std::map<int32_t, int64_t>& positions);

class EngineImpl : public Engine {
 public:
  EngineImpl(const EngineOptions& options, ResultSink& sink);
  ~EngineImpl() override;

  bool Execute(const std::string& text, ResultSink& sink, bool continue_on_error) override;
  void Cancel() override { cancel_ = true; }
  std::string bootstrap_servers() const override { return bootstrap_; }
  bool WaitForIdle(int timeout_ms) override;
  CatalogNames ListNames() override;  // catalog_names.cpp
  std::vector<std::string> TakeEvents() override;  // job_supervisor.cpp

 private:
  void RunStatement(const Statement& stmt, ResultSink& sink);

  void CreateSource(const CreateSourceStmt& s, const Statement& stmt, ResultSink& sink);
  // What CREATE STREAM/TABLE `s` (whose text is `text`) declares, without creating anything:
  // its columns (declared, or inferred through `sample`: `inferred` says which and how), formats
  // and properties. Throws RiffleError with ksqlDB's messages.
  SourceInfo DeclareSource(const CreateSourceStmt& s, const std::string& text,
                           const TopicSampler& sample, RegistryColumns& inferred);
  // The sources of `q`'s quoted topic names (FROM 'orders'), each inferred from the topic's
  // records as the stream CREATE would declare, what was inferred told to `sink`
  // (topic_source.cpp). Empty when `q` names no topic.
  std::map<std::string, SourceInfo> TopicSources(const Query& q, ResultSink& sink);
  void DropSource(const DropSourceStmt& s, ResultSink& sink);
  void InsertValues(const InsertValuesStmt& s, ResultSink& sink);
  void RunSelect(const SelectStmt& s, ResultSink& sink);
  // A query without EMIT CHANGES reads `info` to its end: throws RiffleError(kBind) at `pos`
  // when it has none (a generator without COUNT).
  void RequireEnd(const SourceInfo& info, SourcePos pos) const;
  void Show(const ShowStmt& s, ResultSink& sink);
  void ShowJobs(bool extended, ResultSink& sink);
  void Describe(const DescribeStmt& s, ResultSink& sink);
  void DescribeSource(const SourceInfo& source, bool extended, ResultSink& sink);
  void DescribeFunction(const DescribeStmt& s, ResultSink& sink);
  void DescribeTopic(const DescribeStmt& s, ResultSink& sink);  // describe_topic.cpp
  // The topic `name` (DESCRIBE TOPIC) names: exact, else the only one equal ignoring case.
  // Throws RiffleError(kBind) at `pos`, with the closest name, when there is none.
  std::string ResolveTopicName(const std::string& name, SourcePos pos);
  void ShowFunctions(ResultSink& sink);
  void Set(const SetStmt& s, ResultSink& sink);
  void Unset(const UnsetStmt& s, ResultSink& sink);
  void Print(const PrintStmt& s, ResultSink& sink);
  void RunScript(const RunScriptStmt& s, ResultSink& sink);
  void Explain(const ExplainStmt& s, ResultSink& sink);
  void ExplainJob(const std::string& id, ResultSink& sink);
  void ControlJob(const JobControlStmt& s, ResultSink& sink);
  // For INSERT VALUES of a record at `rowtime` into `source`, before it is produced: the
  // warning to give when that is more than kStreamTimeJumpMs ahead of the stream time it joins
  // (the latest this session inserted there, or a reading job's watermark), else "". Execute
  // thread only.
  std::string StreamTimeJumpWarning(const SourceInfo& source, int64_t rowtime) const;
  // ALTER STREAM/TABLE ... ADD COLUMN (alter_source.cpp).
  void AlterSource(const AlterSourceStmt& s, const Statement& stmt, ResultSink& sink);
  // riffle's TRUNCATE TOPIC (truncate_topic.cpp).
  void TruncateTopic(const TruncateTopicStmt& s, ResultSink& sink);

  // Background jobs (jobs.cpp).
  void CreateAsSelect(const CreateSourceStmt& s, const Statement& stmt, ResultSink& sink);
  void InsertSelect(const InsertSelectStmt& s, const Statement& stmt, ResultSink& sink);
  // Builds and starts the job `info` writing `plan`'s rows to `target`, resuming from the job's
  // checkpoint when it has one. Its producer gets `client_config`. REQUIRES: RunsJobs().
  void StartJob(const JobInfo& info, QueryPlan plan, const SourceInfo& target,
                const kafka::KafkaConfig& client_config);
  // Plans job `info` from its SQL and starts it (RestartJobs, the supervisor). Throws
  // RiffleError when its statement no longer plans.
  void StartJobFromCatalog(const JobInfo& info, const kafka::KafkaConfig& client_config);
  // The session properties a new job records and follows for its whole life (JobInfo).
  std::map<std::string, std::string> JobProperties() const;
  // librdkafka properties for a new client: --config's, then the session's SET 'kafka.<prop>'.
  kafka::KafkaConfig KafkaClientConfig() const;
  // `name` as job `info` recorded it, else its default.
  std::string JobProperty(const JobInfo& info, const std::string& name) const;
  // Restarts the jobs the catalog says were running when riffle last stopped. Returns how many;
  // problems are reported to `warn`.
  int RestartJobs(const std::function<void(const std::string&)>& warn);

  // Jobs across processes (job_supervisor.cpp). One process per catalog runs the jobs (it holds
  // the catalog's ProcessLock); another process's CREATE ... AS SELECT, INSERT INTO ... SELECT,
  // TERMINATE, PAUSE and RESUME only change the catalog, and the owner's supervisor thread
  // applies them within a fraction of a second. When the owner exits, another process's
  // supervisor takes the lock (and, on the local broker, the broker) and restarts the jobs.
  bool RunsJobs() const { return runs_jobs_.load(); }
  void SuperviseJobs();
  void ReconcileJobs();
  void TryTakeOver();
  void AddEvent(std::string text);
  // Adds an event when a running job has been unable to reach its cluster for 2 s, and when it
  // reaches it again: one line each, not one per failed attempt (job_supervisor.cpp).
  // REQUIRES: jobs_mu_ held.
  void ReportReachability();
  void StopJob(const std::string& id);
  // RESTART <id> FROM BEGINNING where the jobs run: stops the job, resets it in the catalog
  // (Catalog::ResetJob) and starts it again. Throws RiffleError (the job then FAILED) when it
  // cannot start.
  void RestartFromBeginning(const std::string& id);
  // What RESTART says: done, and how many records the job's sink topic still holds.
  std::string RestartedNotice(const std::string& id) const;
  // Creates job `job` in the catalog and starts it here, or leaves it to the process that runs
  // the catalog's jobs.
  void LaunchJob(const JobInfo& job, QueryPlan plan, const SourceInfo& target, ResultSink& sink);
  // TERMINATE/PAUSE/RESUME from a process that does not run the jobs: recorded in the catalog
  // for the owner to apply; TERMINATE waits until the owner has stopped the job.
  void RequestJobControl(JobControl action, const std::vector<std::string>& ids,
                         ResultSink& sink);
  // Ids of running jobs that write `sink_name`.
  std::vector<std::string> WritersOf(const std::string& sink_name) const;
  // Ids of running jobs that read `source_name`.
  std::vector<std::string> ReadersOf(const std::string& source_name) const;
  JobStatus StatusOf(const JobInfo& info) const;
  // For a query without EMIT CHANGES over `source_names`: one warning per persistent job of this
  // process writing one of them that is behind its own inputs ("the job behind T (CTAS_T_1) is
  // catching up: 12,345 records behind; results may be partial"). Asks the broker.
  std::vector<std::string> CatchingUpWarnings(const std::vector<std::string>& source_names) const;
  // `e` with, when a topic has the missing source's name (any case), a hint that says so and
  // offers the CREATE statement for it (topic_hint.cpp).
  RiffleError WithTopicHint(const UnknownSourceError& e);
  std::vector<JobStatus> JobStatuses() override;
  WindowTimeline JobTimeline(const std::string& job_id, size_t max_windows) override;

  // Starts the local broker for this catalog, or attaches to the one another process runs.
  void StartOrAttachLocalBroker(const EngineOptions& options, ResultSink& sink);
  // Creates (empty, with a warning) the topics of catalog sources that the local broker lacks.
  void CreateMissingTopics(ResultSink& sink);
  kafka::KafkaProducer& Producer();
  // Declares KSQL_PROCESSING_LOG when the catalog lacks it and starts publishing to it.
  void StartProcessingLogStream(ResultSink& sink);
  // On a cluster: when ksql.logging.processing.topic.auto.create or .stream.auto.create is
  // true and the log is not published yet, creates its topic (ksql.logging.processing.topic.*)
  // and declares KSQL_PROCESSING_LOG over it as asked, then publishes to it. A problem (the
  // cluster refuses, the topic is missing and may not be created) is a warning: the log stays
  // in memory, as without those properties.
  void StartClusterProcessingLog(ResultSink& sink);
  // Where AVRO / PROTOBUF / JSON_SR schemas are registered and found: the Schema Registry when
  // one is configured, else the catalog.
  SchemaRegistry& Schemas() const {
    return schema_registry_ ? *schema_registry_ : static_cast<SchemaRegistry&>(*catalog_);
  }
  // Options for planning a query with this engine's schemas.
  PlanOptions Planning(bool transient = false) const {
    PlanOptions options;
    options.transient = transient;
    options.schemas = &Schemas();
    options.suppress_enabled = Property("ksql.suppress.enabled") != "false";
    return options;
  }
  // The effective value of a session property (set, else default).
  std::string Property(const std::string& name) const;

  // What a job's sources skipped, per source topic (EXPLAIN). Written on the job thread.
  struct SkipTally {
    std::mutex mutex;
    std::map<std::string, int64_t> by_source;
    std::string last;  // the last skip's description
  };
  struct RunningJob {
    std::unique_ptr<kafka::KafkaProducer> producer;  // outlives the job (declared first)
    std::shared_ptr<SkipTally> skips = std::make_shared<SkipTally>();
    std::unique_ptr<Job> job;
    PersistentQueryBody* body = nullptr;  // owned by job
    std::string sink;
    // The start of the outage last reported as an event (0: none reported, or it ended).
    int64_t reported_outage_since_ms = 0;
  };

  // Scan options for reading `source`: bootstrap servers and the file path policy.
  ScanOptions ScanOptionsFor(const SourceInfo& source) const;
  // The watermarks of what a job reads: a Kafka topic's, a file's size (partition 0) for a file
  // path, none for a generator. Throws RiffleError(kConnector) when Kafka cannot say.
  std::vector<kafka::PartitionWatermarks> SourceWatermarks(const std::string& name) const;
  // SourceWatermarks, with the source's properties for connectors whose end they set.
  std::vector<kafka::PartitionWatermarks> LocationWatermarks(const std::string& name,
                                                             const PropertyMap& properties) const;
  // SourceWatermarks for an input of `plan`, except that a generator with COUNT ends there
  // (partition 0 from 0 to COUNT), so that its job can be seen to catch up.
  std::vector<kafka::PartitionWatermarks> JobInputWatermarks(const QueryPlan& plan,
                                                             const std::string& name) const;

  // Per topic, the largest event time INSERT VALUES wrote there in this session
  // (StreamTimeJumpWarning). Execute thread only.
  std::map<std::string, int64_t> inserted_stream_time_;
  bool fast_exit_ = false;  // EngineOptions::fast_exit
  PathPolicy paths_;        // EngineOptions::data_dir and allowed_paths
  kafka::KafkaConfig kafka_config_;       // EngineOptions::kafka_config
  bool allow_unsafe_kafka_config_ = false;  // EngineOptions::allow_unsafe_kafka_config
  std::unique_ptr<Catalog> catalog_;
  // The Schema Registry given by EngineOptions; null: the catalog's schemas. Declared before
  // jobs_, whose decoders look writer schemas up in it.
  std::unique_ptr<SchemaRegistry> schema_registry_;
  std::unique_ptr<ProcessLock> jobs_lock_;  // held: this process runs the catalog's jobs
  std::atomic<bool> runs_jobs_{false};      // jobs_lock_->held(), readable from any thread
  // Orders job starts and stops between the Execute thread and the supervisor, and guards
  // jobs_. Recursive: ControlJob holds it and calls StopJob, which takes it too.
  mutable std::recursive_mutex jobs_mu_;
  std::thread supervisor_;
  std::atomic<bool> stopping_{false};
  std::mutex events_mu_;
  std::vector<std::string> events_;  // guarded by events_mu_
  broker::LocalBrokerOptions broker_options_;  // how to start the local broker (takeover)
  std::unique_ptr<broker::LocalBroker> local_broker_;  // null when attached or on a cluster
  bool local_broker_in_use_ = false;  // no --bootstrap-server: riffle's local broker (ours or not)
  std::unique_ptr<kafka::KafkaAdmin> admin_;
  std::unique_ptr<kafka::KafkaProducer> producer_;
  std::string bootstrap_;
  std::map<std::string, std::string> session_properties_;
  // While the constructor applies EngineOptions::session_properties: SET does not act on them
  // one by one (the processing log starts once they are all in).
  bool applying_startup_properties_ = false;
  ProcessingLog processing_log_;
  // Writes processing_log_ to KSQL_PROCESSING_LOG (local broker only); null on a cluster.
  std::unique_ptr<ProcessingLogPublisher> processing_log_publisher_;
  std::atomic<bool> cancel_{false};
  int script_depth_ = 0;
  int push_query_seq_ = 0;
  std::map<std::string, RunningJob> jobs_;  // by job id; guarded by jobs_mu_
};

// The session properties riffle knows, with their defaults (SHOW PROPERTIES, SET validation).
const std::map<std::string, std::string>& DefaultProperties();

// riffle's byte-count properties (riffle.state.max.bytes, ...): a whole number >= 0, 0 meaning
// no limit. nullopt for anything else.
std::optional<int64_t> ParseByteProperty(const std::string& text);
// A byte-count property's value as SET stored it; 0 (no limit) when empty or invalid.
int64_t ByteProperty(const std::string& text);

}  // namespace riffle
