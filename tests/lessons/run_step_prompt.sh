#!/usr/bin/env bash
# .step at riffle's interactive prompt (in tmux): `.step LESSON` starts a lesson, Enter on an
# empty line runs its next step (its comment, the statement as if typed, the result), `.step
# status` says where the lesson is, `.step stop` ends it, after which Enter does nothing.
#
# Usage: tests/lessons/run_step_prompt.sh path/to/riffle examples/lessons/01_streams_and_tables.sql
set -u

RIFFLE=${1:?usage: run_step_prompt.sh path/to/riffle LESSON.sql}
LESSON=${2:?usage: run_step_prompt.sh path/to/riffle LESSON.sql}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
LESSON=$(cd "$(dirname "$LESSON")" && pwd)/$(basename "$LESSON")
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
# shellcheck source=../lib/tmux_session.sh
source "$(dirname "$0")/../lib/tmux_session.sh"
tmux_sandbox step-prompt

# enter NAME REGEX...: presses Enter on an empty prompt and checks what the step shows.
enter() {
  local name=$1
  shift
  mark
  tmx send-keys -t main Enter
  local regex
  for regex in "$@"; do
    if ! wait_for "$regex" 60; then
      fail "$name: shows /$regex/" "$(since_mark)"
      return
    fi
  done
  pass "$name"
}

SESSION_WIDTH=120 SESSION_HEIGHT=60
if start_session && wait_for '^riffle>$' 60; then
  mark
  type_line ".step $LESSON"
  check ".step FILE starts the lesson and counts its steps" \
    "^Lesson $LESSON: [0-9]+ steps\. Enter \(or \.step\) runs the next one"
  total=$(since_mark | sed -n 's/^Lesson .*: \([0-9]*\) steps\..*/\1/p' | head -1)
  enter "Enter runs step 1: its comment, then the statement as typed" \
    '^-- Lesson 1: streams and tables$' '^riffle> DROP TABLE IF EXISTS whereabouts;$' \
    "^-- step 1 of $total done"
  enter "Enter runs step 2" '^riffle> DROP STREAM IF EXISTS moves DELETE TOPIC;$' \
    "^-- step 2 of $total done"
  mark
  type_line ".step status"
  check ".step status says where the lesson is" \
    "^Lesson $LESSON: 2 of $total steps done\. Next, line [0-9]+: SET 'auto.offset.reset'"
  for step in 3 4 5 6 7 8 9; do
    enter "Enter runs step $step" "^-- step $step of $total done"
  done
  enter "Enter runs a query: its comment, the statement, its rows" \
    '^-- The stream holds every event, in order' \
    '^riffle> SELECT ROWTIME, player, room FROM moves;$' \
    '^\| +5000 \| cid +\| hall +\|$' '^Query Completed$' "^-- step 10 of $total done"
  enter "a statement over several lines is echoed with continuation prompts" \
    '^riffle> CREATE TABLE whereabouts \(player STRING PRIMARY KEY, room STRING\)$' \
    "^      >   WITH \(KAFKA_TOPIC='lesson1_moves', VALUE_FORMAT='JSON'\);$" \
    '^Table WHEREABOUTS created\.$' "^-- step 11 of $total done"
  mark
  type_line ".step stop"
  check ".step stop ends the lesson" "^Lesson $LESSON stopped after 11 of $total steps\.$"
  mark
  tmx send-keys -t main Enter
  type_line ".step status"
  check "after .step stop, Enter runs nothing" '^No lesson in progress\. \.step FILE starts one\.$'
  if since_mark | grep -q '^-- step'; then
    fail "after .step stop, Enter runs no step" "$(since_mark)"
  else
    pass "after .step stop, Enter runs no step"
  fi
  mark
  type_line ".history"
  if wait_for '\.step status' 30 && ! since_mark | grep -qE '^ +[0-9]+  \.step$'; then
    pass "Enter's steps are not kept in the history"
  else
    fail "Enter's steps are not kept in the history" "$(since_mark)"
  fi
else
  fail "the prompt appears" "$(pane)"
fi
finish
