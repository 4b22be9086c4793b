#include "connectors/file/path_policy.h"

#include <filesystem>
#include <system_error>

#include "core/common/error.h"

namespace riffle {

namespace fs = std::filesystem;

namespace {

// Resolves symbolic links in the part of `p` that exists; the rest is kept lexically.
fs::path Resolve(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : r;
}

bool Inside(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // trailing separator
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

}  // namespace

std::string ResolveDataPath(const std::string& path, const PathPolicy& policy) {
  if (path.empty()) {
    throw RiffleError(ErrorKind::kConnector, "the file connector needs a PATH", {},
                      "e.g. WITH (CONNECTOR='file', PATH='orders.csv', FORMAT='DELIMITED')");
  }
  std::error_code ec;
  fs::path base = policy.data_dir.empty() ? fs::current_path(ec) : fs::path(policy.data_dir);
  base = Resolve(fs::absolute(base, ec));
  fs::path lexical = (base / fs::path(path)).lexically_normal();
  fs::path resolved = Resolve(lexical);
  std::vector<fs::path> roots = {base};
  for (const auto& a : policy.allowed) roots.push_back(Resolve(fs::absolute(a, ec)));
  for (const auto& root : roots) {
    if (Inside(resolved, root)) return resolved.string();
  }
  bool by_link = false;
  for (const auto& root : roots) by_link = by_link || Inside(lexical, root);
  throw RiffleError(ErrorKind::kConnector,
                    "PATH '" + path + "' is outside the data directory " + base.string() +
                        (by_link ? " (it leads there through a symbolic link)" : ""),
                    {}, "use a path inside it, or start riffle with --allow-path DIR");
}

}  // namespace riffle
