#include "shell/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

namespace riffle::shell {

namespace {

// By lstat, so that a symbolic link (and whatever it points to) is never changed.
void Tighten(const std::string& path, bool directory, mode_t mode) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || st.st_uid != geteuid()) return;
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) return;
  if ((st.st_mode & 0777) != mode) ::chmod(path.c_str(), mode);
}

}  // namespace

void TightenStateDir(const std::string& dir) {
  // Statements in the history name hosts and topics; the directory holds the catalog, whose WITH
  // properties and jobs are the user's business only.
  Tighten(dir, /*directory=*/true, 0700);
  Tighten(dir + "/history", /*directory=*/false, 0600);
}

}  // namespace riffle::shell
