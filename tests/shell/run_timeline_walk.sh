#!/usr/bin/env bash
# `.timeline` (issue 17, point 2), as a class would see it: a script gets one exact picture of
# a windowed job's windows; at the prompt (in tmux, at 80 columns) the picture is redrawn in
# place while records with explicit timestamps are inserted by another riffle process, and a
# window is seen going from open to closing (stream time past its end) to closed (past its end
# plus grace). A resize redraws it narrower; q returns to the prompt with the last picture kept.
#
# Usage: tests/shell/run_timeline_walk.sh path/to/riffle
set -u

RIFFLE=${1:?usage: run_timeline_walk.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
# shellcheck source=../lib/tmux_session.sh
source "$(dirname "$0")/../lib/tmux_session.sh"
tmux_sandbox timeline-walk

STREAM="CREATE STREAM clicks (user STRING KEY, ts BIGINT) WITH (kafka_topic='clicks', \
value_format='JSON', partitions=1, timestamp='ts');"
TABLE="CREATE TABLE per_user AS SELECT user, COUNT(*) AS n FROM clicks \
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user;"
insert() { echo "INSERT INTO clicks (user, ts) VALUES ('$1', $2);"; }

# ---- A script: one picture, exactly. ----
{
  echo "$STREAM"
  echo "$TABLE"
  insert alice 1000
  insert alice 4000
  insert bob 12000
  insert alice 27000
  insert alice 2000  # late: its window closed at 15 s
  echo ".timeline CTAS_PER_USER_1"
} >"$WORK/script.sql"
cat >"$WORK/expected.txt" <<'TEXT'
Window timeline of CTAS_PER_USER_1
TUMBLING size 10 s, grace 5 s, EMIT CHANGES; 1 late record dropped
S stream time 1970-01-01 00:00:27 UTC   G grace boundary 00:00:22
key   window                                        G      S     records state
alice 00:00:00-00:00:10 [...........)               :      |           2 closed
bob   00:00:10-00:00:20              [...........)  :      |           1 closed
alice 00:00:20-00:00:30                           [===========)        1 open
                        00:00:00                        00:00:30
TEXT
timeout 60 "$RIFFLE" --catalog "$WORK/script.db" -f "$WORK/script.sql" >"$WORK/script.out" 2>&1
sed -n '/^Window timeline of/,$p' "$WORK/script.out" >"$WORK/picture.txt"
if diff "$WORK/expected.txt" "$WORK/picture.txt" >"$WORK/diff.txt"; then
  pass "a script prints one picture: two windows closed, one open, the late record counted"
else
  fail "a script prints one picture" "$(cat "$WORK/diff.txt" "$WORK/script.out")"
fi

# ---- At the prompt: the picture changes in place. ----
# Another riffle process writes the record; the job runs in the one at the prompt.
insert_elsewhere() {
  if ! timeout 60 "$RIFFLE" --catalog "$WORK/interactive.db" -e "$(insert "$1" "$2")" \
    >"$WORK/insert.out" 2>&1; then
    fail "insert ($1, $2) from another process" "$(cat "$WORK/insert.out")"
  fi
}
widest_line() { screen | awk '{ if (length($0) > max) max = length($0) } END { print max + 0 }'; }

SESSION_WIDTH=80 SESSION_HEIGHT=24
if start_session && wait_for '^riffle>$' 60; then
  for statement in "$STREAM" "$TABLE" "$(insert alice 1000)"; do
    mark
    type_line "$statement"
    wait_for '^riffle>$' 60 || fail "ran: $statement" "$(since_mark)"
  done
  type_line ".timeline CTAS_PER_USER_1"
  screen_check "the view takes the screen, with the way out" \
    '^Window timeline of CTAS_PER_USER_1 \(q or Ctrl-C leaves\)$'
  screen_check "stream time 1 s: the window is open" \
    '^alice 00:00:00-00:00:10 .*\[=+\) +1 open$'
  insert_elsewhere bob 12000
  screen_check "stream time 12 s: past its end, the window is closing (in grace)" \
    '^alice 00:00:00-00:00:10 .*\[~+\) .* 1 closing$'
  screen_check "the grace boundary moved to 7 s" 'G grace boundary 00:00:07$'
  insert_elsewhere alice 4000
  screen_check "a record in grace still counts" '^alice 00:00:00-00:00:10 .*\[~+\) .* 2 closing$'
  insert_elsewhere bob 16000
  screen_check "stream time 16 s: past its end plus grace, the window is closed" \
    '^alice 00:00:00-00:00:10 .*\[\.+\) .* 2 closed$'
  screen_check "the next window is open with both of bob's records" \
    '^bob +00:00:10-00:00:20 .*\[=+\) +2 open$'
  if [ "$(widest_line)" -le 80 ]; then
    pass "every line fits 80 columns"
  else
    fail "every line fits 80 columns" "$(screen)"
  fi
  # A resize redraws the picture for the new width, with nothing left of the old one.
  # (The pane cuts old lines at 60 columns at once: wait for the redrawn picture's full line.)
  tmx resize-window -t main -x 60 -y 20
  deadline=$((SECONDS + 30))
  until screen | grep -qE '^alice 00:00:00-00:00:10 .* 2 closed$' || [ $SECONDS -ge $deadline ]; do
    sleep 0.1
  done
  if [ "$(widest_line)" -le 60 ] && screen | grep -qE '^alice 00:00:00-00:00:10 .* 2 closed$' &&
    [ "$(screen | grep -c '^Window timeline of')" -eq 1 ]; then
    pass "a resize to 60 columns redraws the picture to fit"
  else
    fail "a resize to 60 columns redraws the picture to fit" "$(screen)"
  fi
  mark
  tmx send-keys -t main q
  check "q returns to the prompt" '^riffle>$'
  if pane | grep -qE '^alice 00:00:00-00:00:10 .* 2 closed$' &&
    ! pane | grep -q 'q or Ctrl-C leaves'; then
    pass "the last picture stays in the scrollback"
  else
    fail "the last picture stays in the scrollback" "$(pane)"
  fi
  mark
  type_line "SHOW STREAMS;"
  check "the prompt works after the view" '^riffle> SHOW STREAMS;$'
else
  fail "the prompt appears" "$(pane)"
fi
finish
