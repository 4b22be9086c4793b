#include "core/engine/engine_impl.h"

#include <charconv>
#include <chrono>
#include <thread>

#include "connectors/broker/log/topic_config.h"
#include "connectors/file/data_file.h"
#include "connectors/kafka/client_properties.h"
#include "connectors/registry/confluent_registry.h"
#include "core/common/secrets.h"
#include "core/common/text.h"
#include "core/engine/session_properties.h"
#include "core/sql/parser.h"
#include "core/sql/splitter.h"

namespace riffle {

namespace {

// Passes on errors, as warnings: for statements the engine runs for itself.
class ErrorsAsWarnings : public ResultSink {
 public:
  explicit ErrorsAsWarnings(ResultSink& inner) : inner_(inner) {}
  void Notice(const std::string&) override {}
  void Warning(const std::string& text) override { inner_.Warning(text); }
  void Error(const std::string& text) override { inner_.Warning(text); }
  void Table(const std::vector<ResultColumn>&, const std::vector<std::vector<Value>>&) override {}
  void BeginRows(const std::vector<ResultColumn>&) override {}
  void Row(const std::vector<Value>&) override {}
  void EndRows(const std::string&) override {}

 private:
  ResultSink& inner_;
};

}  // namespace

std::unique_ptr<Engine> Engine::Open(const EngineOptions& options, ResultSink& sink) {
  return std::make_unique<EngineImpl>(options, sink);
}

const std::map<std::string, std::string>& DefaultProperties() {
  static const std::map<std::string, std::string> kDefaults = {
      {"auto.offset.reset", "latest"},
      {"ksql.persistence.default.format.key", "KAFKA"},
      {"ksql.persistence.default.format.value", ""},
      {"ksql.persistence.wrap.single.values", "true"},
      {"fail.on.deserialization.error", "false"},
      {"fail.on.processing.error", "false"},
      {"riffle.changelog", "false"},
      {"riffle.show.late", "false"},
      {"riffle.checkpoint.max.bytes.per.second", "0"},
      {"riffle.state.max.bytes", "0"},
      // Where the processing log goes on a cluster (processing_log_stream.h).
      {kProcessingLogTopicAutoCreate, "false"},
      {kProcessingLogTopicName, kProcessingLogTopic},
      {kProcessingLogTopicPartitions, "1"},
      {kProcessingLogTopicReplicas, "1"},
      {kProcessingLogStreamAutoCreate, "false"},
  };
  return kDefaults;
}

std::optional<int64_t> ParseByteProperty(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

int64_t ByteProperty(const std::string& text) { return ParseByteProperty(text).value_or(0); }

EngineImpl::EngineImpl(const EngineOptions& options, ResultSink& sink)
    : fast_exit_(options.fast_exit),
      paths_{options.data_dir, options.allowed_paths},
      kafka_config_(options.kafka_config),
      allow_unsafe_kafka_config_(options.allow_unsafe_kafka_config) {
  for (const auto& [key, value] : kafka_config_) {
    if (IsSecretProperty(key)) KeepSecretsOutOfCoreDumps();
  }
  catalog_ = Catalog::Open(options.catalog_path);
  if (!options.schema_registry_url.empty()) {
    auto registry_options = registry::ParseSchemaRegistryUrl(options.schema_registry_url,
                                                             options.schema_registry_user_info);
    if (!registry_options.user_info.empty()) KeepSecretsOutOfCoreDumps();
    schema_registry_ = std::make_unique<registry::ConfluentSchemaRegistry>(registry_options);
  }
  // A catalog written before WITH clauses were checked may hold a secret property.
  for (const SourceInfo& source : catalog_->ListSources()) {
    for (const auto& [key, value] : source.properties) {
      if (IsSecretProperty(key)) KeepSecretsOutOfCoreDumps();
    }
  }
  local_broker_in_use_ = options.bootstrap_servers.empty();
  if (local_broker_in_use_) {
    StartOrAttachLocalBroker(options, sink);
  } else {
    bootstrap_ = options.bootstrap_servers;
  }
  kafka::KafkaAdminOptions admin_options;
  admin_options.bootstrap_servers = bootstrap_;
  admin_options.config = KafkaClientConfig();
  admin_options.cancel = &cancel_;  // Ctrl-C ends a statement waiting on the cluster
  admin_ = std::make_unique<kafka::KafkaAdmin>(admin_options);
  applying_startup_properties_ = true;
  for (const auto& [name, value] : options.session_properties) {
    SetStmt set;
    set.property = name;
    set.value = value;
    ErrorsAsWarnings quiet(sink);
    Set(set, quiet);
  }
  applying_startup_properties_ = false;
  if (local_broker_in_use_) {
    CreateMissingTopics(sink);
    StartProcessingLogStream(sink);
  } else {
    StartClusterProcessingLog(sink);
  }
  jobs_lock_ = std::make_unique<ProcessLock>(options.catalog_path);
  runs_jobs_ = jobs_lock_->held();
  if (RunsJobs()) {
    int restarted = RestartJobs([&sink](const std::string& text) { sink.Warning(text); });
    if (restarted > 0) {
      sink.Notice("Restarted " + std::to_string(restarted) + " background job(s) from their "
                  "checkpoints.");
    }
  } else if (!catalog_->ListJobs().empty()) {
    sink.Warning("Another riffle process runs this catalog's background jobs; TERMINATE, PAUSE "
                "and RESUME here reach it, and jobs created here run there.");
  }
  supervisor_ = std::thread([this] { SuperviseJobs(); });
}

void EngineImpl::StartOrAttachLocalBroker(const EngineOptions& options, ResultSink& sink) {
  broker::LocalBrokerOptions& broker_options = broker_options_;
  broker_options.data_dir = options.broker_dir.empty()
                                ? broker::DefaultBrokerDir(options.catalog_path)
                                : options.broker_dir;
  if (!options.listen.empty() &&
      !broker::ParseListenAddress(options.listen, &broker_options.host, &broker_options.port)) {
    throw RiffleError(ErrorKind::kConnector,
                      "--listen needs HOST:PORT, not '" + options.listen + "'");
  }
  broker::LocalBrokerConnection connection = broker::StartOrAttach(broker_options);
  bootstrap_ = connection.bootstrap;
  local_broker_ = std::move(connection.owned);
  if (!local_broker_) {
    // Another riffle process owns this data directory: its broker is ours too.
    sink.Notice("Using the local Kafka broker of another riffle process on " + bootstrap_ +
                " (data in " + broker_options.data_dir + ").");
    return;
  }
  sink.Notice("Local Kafka broker on " + bootstrap_ + ", " + local_broker_->Summary() + ".");
  for (const std::string& note : local_broker_->recovery().notes) sink.Warning(note);
}

EngineImpl::~EngineImpl() {
  stopping_ = true;
  if (supervisor_.joinable()) supervisor_.join();
  // Jobs stop (and checkpoint) before the catalog and broker they use go away.
  for (auto& [id, running] : jobs_) running.job->Cancel();
  jobs_.clear();
  processing_log_publisher_.reset();  // publishes what the jobs logged last
  if (producer_) producer_->Flush(5000);
  producer_.reset();
  admin_.reset();
  // The broker stops last, after every client in this process is done with it: it fsyncs and
  // marks its log clean, so the next start skips recovery.
  if (local_broker_) local_broker_->Stop();
}

void EngineImpl::CreateMissingTopics(ResultSink& sink) {
  std::vector<std::string> created;
  for (const SourceInfo& source : catalog_->ListSources()) {
    if (!SourceConnector(source).kafka_topic) continue;  // a file or generator: no topic
    int partitions = 1;
    auto it = source.properties.find("PARTITIONS");
    if (it != source.properties.end()) {
      try {
        partitions = std::max(1, std::stoi(it->second));
      } catch (const std::exception&) {
        partitions = 1;
      }
    }
    if (admin_->CreateTopic(source.topic, partitions)) created.push_back(source.topic);
  }
  if (!created.empty()) {
    std::string list;
    for (const std::string& t : created) list += (list.empty() ? "" : ", ") + t;
    sink.Warning("The local broker had no topic for " + std::to_string(created.size()) +
                 " of the catalog's streams and tables (deleted, or a catalog from a riffle "
                 "whose broker kept data in memory); created empty: " + list + ".");
  }
}

void EngineImpl::StartProcessingLogStream(ResultSink& sink) {
  if (!catalog_->GetSource(kProcessingLogStream)) {
    ErrorsAsWarnings quiet(sink);
    Execute(ProcessingLogStreamDdl(), quiet, false);
  }
  kafka::KafkaProducerOptions options;
  options.bootstrap_servers = bootstrap_;
  options.config = KafkaClientConfig();
  options.config["topic.metadata.refresh.interval.ms"] = "100";
  options.delivery_timeout_ms = 10000;
  options.close_timeout_ms = 2000;
  processing_log_publisher_ = std::make_unique<ProcessingLogPublisher>(processing_log_, options);
}

void EngineImpl::StartClusterProcessingLog(ResultSink& sink) {
  if (local_broker_in_use_ || processing_log_publisher_) return;
  const bool create_topic = Property(kProcessingLogTopicAutoCreate) == "true";
  const bool declare_stream = Property(kProcessingLogStreamAutoCreate) == "true";
  if (!create_topic && !declare_stream) return;
  const std::string topic = Property(kProcessingLogTopicName);
  const std::string stays = "; the processing log stays in memory (EXPLAIN, warnings).";
  try {
    if (create_topic) {
      if (admin_->CreateTopic(topic, std::stoi(Property(kProcessingLogTopicPartitions)),
                              std::stoi(Property(kProcessingLogTopicReplicas)))) {
        sink.Notice("Created the processing log's topic " + topic + ".");
      }
    } else if (!admin_->TopicExists(topic)) {
      sink.Warning("The processing log's topic " + topic + " does not exist: set '" +
                   kProcessingLogTopicAutoCreate + "'='true' to create it" + stays);
      return;
    }
  } catch (const RiffleError& e) {
    sink.Warning("The processing log cannot go to topic " + topic + ": " + e.message() + stays);
    return;
  }
  if (declare_stream) {
    std::optional<SourceInfo> existing = catalog_->GetSource(kProcessingLogStream);
    if (!existing) {
      ErrorsAsWarnings quiet(sink);
      Execute(ProcessingLogStreamDdl(topic, /*create_topic=*/false), quiet, false);
    } else if (existing->topic != topic) {
      sink.Warning(std::string(kProcessingLogStream) + " reads topic " + existing->topic +
                   ", not " + topic + ": DROP STREAM " + kProcessingLogStream +
                   " and riffle declares it over " + topic + " when it next starts.");
    }
  }
  kafka::KafkaProducerOptions options;
  options.bootstrap_servers = bootstrap_;
  options.config = KafkaClientConfig();
  options.delivery_timeout_ms = 10000;
  options.close_timeout_ms = 2000;
  processing_log_publisher_ =
      std::make_unique<ProcessingLogPublisher>(processing_log_, options, topic);
  sink.Notice("The processing log goes to topic " + topic +
              (declare_stream ? std::string(" (stream ") + kProcessingLogStream + ")." : "."));
}

kafka::KafkaProducer& EngineImpl::Producer() {
  if (!producer_) {
    kafka::KafkaProducerOptions options;
    options.bootstrap_servers = bootstrap_;
    options.config = KafkaClientConfig();
    // See StartJob (jobs.cpp): a new topic's first record waits up to 1 s for metadata otherwise.
    if (local_broker_in_use_) options.config["topic.metadata.refresh.interval.ms"] = "100";
    producer_ = std::make_unique<kafka::KafkaProducer>(options);
  }
  return *producer_;
}

std::string EngineImpl::Property(const std::string& name) const {
  auto it = session_properties_.find(name);
  if (it != session_properties_.end()) return it->second;
  auto d = DefaultProperties().find(name);
  return d == DefaultProperties().end() ? "" : d->second;
}

bool EngineImpl::Execute(const std::string& text, ResultSink& sink, bool continue_on_error) {
  cancel_ = false;
  SplitResult split = SplitStatements(text);
  std::vector<SplitStatement> pieces = std::move(split.statements);
  if (!split.remainder.empty()) {
    pieces.push_back({split.remainder, {}});
  }
  bool ok = true;
  for (const SplitStatement& piece : pieces) {
    if (cancel_) break;
    std::string shown = piece.text;
    try {
      Statement stmt = ParseStatement(piece.text);
      shown = stmt.text;
      RunStatement(stmt, sink);
    } catch (const UnknownSourceError& e) {
      sink.Error(FormatError(WithTopicHint(e), shown));
      ok = false;
    } catch (const RiffleError& e) {
      sink.Error(FormatError(e, shown));
      ok = false;
    } catch (const std::exception& e) {
      sink.Error("ERROR runtime: " + MaskSecretsOf(shown, e.what()));
      ok = false;
    }
    if (!ok && !continue_on_error) break;
  }
  return ok;
}

void EngineImpl::RunStatement(const Statement& stmt, ResultSink& sink) {
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, CreateSourceStmt>) {
          CreateSource(body, stmt, sink);
        } else if constexpr (std::is_same_v<T, DropSourceStmt>) {
          DropSource(body, sink);
        } else if constexpr (std::is_same_v<T, AlterSourceStmt>) {
          AlterSource(body, stmt, sink);
        } else if constexpr (std::is_same_v<T, InsertValuesStmt>) {
          InsertValues(body, sink);
        } else if constexpr (std::is_same_v<T, InsertSelectStmt>) {
          InsertSelect(body, stmt, sink);
        } else if constexpr (std::is_same_v<T, SelectStmt>) {
          RunSelect(body, sink);
        } else if constexpr (std::is_same_v<T, ShowStmt>) {
          Show(body, sink);
        } else if constexpr (std::is_same_v<T, DescribeStmt>) {
          Describe(body, sink);
        } else if constexpr (std::is_same_v<T, SetStmt>) {
          Set(body, sink);
        } else if constexpr (std::is_same_v<T, UnsetStmt>) {
          Unset(body, sink);
        } else if constexpr (std::is_same_v<T, PrintStmt>) {
          Print(body, sink);
        } else if constexpr (std::is_same_v<T, RunScriptStmt>) {
          RunScript(body, sink);
        } else if constexpr (std::is_same_v<T, ExplainStmt>) {
          Explain(body, sink);
        } else if constexpr (std::is_same_v<T, JobControlStmt>) {
          ControlJob(body, sink);
        } else if constexpr (std::is_same_v<T, TruncateTopicStmt>) {
          TruncateTopic(body, sink);
        }
      },
      stmt.body);
}

