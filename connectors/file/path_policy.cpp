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

std::vector<std::string> AllowedRoots(const PathPolicy& policy) {
  std::error_code ec;
  fs::path base = policy.data_dir.empty() ? fs::current_path(ec) : fs::path(policy.data_dir);
  std::vector<std::string> roots = {Resolve(fs::absolute(base, ec)).string()};
  for (const auto& a : policy.allowed) roots.push_back(Resolve(fs::absolute(a, ec)).string());
  return roots;
}

std::string RootContaining(const std::string& path, const std::vector<std::string>& roots) {
  std::string best;
  for (const auto& root : roots) {
    if (Inside(fs::path(path), fs::path(root)) && root.size() > best.size()) best = root;
  }
  return best;
}

std::string ResolveDataPath(const std::string& path, const PathPolicy& policy) {
  if (path.empty()) {
    throw RiffleError(ErrorKind::kConnector, "the file connector needs a PATH", {},
                      "e.g. WITH (CONNECTOR='file', PATH='orders.csv', FORMAT='DELIMITED')");
  }
  std::vector<std::string> roots = AllowedRoots(policy);
  fs::path lexical = (fs::path(roots[0]) / fs::path(path)).lexically_normal();
  fs::path resolved = Resolve(lexical);
  if (!RootContaining(resolved.string(), roots).empty()) return resolved.string();
  bool by_link = !RootContaining(lexical.string(), roots).empty();
  throw RiffleError(ErrorKind::kConnector,
                    "PATH '" + path + "' is outside the data directory " + roots[0] +
                        (by_link ? " (it leads there through a symbolic link)" : ""),
                    {}, "use a path inside it, or start riffle with --allow-path DIR");
}

}  // namespace riffle
