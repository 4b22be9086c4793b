#include "catalog/file_security.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/common/error.h"

namespace riffle::catalog {

namespace {

constexpr mode_t kDirMode = 0700;
constexpr mode_t kFileMode = 0600;

[[noreturn]] void Fail(const std::string& path, const std::string& what, int error_number) {
  throw RiffleError(ErrorKind::kCatalog,
                    "catalog " + path + ": " + what + ": " + std::strerror(error_number));
}

// Tightens an open file to 0600 if we own it and it is wider; someone else's file is left alone.
void TightenOpenFile(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return;
  if (st.st_uid == geteuid() && (st.st_mode & 0777) != kFileMode) fchmod(fd, kFileMode);
}

void CreateDirectories(const std::string& db_path) {
  std::filesystem::path parent = std::filesystem::path(db_path).parent_path();
  if (parent.empty()) return;
  // Walk from the root down so each missing level is created by us, with our mode; existing
  // levels (such as /tmp or $HOME) keep theirs.
  std::filesystem::path prefix;
  for (const auto& part : parent) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), kDirMode) == 0) {
      ::chmod(prefix.c_str(), kDirMode);  // the umask may have changed the mode given to mkdir
    } else if (errno != EEXIST) {
      Fail(db_path, "cannot create directory " + prefix.string(), errno);
    }
  }
}

}  // namespace

void PrepareDatabaseFile(const std::string& db_path) {
  if (db_path == ":memory:") return;
  if (db_path.empty()) {
    throw RiffleError(ErrorKind::kCatalog, "catalog path is empty");
  }
  CreateDirectories(db_path);
  int fd = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
  if (fd < 0) Fail(db_path, "cannot open for writing", errno);
  TightenOpenFile(fd);
  ::close(fd);
}

void TightenCompanionFiles(const std::string& db_path) {
  if (db_path == ":memory:" || db_path.empty()) return;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::string path = db_path + suffix;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    TightenOpenFile(fd);
    ::close(fd);
  }
}

}  // namespace riffle::catalog
