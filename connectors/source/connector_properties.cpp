#include "connectors/source/connector_properties.h"

#include <cctype>

#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

namespace {

}  // namespace

std::string ConnectorName(const PropertyMap& props) {
  auto it = props.find("CONNECTOR");
  return it == props.end() ? "kafka" : AsciiLower(it->second);
}

bool BoolProperty(const PropertyMap& props, const std::string& name, bool fallback) {
  auto it = props.find(name);
  if (it == props.end()) return fallback;
  std::string v = AsciiLower(it->second);
  if (v == "true") return true;
  if (v == "false") return false;
  ThrowBind({}, name + " must be true or false, not '" + it->second + "'.");
}

int64_t IntProperty(const PropertyMap& props, const std::string& name, int64_t fallback,
                    int64_t min) {
  auto it = props.find(name);
  if (it == props.end()) return fallback;
  const std::string& v = it->second;
  std::optional<int64_t> n = ParseInt64(v);
  if (!n || *n < min) {
    ThrowBind({}, name + " must be a whole number of at least " + std::to_string(min) +
                      ", not '" + v + "'.");
  }
  return *n;
}

std::string StringProperty(const PropertyMap& props, const std::string& name,
                           const std::string& fallback) {
  auto it = props.find(name);
  return it == props.end() ? fallback : it->second;
}

}  // namespace riffle
