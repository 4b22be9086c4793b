#include "core/exec/file_sink.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "connectors/source/connector_properties.h"
#include "core/common/error.h"
#include "core/exec/source_scan.h"

namespace riffle {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw RiffleError(ErrorKind::kConnector, "cannot write file '" + path + "': " + what);
}

}  // namespace

FileWriter::FileWriter(const std::string& path, const PathPolicy& paths,
                       const std::string& header)
    : path_(path), fd_(OpenDataFile(path, paths, DataFileAccess::kAppend)) {
  struct stat st {};
  if (!header.empty() && ::fstat(fd_.get(), &st) == 0 && st.st_size == 0) {
    buffer_ = header + "\n";
    Flush();
  }
}

FileWriter::~FileWriter() {
  try {
    Flush();
  } catch (const RiffleError&) {
    // Nothing to report to from a destructor; the last checkpoint predates these lines.
  }
}

bool FileWriter::Write(std::optional<std::string_view> /*key*/,
                       std::optional<std::string_view> value, int64_t /*timestamp*/,
                       std::string& /*error*/) {
  if (!value) return true;
  buffer_.append(*value);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) Flush();
  return true;
}

void FileWriter::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_.get(), buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(path_, std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

std::unique_ptr<TopicSink> MakeSink(const SourceInfo& target, kafka::KafkaProducer* producer,
                                    const std::string& job_id, ProcessingLog* log,
                                    const PathPolicy& paths,
                                    const SchemaRegistry* schemas) {
  SourceLayout layout = MakeSourceLayout(target, schemas);
  if (SourceConnector(target) != "file") {
    return std::make_unique<TopicSink>(layout, target.topic, producer, job_id, log);
  }
  SourceLayout whole = WholeRowLayout(layout);
  std::string header;
  if (BoolProperty(target.properties, "HEADER", false)) {
    for (const auto& f : whole.value_fields) {
      header += (header.empty() ? "" : std::string(1, whole.value_format.delimiter)) + f.name;
    }
  }
  auto sink = std::make_unique<TopicSink>(whole, target.topic, nullptr, job_id, log);
  sink->set_writer(std::make_unique<FileWriter>(target.topic, paths, header));
  return sink;
}

}  // namespace riffle
