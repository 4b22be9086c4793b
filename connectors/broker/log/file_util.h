#pragma once
// Small POSIX helpers for the log: an owning file descriptor, full reads and writes, fsync of a
// directory and atomic replacement of a small file. Every function reports failure with errno
// text in *error instead of throwing, because the log answers with protocol error codes.

#include <sys/types.h>
#include <sys/uio.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace riffle::broker {

// Owns one file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Files are created 0600 and directories 0700: topic data is the user's own.
constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirMode = 0700;

// "<what>: <strerror(errno)>".
std::string ErrnoMessage(const std::string& what);

// Opens (creating when asked) a file read-write. Invalid fd and *error on failure.
UniqueFd OpenReadWrite(const std::string& path, bool create, std::string* error);

// Reads exactly `size` bytes at `offset` (fewer only at end of file); -1 on error.
ssize_t PreadFull(int fd, void* buf, size_t size, int64_t offset);
// Writes all `size` bytes at `offset`; false (errno set) on error or when the disk is full.
bool PwriteFull(int fd, const void* buf, size_t size, int64_t offset);
// The same for bytes gathered from several places, in order (pwritev, IOV_MAX at a time).
bool PwritevFull(int fd, std::vector<iovec> pieces, int64_t offset);

// Size of an open file, -1 on error.
int64_t FileSize(int fd);

// Creates `path` (and missing parents) with kDirMode. False and *error on failure.
bool MakeDirs(const std::string& path, std::string* error);
// Fsyncs a directory so that a rename or unlink inside it is durable.
bool FsyncDir(const std::string& path);

// Replaces `path` with `contents` atomically: writes path.tmp, fsyncs it, renames it over
// `path` and fsyncs the directory. A crash leaves either the old or the new file.
bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error);
// Reads a whole (small) file. False when it cannot be read.
bool ReadSmallFile(const std::string& path, std::string* contents);

}  // namespace riffle::broker
