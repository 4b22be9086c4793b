#pragma once
// Writing a persistent query's output to a file (CONNECTOR='file'): the sink's rows are encoded
// as a topic sink encodes values (every column, key columns included, in FORMAT) and appended to
// the file one per line. Deletes (tombstones) have no line form and are not written.

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/catalog_types.h"
#include "connectors/file/data_file.h"
#include "connectors/file/path_policy.h"
#include "connectors/kafka/kafka_producer.h"
#include "core/exec/record_writer.h"
#include "core/exec/topic_sink.h"

namespace riffle {

class FileWriter : public RecordWriter {
 public:
  // Opens `path` for appending (creating it) through OpenDataFile: beneath its allowed directory
  // in `paths`, never through a symbolic link, a regular file only. With `header` non-empty and
  // the file empty, writes it first as a line. Throws RiffleError(kConnector) naming the path
  // when it cannot.
  FileWriter(const std::string& path, const PathPolicy& paths, const std::string& header);
  ~FileWriter() override;
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Buffers `value` and a newline; null values (tombstones) are skipped.
  bool Write(std::optional<std::string_view> key, std::optional<std::string_view> value,
             int64_t timestamp, std::string& error) override;
  // Writes the buffered lines to the file.
  void Flush() override;

 private:
  std::string path_;
  FileDescriptor fd_;
  std::string buffer_;
};

// The sink a persistent query writing `target` uses: a file for CONNECTOR='file' (at
// target.topic, the resolved path, opened beneath its directory in `paths`), else the Kafka
// topic through `producer`. Throws RiffleError(kConnector) when the file cannot be opened.
// `schemas` (may be null) gives AVRO / PROTOBUF sinks their registered schema; it must outlive
// the sink.
std::unique_ptr<TopicSink> MakeSink(const SourceInfo& target, kafka::KafkaProducer* producer,
                                    const std::string& job_id, ProcessingLog* log,
                                    const PathPolicy& paths,
                                    const SchemaRegistry* schemas = nullptr);

}  // namespace riffle
