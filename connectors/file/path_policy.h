#pragma once
// Which files the file connector may read and write: paths are resolved against a data
// directory and must stay inside it (or inside a directory allowed with --allow-path), after
// `..` and symbolic links are resolved. Keeps a SQL statement from reading ~/.ssh or /etc.
// This is the statement-time check; the files are opened through OpenDataFile (data_file.h),
// which resolves the path again, beneath its directory, at open time.

#include <string>
#include <vector>

namespace riffle {

struct PathPolicy {
  std::string data_dir = {};              // relative paths resolve here; "" = current directory
  std::vector<std::string> allowed = {};  // more directories that may be read and written
};

// Returns the absolute, symlink-resolved form of `path` (relative paths are taken from the data
// directory). The file need not exist, but its directory must resolve inside an allowed one.
// Throws RiffleError(kConnector) naming the path and the data directory when it escapes (by
// `..`, an absolute path or a symbolic link).
std::string ResolveDataPath(const std::string& path, const PathPolicy& policy);

// The allowed directories, absolute and symlink-resolved: the data directory first, then the
// --allow-path ones.
std::vector<std::string> AllowedRoots(const PathPolicy& policy);

// The allowed directory of `roots` that lexically contains the absolute `path`, the longest
// when several do; "" when none does.
std::string RootContaining(const std::string& path, const std::vector<std::string>& roots);

}  // namespace riffle
