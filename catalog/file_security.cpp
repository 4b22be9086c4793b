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

// Tightens a file to 0600 if we own it and it is wider; someone else's file, and symlinks, are
// left alone. By path, never by opening it: closing any descriptor of a file releases all of this
// process's POSIX locks on it, and SQLite locks the database and its -shm file that way. Losing
// the -shm lock lets another process reinitialize the shared memory under us (SIGBUS, or worse).
void TightenFile(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  if (st.st_uid == geteuid() && (st.st_mode & 0777) != kFileMode) ::chmod(path.c_str(), kFileMode);
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
  struct stat st {};
  if (stat(db_path.c_str(), &st) == 0) {
    // It exists (and this process may already have it open: see TightenFile).
    if (::access(db_path.c_str(), R_OK | W_OK) != 0) Fail(db_path, "cannot open for writing", errno);
    TightenFile(db_path);
    return;
  }
  int fd = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
  if (fd < 0) Fail(db_path, "cannot open for writing", errno);
  ::close(fd);  // new: nobody holds locks on it yet
  TightenFile(db_path);
}

void TightenCompanionFiles(const std::string& db_path) {
  if (db_path == ":memory:" || db_path.empty()) return;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) TightenFile(db_path + suffix);
}

}  // namespace riffle::catalog
