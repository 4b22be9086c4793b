#pragma once
// Writing a persistent query's output to a file (CONNECTOR='file'): each record's value (the
// sink encodes every column, key columns included, in FORMAT) is appended to the file as a line.
// Deletes (tombstones) have no line form and are not written.

#include <string>

#include "connectors/connector/record_sink.h"
#include "connectors/file/data_file.h"
#include "connectors/file/path_policy.h"

namespace riffle {

class FileRecordSink : public RecordSink {
 public:
  // Opens `path` for appending (creating it) through OpenDataFile: beneath its allowed directory
  // in `paths`, never through a symbolic link, a regular file only. With `header` non-empty and
  // the file empty, writes it first as a line. Throws RiffleError(kConnector) naming the path
  // when it cannot.
  FileRecordSink(const std::string& path, const PathPolicy& paths, const std::string& header);
  ~FileRecordSink() override;
  FileRecordSink(const FileRecordSink&) = delete;
  FileRecordSink& operator=(const FileRecordSink&) = delete;

  // Buffers `value` and a newline; null values (tombstones) are skipped. A file has one
  // partition: `key_window_bytes` is ignored.
  bool Write(std::optional<std::string_view> key, std::optional<std::string_view> value,
             int64_t timestamp, uint8_t key_window_bytes, std::string& error) override;
  // Writes the buffered lines to the file.
  void Flush() override;

 private:
  std::string path_;
  FileDescriptor fd_;
  std::string buffer_;
};

}  // namespace riffle