void EngineImpl::RunScript(const RunScriptStmt& s, ResultSink& sink) {
  if (script_depth_ >= 16) ThrowRuntime("RUN SCRIPT nested too deeply (is a script running itself?)");
  // A regular file only, opened without blocking: a FIFO would stall `riffle run` in open(2),
  // where SIGTERM cannot reach it.
  std::string error;
  FileDescriptor fd = OpenRegularFile(s.path, &error);
  std::string text;
  if (!fd.valid() || !ReadAll(fd.get(), &text, &error)) {
    ThrowRuntime("cannot read script '" + s.path + "': " + error);
  }
  ++script_depth_;
  bool ok = Execute(text, sink, /*continue_on_error=*/false);
  --script_depth_;
  if (!ok) ThrowRuntime("script '" + s.path + "' stopped at the failed statement above");
}

kafka::KafkaConfig EngineImpl::KafkaClientConfig() const {
  kafka::KafkaConfig config = kafka_config_;
  for (const auto& [name, value] : session_properties_) {
    if (name.rfind("kafka.", 0) == 0) config[name.substr(6)] = value;
  }
  return config;
}

void EngineImpl::Set(const SetStmt& s, ResultSink& sink) {
  std::string value = s.value;
  std::string property = CanonicalSessionProperty(s.property);
  const bool secret = IsSecretProperty(property);
  SessionPropertyKind kind = ClassifySessionProperty(property);
  if (kind == SessionPropertyKind::kUnknown) {
    std::string hint = SuggestSessionProperty(property);
    ThrowBind(s.property_pos, "Unknown property '" + s.property + "'",
              hint.empty() ? "SHOW PROPERTIES lists riffle's; librdkafka's are set as "
                             "'kafka.<name>'"
                           : hint);
  }
  if (kind == SessionPropertyKind::kKafkaClient) {
    // Checked now, so a typo fails here rather than in the next query's client.
    kafka::KafkaPropertyRules rules{allow_unsafe_kafka_config_, paths_};
    value = kafka::CheckKafkaProperty(property.substr(6), value, rules);
    if (secret) KeepSecretsOutOfCoreDumps();
    session_properties_[property] = value;
    sink.Notice("Successfully changed local property '" + s.property + "' to '" +
                (secret ? std::string(kRedacted) : value) +
                "'. It applies to Kafka clients created from now on.");
    return;
  }
  if (property.rfind("fail.on.", 0) == 0 || property == "riffle.changelog" ||
      property == kProcessingLogTopicAutoCreate || property == kProcessingLogStreamAutoCreate ||
      property == "riffle.show.late") {
    AsciiLowerInPlace(value);
    if (value != "true" && value != "false") {
      ThrowBind({}, "Invalid value '" + s.value + "' for " + property, "use 'true' or 'false'");
    }
  }
  if (property == "riffle.checkpoint.max.bytes.per.second" ||
      property == "riffle.state.max.bytes") {
    if (!ParseByteProperty(value)) {
      ThrowBind({}, "Invalid value '" + s.value + "' for " + property,
                "use a whole number of bytes, 0 for no limit (e.g. '100000000')");
    }
  }
  if (property == kProcessingLogTopicPartitions || property == kProcessingLogTopicReplicas) {
    int n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 10000) {
      ThrowBind({}, "Invalid value '" + s.value + "' for " + property,
                "use a whole number from 1 to 10000");
    }
  }
  if (property == kProcessingLogTopicName) {
    std::string why;
    if (!broker::IsValidTopicName(value, &why)) {
      ThrowBind({}, "Invalid value '" + s.value + "' for " + property + ": " + why,
                "Kafka topic names are 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
  }
  if (property == "auto.offset.reset") {
    AsciiLowerInPlace(value);
    if (value != "earliest" && value != "latest") {
      ThrowBind({}, "Invalid value '" + s.value + "' for auto.offset.reset",
                "use 'earliest' or 'latest'");
    }
  }
  if (secret) KeepSecretsOutOfCoreDumps();
  session_properties_[property] = value;
  std::string notice = "Successfully changed local property '" + s.property + "' to '" +
                       (secret ? std::string(kRedacted) : value) + "'.";
  if (property.rfind("ksql.logging.processing.", 0) == 0) {
    if (local_broker_in_use_) {
      notice += std::string(" On riffle's local broker the processing log is always in topic ") +
                kProcessingLogTopic + " (stream " + kProcessingLogStream + ").";
    } else if (processing_log_publisher_) {
      notice += " The processing log already goes to topic " + processing_log_publisher_->topic() +
                "; a change applies when riffle starts again.";
    }
    sink.Notice(notice);
    if (!applying_startup_properties_) StartClusterProcessingLog(sink);
    return;
  }
  if (property == "ksql.schema.registry.url") {
    notice += " It has no effect: riffle is given its Schema Registry when it starts, with "
              "--schema-registry URL (or schema.registry.url in the --config file).";
  } else if (kind == SessionPropertyKind::kKsqlNoEffect) {
    notice += " riffle accepts this ksqlDB property so that ksqlDB scripts run; it has no effect.";
  }
  sink.Notice(notice);
}

void EngineImpl::Unset(const UnsetStmt& s, ResultSink& sink) {
  if (session_properties_.erase(CanonicalSessionProperty(s.property)) == 0) {
    sink.Notice("Property '" + s.property + "' was not set.");
    return;
  }
  sink.Notice("Successfully unset local property '" + s.property + "'.");
}

}  // namespace riffle
