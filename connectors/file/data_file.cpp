#include "connectors/file/data_file.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/common/error.h"

namespace riffle {

namespace fs = std::filesystem;

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

std::atomic<bool> g_use_openat2{true};

constexpr mode_t kCreateMode = 0644;

// What a file that is not a regular one is, for errors.
std::string Describe(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "a special file";
}

// Opens `rel` beneath the directory `dir_fd` without following any symbolic link: each directory
// with O_PATH | O_NOFOLLOW, the last component with O_NOFOLLOW. -1 and errno on failure (ELOOP
// for a link met on the way, EXDEV for "..").
int WalkBeneath(int dir_fd, const std::string& rel, int flags, mode_t mode) {
  std::vector<std::string> parts;
  for (const auto& part : fs::path(rel)) {
    if (!part.empty() && part != ".") parts.push_back(part.string());
  }
  if (parts.empty()) parts.push_back(".");
  FileDescriptor dir;  // the directory reached so far, when not `dir_fd` itself
  int at = dir_fd;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "..") {
      errno = EXDEV;
      return -1;
    }
    if (i + 1 == parts.size()) {
      return ::openat(at, parts[i].c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
    }
    int next = ::openat(at, parts[i].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      int saved = errno;
      struct stat st {};
      if (saved == ENOTDIR && ::fstatat(at, parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        saved = ELOOP;
      }
      errno = saved;
      return -1;
    }
    dir = FileDescriptor(next);
    at = next;
  }
  return -1;  // not reached: the loop returns at the last part
}

// Opens `rel` beneath the directory `dir_fd`: openat2 with RESOLVE_BENEATH (links are followed
// while they stay beneath it; EXDEV when one leads out), else the O_NOFOLLOW walk. Sets *walked
// when the walk was used. -1 and errno on failure.
int OpenBeneath(int dir_fd, const std::string& rel, int flags, mode_t mode, bool* walked) {
  *walked = false;
  if (g_use_openat2.load(std::memory_order_relaxed)) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) != 0 ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    for (int attempt = 0; attempt < 16; ++attempt) {
      long fd = ::syscall(SYS_openat2, dir_fd, rel.c_str(), &how, sizeof how);
      if (fd >= 0) return static_cast<int>(fd);
      // EAGAIN: a rename elsewhere raced the lookup; the kernel asks for a retry.
      if (errno != EAGAIN && errno != EINTR) break;
    }
    if (errno != ENOSYS) return -1;
  }
  *walked = true;
  return WalkBeneath(dir_fd, rel, flags, mode);
}

// Where `path` is: the allowed directory holding it, and the rest of the path below it.
struct Located {
  std::string root;
  std::string rel;
  std::string root_label;  // "the data directory /x" or "the allowed directory /y"
};

std::string Verb(DataFileAccess access) {
  return access == DataFileAccess::kRead ? "read" : "write";
}

[[noreturn]] void Fail(DataFileAccess access, const std::string& path, const std::string& what,
                       const std::string& hint = "") {
  throw RiffleError(ErrorKind::kConnector,
                    "cannot " + Verb(access) + " file '" + path + "': " + what, {}, hint);
}

Located Locate(const std::string& path, const PathPolicy& policy, DataFileAccess access) {
  std::vector<std::string> roots = AllowedRoots(policy);
  fs::path full = fs::path(path).is_absolute() ? fs::path(path) : fs::path(roots[0]) / path;
  full = full.lexically_normal();
  Located at;
  at.root = RootContaining(full.string(), roots);
  if (at.root.empty()) {
    Fail(access, path, "it is outside the data directory " + roots[0],
         "use a path inside it, or start riffle with --allow-path DIR");
  }
  std::string rel = full.lexically_relative(at.root).string();
  at.rel = rel.empty() ? std::string(".") : std::move(rel);
  at.root_label =
      (at.root == roots[0] ? "the data directory " : "the allowed directory ") + at.root;
  return at;
}

