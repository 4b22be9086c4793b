#pragma once
// The engine's implementation: statement dispatch and the state statements share. Each kind of
// statement lives in its own file (ddl.cpp, insert.cpp, query.cpp, show.cpp, describe.cpp,
// session.cpp, print.cpp).

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "catalog/catalog.h"
#include "connectors/kafka/embedded_broker.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_producer.h"
#include "core/engine/engine.h"
#include "core/plan/query_plan.h"
#include "core/runtime/persistent_query.h"
#include "core/runtime/processing_log.h"
#include "core/sql/ast.h"

namespace riffle {

class EngineImpl : public Engine {
 public:
  EngineImpl(const EngineOptions& options, ResultSink& sink);
  ~EngineImpl() override;

  bool Execute(const std::string& text, ResultSink& sink, bool continue_on_error) override;
  void Cancel() override { cancel_ = true; }
  std::string bootstrap_servers() const override { return bootstrap_; }
  bool WaitForIdle(int timeout_ms) override;

 private:
  void RunStatement(const Statement& stmt, ResultSink& sink);

  void CreateSource(const CreateSourceStmt& s, const Statement& stmt, ResultSink& sink);
  void DropSource(const DropSourceStmt& s, ResultSink& sink);
  void InsertValues(const InsertValuesStmt& s, ResultSink& sink);
  void RunSelect(const SelectStmt& s, ResultSink& sink);
  void Show(const ShowStmt& s, ResultSink& sink);
  void Describe(const DescribeStmt& s, ResultSink& sink);
  void DescribeSource(const SourceInfo& source, bool extended, ResultSink& sink);
  void DescribeFunction(const DescribeStmt& s, ResultSink& sink);
  void ShowFunctions(ResultSink& sink);
  void Set(const SetStmt& s, ResultSink& sink);
  void Unset(const UnsetStmt& s, ResultSink& sink);
  void Print(const PrintStmt& s, ResultSink& sink);
  void RunScript(const RunScriptStmt& s, ResultSink& sink);
  void Explain(const ExplainStmt& s, ResultSink& sink);
  void ExplainJob(const std::string& id, ResultSink& sink);
  void ControlJob(const JobControlStmt& s, ResultSink& sink);

  // Background jobs (jobs.cpp).
  void CreateAsSelect(const CreateSourceStmt& s, const Statement& stmt, ResultSink& sink);
  void InsertSelect(const InsertSelectStmt& s, const Statement& stmt, ResultSink& sink);
  // Builds and starts the job `info` writing `plan`'s rows to `target`, resuming from the job's
  // checkpoint when it has one.
  void StartJob(const JobInfo& info, QueryPlan plan, const SourceInfo& target);
  // Restarts the jobs the catalog says were running when riffle last stopped.
  void RestartJobs(ResultSink& sink);
  void StopJob(const std::string& id);
  // Ids of running jobs that write `sink_name`.
  std::vector<std::string> WritersOf(const std::string& sink_name) const;

  // Re-creates the topics of catalog sources on a fresh embedded broker.
  void RecreateTopics(ResultSink& sink);
  kafka::KafkaProducer& Producer();
  // The effective value of a session property (set, else default).
  std::string Property(const std::string& name) const;

  struct RunningJob {
    std::unique_ptr<kafka::KafkaProducer> producer;  // outlives the job (declared first)
    std::unique_ptr<Job> job;
    PersistentQueryBody* body = nullptr;  // owned by job
    std::string sink;
  };

  bool fast_exit_ = false;  // EngineOptions::fast_exit
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<kafka::EmbeddedBroker> broker_;
  std::unique_ptr<kafka::KafkaAdmin> admin_;
  std::unique_ptr<kafka::KafkaProducer> producer_;
  std::string bootstrap_;
  std::map<std::string, std::string> session_properties_;
  ProcessingLog processing_log_;
  std::atomic<bool> cancel_{false};
  int script_depth_ = 0;
  int push_query_seq_ = 0;
  std::map<std::string, RunningJob> jobs_;  // by job id; touched only by the Execute thread
};

// The session properties riffle knows, with their defaults (SHOW PROPERTIES, SET validation).
const std::map<std::string, std::string>& DefaultProperties();

}  // namespace riffle
