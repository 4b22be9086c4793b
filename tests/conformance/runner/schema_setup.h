#pragma once
// Registers a case's topic schemas (`keySchema` / `valueSchema`) in the case's catalog before
// its statements run, with the ids ksqlDB's test harness gives them, so statements that name
// KEY_/VALUE_SCHEMA_ID find them.

#include <string>

#include "catalog/catalog.h"
#include "tests/conformance/runner/test_case.h"

namespace riffle::conformance {

// ksqlDB's harness registers the schemas of topics its CREATE statements declare with columns
// first, then the case's `topics` (key before value, in order); explicit ids are kept. riffle
// registers the former itself when the statements run (Catalog::RegisterSchema takes the
// smallest free id), so this registers the latter, numbered after as many ids as the statements
// will take. Throws RiffleError when a schema cannot be stored.
void RegisterTopicSchemas(const TestCase& test, Catalog& catalog);

}  // namespace riffle::conformance
