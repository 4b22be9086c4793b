#pragma once
// Opening the files that statements name (the file connector's PATH, RUN SCRIPT's file).
//
// ResolveDataPath checks a path when the statement runs; the file is opened later, maybe much
// later (a job restarted next week, a followed file rotated). OpenDataFile therefore resolves the
// path again at open time, one component at a time beneath the allowed directory that holds it
// (openat2 with RESOLVE_BENEATH): a symbolic link planted in the data directory, dangling or not,
// cannot take a read or a write outside it. Links that stay inside are followed when reading;
// writing never goes through a link in the last component (a sink's O_CREAT would otherwise
// create the link's target). Kernels without openat2 (before Linux 5.6, or a seccomp filter
// answering ENOSYS) get a walk that opens each directory with O_NOFOLLOW: no link is followed.
//
// Only regular files are opened. The open itself never blocks (O_NONBLOCK, so a FIFO without a
// writer cannot stall it), and a FIFO, a device, a socket or a directory is then refused with an
// error naming the path: nothing here can keep `riffle run` from honouring SIGTERM.

#include <sys/stat.h>

#include <string>
#include <utility>

#include "connectors/file/path_policy.h"

namespace riffle {

// Owns one file descriptor; closes it on destruction.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

enum class DataFileAccess {
  kRead,     // read only; a missing file is not an error (an invalid descriptor)
  kAppend,   // write at the end, creating the file (mode 0644)
  kReplace,  // write from empty, creating or truncating the file (mode 0644)
};

// Opens the absolute `path` (as ResolveDataPath returns it) beneath the allowed directory of
// `policy` that contains it. The descriptor is blocking and close-on-exec.
// Returns an invalid descriptor when the file does not exist and `access` is kRead.
// Throws RiffleError(kConnector) naming the path when it is outside every allowed directory or
// leads out of its directory (through a symbolic link), when a write would go through a
// symbolic link, when it is not a regular file, or when it cannot be opened (errno's text).
FileDescriptor OpenDataFile(const std::string& path, const PathPolicy& policy,
                            DataFileAccess access);

// Looks `path` up like OpenDataFile and stats it without opening it for I/O (O_PATH), so a FIFO
// or a device is not touched. False when it does not exist. Throws RiffleError(kConnector) when
// it is outside every allowed directory or leads out of its directory.
bool StatDataFile(const std::string& path, const PathPolicy& policy, struct stat* st);

// Opens any `path` for reading when it is a regular file (a script the user names: no data
// directory applies), without blocking on a FIFO. On failure returns an invalid descriptor and
// sets *error to why ("it is a FIFO (named pipe), not a regular file", errno's text).
FileDescriptor OpenRegularFile(const std::string& path, std::string* error);

// Reads the rest of `fd` into *out. False (errno's text in *error) on a read error.
bool ReadAll(int fd, std::string* out, std::string* error);

// For tests: false makes OpenDataFile and StatDataFile use the O_NOFOLLOW walk, as on kernels
// without openat2.
void UseOpenat2ForTesting(bool use);

}  // namespace riffle
