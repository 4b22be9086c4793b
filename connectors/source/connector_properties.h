#pragma once
// Reading the WITH properties of the file and datagen connectors (CONNECTOR, PATH, FOLLOW,
// HEADER, GENERATOR, RATE, COUNT, SEED). Names are stored upper-cased; values as given.

#include <cstdint>
#include <map>
#include <string>

namespace riffle {

using PropertyMap = std::map<std::string, std::string>;

// CONNECTOR lower-cased: "kafka" (also when absent), "file", "datagen", or what the user wrote.
std::string ConnectorName(const PropertyMap& props);

// 'true' / 'false' (any case), else `fallback` when absent. Throws RiffleError(kBind) otherwise.
bool BoolProperty(const PropertyMap& props, const std::string& name, bool fallback);

// A whole number >= `min`, else `fallback` when absent. Throws RiffleError(kBind) otherwise.
int64_t IntProperty(const PropertyMap& props, const std::string& name, int64_t fallback,
                    int64_t min);

// The value, or `fallback` when absent.
std::string StringProperty(const PropertyMap& props, const std::string& name,
                           const std::string& fallback = "");

}  // namespace riffle
