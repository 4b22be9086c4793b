#pragma once
// HELP's concept topics (windows, grace, late data, EMIT, joins, streams and tables,
// changelogs): what each means, the clause's syntax and a runnable example. They are part of
// HELP's one table (StatementHelps() in statement_help.h); this file only keeps the prose apart
// from the statements'.

#include <vector>

#include "shell/statement_help.h"

namespace riffle::shell {

// Every concept topic, from the basics (streams and tables) to joins. Each example runs on an
// empty catalog and its last statement shows rows.
const std::vector<StatementHelp>& ConceptHelps();

}  // namespace riffle::shell
