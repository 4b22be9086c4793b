#!/usr/bin/env bash
# `.timeline SELECT ...` (issue 17): the window timeline of a push query rather than a job. The
# query runs for the picture only: its rows are never shown. A script gets one exact picture once
# the query has read what the topic holds, then the query is cancelled; at the prompt (tmux, 80
# columns) the picture is redrawn in place while another riffle process inserts records, a window
# goes from open to closing to closed, and Ctrl-C returns to the prompt with the last picture
# kept. A query without a window is refused with what it needs.
#
# Usage: tests/shell/run_timeline_query_walk.sh path/to/riffle
set -u

RIFFLE=${1:?usage: run_timeline_query_walk.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
# shellcheck source=../lib/tmux_session.sh
source "$(dirname "$0")/../lib/tmux_session.sh"
tmux_sandbox timeline-query

STREAM="CREATE STREAM clicks (user STRING KEY, ts BIGINT) WITH (kafka_topic='clicks', \
value_format='JSON', partitions=1, timestamp='ts');"
QUERY="SELECT user, COUNT(*) AS n FROM clicks \
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user EMIT CHANGES;"
insert() { echo "INSERT INTO clicks (user, ts) VALUES ('$1', $2);"; }

# ---- A script: one picture, exactly, and the query is gone after it. ----
{
  echo "$STREAM"
  echo "SET 'auto.offset.reset'='earliest';"
  insert alice 1000
  insert alice 4000
  insert bob 12000
  insert alice 27000
  insert alice 2000  # late: its window closed at 15 s
  echo ".timeline $QUERY"
  echo ".timeline SELECT user, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 5 SECONDS) GROUP BY user EMIT CHANGES LIMIT 1;"
  echo ".timeline SELECT user, COUNT(*) AS n FROM clicks GROUP BY user EMIT CHANGES;"
  echo "SHOW STREAMS;"
} >"$WORK/script.sql"
cat >"$WORK/expected.txt" <<'TEXT'
Window timeline of SELECT user, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE…
TUMBLING size 10 s, grace 5 s, EMIT CHANGES; 1 late record dropped
S stream time 1970-01-01 00:00:27 UTC   G grace boundary 00:00:22
key   window                                        G      S     records state
alice 00:00:00-00:00:10 [...........)               :      |           2 closed
bob   00:00:10-00:00:20              [...........)  :      |           1 closed
alice 00:00:20-00:00:30                           [===========)        1 open
                        00:00:00                        00:00:30
TEXT
timeout 60 "$RIFFLE" --catalog "$WORK/script.db" -f "$WORK/script.sql" >"$WORK/script.out" 2>&1
sed -n '/^Window timeline of/,/^  /{p;/^  /q}' "$WORK/script.out" >"$WORK/picture.txt"
if diff "$WORK/expected.txt" "$WORK/picture.txt" >"$WORK/diff.txt"; then
  pass "a script prints one picture of the query's windows, the late record counted"
else
  fail "a script prints one picture of the query's windows" "$(cat "$WORK/diff.txt" "$WORK/script.out")"
fi
if ! grep -qE '^\| (alice|bob) ' "$WORK/script.out"; then
  pass "the query's rows are not shown"
else
  fail "the query's rows are not shown" "$(cat "$WORK/script.out")"
fi
# A query that ends by itself (LIMIT) is drawn with the windows it ended with.
if grep -qE '^TUMBLING size 5 s, grace 24 h, EMIT CHANGES; no late record dropped$' \
  "$WORK/script.out" &&
  grep -qE '^alice 00:00:25-00:00:30 .* 1 open$' "$WORK/script.out"; then
  pass "a query that ends at its LIMIT is drawn as it ended"
else
  fail "a query that ends at its LIMIT is drawn as it ended" "$(cat "$WORK/script.out")"
fi
if grep -qF "ERROR shell: .timeline: the query has no window to show" "$WORK/script.out" &&
  grep -qE '^\| CLICKS ' "$WORK/script.out"; then
  pass "a query without a window is refused, and the script goes on after the views"
else
  fail "a query without a window is refused, and the script goes on" "$(cat "$WORK/script.out")"
fi

# ---- At the prompt: the picture changes in place. ----
insert_elsewhere() {  # the records come from another riffle process, as a second terminal's
  if ! timeout 60 "$RIFFLE" --catalog "$WORK/interactive.db" -e "$(insert "$1" "$2")" \
    >"$WORK/insert.out" 2>&1; then
    fail "insert ($1, $2) from another process" "$(cat "$WORK/insert.out")"
  fi
}
widest_line() { screen | LC_ALL=C.UTF-8 wc -L; }

SESSION_WIDTH=80 SESSION_HEIGHT=24
if start_session && wait_for '^riffle>$' 60; then
  for statement in "$STREAM" "SET 'auto.offset.reset'='earliest';" "$(insert alice 1000)"; do
    mark
    type_line "$statement"
    wait_for '^riffle>$' 60 || fail "ran: $statement" "$(since_mark)"
  done
  mark
  type_line ".timeline $QUERY"
  screen_check "the view takes the screen, the query cut to keep the way out" \
    '^Window timeline of SELECT user, COUNT\(\*\) AS n FROM clicks.*… \(q or Ctrl-C leaves\)$'
  screen_check "stream time 1 s: the window is open" '^alice 00:00:00-00:00:10 .*\[=+\) +1 open$'
  insert_elsewhere bob 12000
  screen_check "stream time 12 s: past its end, the window is closing (in grace)" \
    '^alice 00:00:00-00:00:10 .*\[~+\) .* 1 closing$'
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
  tmx send-keys -t main C-c
  check "Ctrl-C returns to the prompt" '^riffle>$'
  if since_mark | grep -qE '^alice 00:00:00-00:00:10 .* 2 closed$' &&
    ! since_mark | grep -q 'q or Ctrl-C leaves'; then
    pass "the last picture stays in the scrollback"
  else
    fail "the last picture stays in the scrollback" "$(since_mark)"
  fi
  if ! since_mark | grep -qE '^\| (alice|bob) '; then
    pass "at the prompt too, the query's rows are not shown"
  else
    fail "at the prompt too, the query's rows are not shown" "$(since_mark)"
  fi
  mark
  type_line "SHOW STREAMS;"
  check "the prompt works after the view" '^\| CLICKS '
else
  fail "the prompt appears" "$(pane)"
fi
finish