FileDescriptor OpenRoot(const Located& at, DataFileAccess access, const std::string& path) {
  int fd = ::open(at.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail(access, path, at.root_label + ": " + std::strerror(errno));
  return FileDescriptor(fd);
}

// Throws for what a failed lookup or open means; returns for ENOENT.
void FailUnlessMissing(int err, bool walked, const Located& at, DataFileAccess access,
                       const std::string& path) {
  switch (err) {
    case ENOENT:
      return;
    case EXDEV:
      Fail(access, path, "it leads outside " + at.root_label + " through a symbolic link",
           "use a path inside it, or start riffle with --allow-path DIR");
    case ELOOP:
      if (walked) {
        Fail(access, path,
             "it goes through a symbolic link, which is not followed on this kernel (no "
             "openat2 to keep it inside " +
                 at.root_label + ")",
             "name the file itself, not a link to it");
      }
      if (access != DataFileAccess::kRead) {
        Fail(access, path,
             "it is a symbolic link, and a file sink never writes through one (it could "
             "create or overwrite a file anywhere)",
             "remove the link, or name the file it points to");
      }
      break;
    case ENXIO:
      Fail(access, path, "it is a FIFO (named pipe) or a socket, not a regular file",
           "the file connector reads and writes regular files only");
    case EISDIR:
      Fail(access, path, "it is a directory");
    default:
      break;
  }
  Fail(access, path, std::strerror(err));
}

}  // namespace

FileDescriptor OpenDataFile(const std::string& path, const PathPolicy& policy,
                            DataFileAccess access) {
  Located at = Locate(path, policy, access);
  FileDescriptor root = OpenRoot(at, access, path);
  // O_NONBLOCK: opening a FIFO must not wait for its other end; it is refused below.
  int flags = O_NONBLOCK | O_NOCTTY;
  switch (access) {
    case DataFileAccess::kRead:
      flags |= O_RDONLY;
      break;
    case DataFileAccess::kAppend:
      flags |= O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW;
      break;
    case DataFileAccess::kReplace:
      flags |= O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW;
      break;
  }
  bool walked = false;
  FileDescriptor fd(OpenBeneath(root.get(), at.rel, flags, kCreateMode, &walked));
  if (!fd.valid()) {
    int err = errno;
    FailUnlessMissing(err, walked, at, access, path);
    if (access == DataFileAccess::kRead) return fd;
    Fail(access, path, std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) Fail(access, path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    Fail(access, path, "it is " + Describe(st.st_mode) + ", not a regular file",
         "the file connector reads and writes regular files only");
  }
  int fl = ::fcntl(fd.get(), F_GETFL);
  if (fl >= 0) ::fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}

bool StatDataFile(const std::string& path, const PathPolicy& policy, struct stat* st) {
  Located at = Locate(path, policy, DataFileAccess::kRead);
  FileDescriptor root = OpenRoot(at, DataFileAccess::kRead, path);
  bool walked = false;
  FileDescriptor fd(OpenBeneath(root.get(), at.rel, O_PATH, 0, &walked));
  if (!fd.valid()) {
    int err = errno;
    if (err == EXDEV || err == ELOOP) {
      FailUnlessMissing(err, walked, at, DataFileAccess::kRead, path);
    }
    return false;
  }
  if (::fstat(fd.get(), st) != 0) return false;
  // The walk opens a link in the last place itself (O_PATH | O_NOFOLLOW): it is not followed.
  if (S_ISLNK(st->st_mode)) FailUnlessMissing(ELOOP, walked, at, DataFileAccess::kRead, path);
  return true;
}

FileDescriptor OpenRegularFile(const std::string& path, std::string* error) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd.valid()) {
    *error = std::strerror(errno);
    return fd;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    *error = std::strerror(errno);
    return FileDescriptor();
  }
  if (!S_ISREG(st.st_mode)) {
    *error = "it is " + Describe(st.st_mode) + ", not a regular file";
    return FileDescriptor();
  }
  int fl = ::fcntl(fd.get(), F_GETFL);
  if (fl >= 0) ::fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}

bool ReadAll(int fd, std::string* out, std::string* error) {
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
  }
}

void UseOpenat2ForTesting(bool use) { g_use_openat2.store(use, std::memory_order_relaxed); }

}  // namespace riffle
