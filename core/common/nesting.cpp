#include "core/common/nesting.h"

namespace riffle {
namespace {
thread_local int depth = 0;
}  // namespace

std::string NestingMessage(const std::string& what) {
  return what + " nested too deeply (limit " + std::to_string(kMaxNestingDepth) + ")";
}

NestingGuard::NestingGuard(ErrorKind kind, const char* what, SourcePos pos) {
  if (depth >= kMaxNestingDepth) throw RiffleError(kind, NestingMessage(what), pos);
  ++depth;
}

NestingGuard::~NestingGuard() { --depth; }

int NestingGuard::Depth() { return depth; }

}  // namespace riffle
