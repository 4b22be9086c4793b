#include "connectors/broker/log/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <climits>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace riffle::broker {

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

std::string ErrnoMessage(const std::string& what) { return what + ": " + std::strerror(errno); }

UniqueFd OpenReadWrite(const std::string& path, bool create, std::string* error) {
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
  UniqueFd fd(::open(path.c_str(), flags, kFileMode));
  if (!fd.valid() && error != nullptr) *error = ErrnoMessage("cannot open " + path);
  return fd;
}

ssize_t PreadFull(int fd, void* buf, size_t size, int64_t offset) {
  size_t done = 0;
  auto* p = static_cast<char*>(buf);
  while (done < size) {
    ssize_t n = ::pread(fd, p + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

bool PwriteFull(int fd, const void* buf, size_t size, int64_t offset) {
  size_t done = 0;
  const auto* p = static_cast<const char*>(buf);
  while (done < size) {
    ssize_t n = ::pwrite(fd, p + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = ENOSPC;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool PwritevFull(int fd, std::vector<iovec> pieces, int64_t offset) {
  size_t first = 0;
  while (first < pieces.size()) {
    const int count = static_cast<int>(std::min<size_t>(pieces.size() - first, IOV_MAX));
    ssize_t n = ::pwritev(fd, pieces.data() + first, count, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = ENOSPC;
      return false;
    }
    offset += n;
    // Skip what was written: whole pieces, then the written part of the next one.
    auto left = static_cast<size_t>(n);
    while (first < pieces.size() && left >= pieces[first].iov_len) left -= pieces[first++].iov_len;
    if (left > 0) {
      pieces[first].iov_base = static_cast<char*>(pieces[first].iov_base) + left;
      pieces[first].iov_len -= left;
    }
  }
  return true;
}

int64_t FileSize(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return -1;
  return st.st_size;
}

bool MakeDirs(const std::string& path, std::string* error) {
  std::filesystem::path p(path);
  std::filesystem::path built;
  for (const auto& part : p) {
    built /= part;
    if (built.empty() || built == "/") continue;
    if (::mkdir(built.c_str(), kDirMode) != 0 && errno != EEXIST) {
      *error = ErrnoMessage("cannot create directory " + built.string());
      return false;
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = "not a directory: " + path;
    return false;
  }
  return true;
}

bool FsyncDir(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.valid() && ::fsync(fd.get()) == 0;
}

bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error) {
  std::string tmp = path + ".tmp";
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kFileMode));
    if (!fd.valid()) {
      *error = ErrnoMessage("cannot create " + tmp);
      return false;
    }
    if (!PwriteFull(fd.get(), contents.data(), contents.size(), 0) || ::fsync(fd.get()) != 0) {
      *error = ErrnoMessage("cannot write " + tmp);
      ::unlink(tmp.c_str());
      return false;
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = ErrnoMessage("cannot rename " + tmp);
    ::unlink(tmp.c_str());
    return false;
  }
  FsyncDir(std::filesystem::path(path).parent_path().string());
  return true;
}

bool ReadSmallFile(const std::string& path, std::string* contents) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return false;
  int64_t size = FileSize(fd.get());
  if (size < 0 || size > (64 << 20)) return false;
  contents->resize(static_cast<size_t>(size));
  return PreadFull(fd.get(), contents->data(), contents->size(), 0) == size;
}

}  // namespace riffle::broker
