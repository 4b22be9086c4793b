#pragma once
// `.timeline JOB` and `.timeline SELECT ...` (riffle's own dot command): the windows of a
// windowed job, or of a windowed push query run for the view (its rows are not shown), on a
// time axis (timeline_layout.h). At a terminal, a person watching sees it redrawn in place, on
// the terminal's alternate screen, whenever a window opens, closes or counts another record and
// whenever the terminal is resized, until q or Ctrl-C (or the query ends); the last picture then
// stays in the scrollback, followed by what the query said. Elsewhere (a script, piped input or
// output) it prints one picture, once the job or query has read what its sources held, and
// returns.

#include <string>
#include <string_view>

#include "shell/dot_commands.h"

namespace riffle::shell {

// Runs `.timeline job_id`. Returns false (after reporting why through shell.sink()) when the job
// is unknown, not running here or not windowed, or stops while being watched.
bool ShowTimeline(DotShell& shell, const std::string& job_id);

// Runs `.timeline SELECT ...`: `statement` must be one push query with a windowed aggregation.
// It runs until the view ends, then is cancelled. Returns false (after reporting why) when the
// text is not one such query or the query fails.
bool ShowQueryTimeline(DotShell& shell, const std::string& statement);

// Whether `.timeline`'s argument text is a query (its first word is SELECT, in any case) rather
// than a job id.
bool IsTimelineQuery(std::string_view text);

}  // namespace riffle::shell
