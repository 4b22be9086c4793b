#pragma once
// The `post` section of a case: the streams and tables that must exist afterwards (type,
// schema string, key/value formats, window type and size) and the topics that must or must not.

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "tests/conformance/runner/lenient_json.h"

namespace riffle::conformance {

// Returns "" when `post` holds, else what did not. `topics` are the broker's topic names.
std::string CheckPost(const JNode& post, const Catalog& catalog,
                      const std::vector<std::string>& topics);

}  // namespace riffle::conformance
