#pragma once
// riffle's per-user directory (~/.riffle): the default catalog, its broker data and the shell's
// history. New ones are made private (0700, files 0600); this keeps older ones private too.

#include <string>

namespace riffle::shell {

// When `dir` is a directory owned by this user (not a symbolic link) that group or others may
// use, sets it to 0700; when `dir`/history is such a file, sets it to 0600. Everything else is
// left as it is (another user's files, a missing directory). Never throws.
void TightenStateDir(const std::string& dir);

}  // namespace riffle::shell
