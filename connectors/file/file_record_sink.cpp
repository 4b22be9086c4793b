#include "connectors/file/file_record_sink.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/error.h"

namespace riffle {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw RiffleError(ErrorKind::kConnector, "cannot write file '" + path + "': " + what);
}

}  // namespace

FileRecordSink::FileRecordSink(const std::string& path, const PathPolicy& paths,
                               const std::string& header)
    : path_(path), fd_(OpenDataFile(path, paths, DataFileAccess::kAppend)) {
  struct stat st {};
  if (!header.empty() && ::fstat(fd_.get(), &st) == 0 && st.st_size == 0) {
    buffer_ = header + "\n";
    Flush();
  }
}

FileRecordSink::~FileRecordSink() {
  try {
    Flush();
  } catch (const RiffleError&) {
    // Nothing to report to from a destructor; the last checkpoint predates these lines.
  }
}

bool FileRecordSink::Write(std::optional<std::string_view> /*key*/,
                           std::optional<std::string_view> value, int64_t /*timestamp*/,
                           uint8_t /*key_window_bytes*/, std::string& /*error*/) {
  if (!value) return true;
  buffer_.append(*value);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) Flush();
  return true;
}

void FileRecordSink::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_.get(), buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(path_, std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

}  // namespace riffle
