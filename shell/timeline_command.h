#pragma once
// `.timeline JOB` (riffle's own dot command): a windowed job's windows on a time axis
// (timeline_layout.h). At a terminal, a person watching sees it redrawn in place, on the
// terminal's alternate screen, whenever a window opens, closes or counts another record and
// whenever the terminal is resized, until q or Ctrl-C; the last picture then stays in the
// scrollback. Elsewhere (a script, piped input or output) it prints one picture and returns.

#include <string>

#include "shell/dot_commands.h"

namespace riffle::shell {

// Runs `.timeline job_id`. Returns false (after reporting why through shell.sink()) when the job
// is unknown, not running here or not windowed, or stops while being watched.
bool ShowTimeline(DotShell& shell, const std::string& job_id);

}  // namespace riffle::shell
