#!/usr/bin/env bash
# Time on screen (issue 17, points 1 and 3), from the built binary: window bounds as timestamps
# in the table format and numbers in json/csv; piped output gets no status line; at the prompt
# (tmux, 80 columns, a projector), a push query's progress line and a `.live` table's status
# line show stream time and late records; `.live` sorts its rows by key, never stacks copies of
# itself in the scrollback, and redraws to fit a resized terminal. Records are inserted by a
# second riffle process attached to the first one's broker, as a teacher's second terminal.
#
# Usage: tests/shell/run_time_on_screen.sh path/to/riffle
set -u

RIFFLE=${1:?usage: run_time_on_screen.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
# shellcheck source=../lib/tmux_session.sh
source "$(dirname "$0")/../lib/tmux_session.sh"
tmux_sandbox time-on-screen

DB="$WORK/interactive.db"
# 2026-12-07 10:00:00 UTC is 1796637600000.
cat >"$WORK/setup.sql" <<'SQL'
CREATE STREAM clicks (user_name STRING KEY, page STRING, ts BIGINT)
  WITH (kafka_topic='clicks', value_format='JSON', partitions=1, timestamp='ts');
INSERT INTO clicks (user_name, page, ts) VALUES ('bob', '/a', 1796637601000);
INSERT INTO clicks (user_name, page, ts) VALUES ('alice', '/b', 1796637602000);
SQL
if ! timeout 60 "$RIFFLE" --catalog "$DB" -f "$WORK/setup.sql" >"$WORK/setup.out" 2>&1; then
  fail "the stream is created" "$(cat "$WORK/setup.out")"
  finish
fi

# --- piped: window bounds, formats, no status line --------------------------------------------
WINDOWED="SELECT user_name, WINDOWSTART, WINDOWEND AS we, COUNT(*) AS n FROM clicks
  WINDOW TUMBLING (SIZE 5 SECONDS) GROUP BY user_name;"
out=$(timeout 60 "$RIFFLE" --catalog "$DB" -e "$WINDOWED" 2>&1)
if grep -qE '^\| bob +\| 2026-12-07 10:00:00\.000 \| 2026-12-07 10:00:05\.000 \| +1 \|$' <<<"$out"; then
  pass "table format: WINDOWSTART and an aliased WINDOWEND are timestamps"
else
  fail "table format: WINDOWSTART and an aliased WINDOWEND are timestamps" "$out"
fi
out=$(timeout 60 "$RIFFLE" --catalog "$DB" -o json -e "$WINDOWED" 2>/dev/null)
if grep -qF '"WINDOWSTART":1796637600000,"WE":1796637605000' <<<"$out"; then
  pass "json: window bounds stay numbers"
else
  fail "json: window bounds stay numbers" "$out"
fi
out=$(timeout 60 "$RIFFLE" --catalog "$DB" -o csv -e "$WINDOWED" 2>/dev/null)
if grep -qF 'bob,1796637600000,1796637605000,1' <<<"$out"; then
  pass "csv: window bounds stay numbers"
else
  fail "csv: window bounds stay numbers" "$out"
fi
# A push query whose output is piped: rows only on stdout, no status line anywhere; the late
# record is told once, at the end, on stderr in json.
cat >"$WORK/push.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
INSERT INTO clicks (user_name, page, ts) VALUES ('carol', '/c', 1796637612000);
INSERT INTO clicks (user_name, page, ts) VALUES ('bob', '/late', 1796637603000);
SELECT user_name, WINDOWSTART, COUNT(*) AS n FROM clicks
  WINDOW TUMBLING (SIZE 5 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY user_name EMIT CHANGES
  LIMIT 3;
SQL
timeout 60 "$RIFFLE" --catalog "$DB" -o json -f "$WORK/push.sql" >"$WORK/push.out" \
  2>"$WORK/push.err"
if [ "$(grep -c '"WINDOWSTART":' "$WORK/push.out")" = 3 ] &&
  ! grep -q 'stream time' "$WORK/push.out"; then
  pass "piped json: rows only, numbers"
else
  fail "piped json: rows only, numbers" "$(cat "$WORK/push.out" "$WORK/push.err")"
fi

# --- at the prompt, 80 columns ----------------------------------------------------------------
insert() {  # insert USER:OFFSET_MS...: one INSERT each, in order, from a second riffle process
  local sql="" pair
  for pair in "$@"; do
    sql+="INSERT INTO clicks (user_name, page, ts) VALUES ('${pair%%:*}', '/p', $((1796637600000 + ${pair##*:})));"$'\n'
  done
  printf '%s' "$sql" >"$WORK/insert.sql"
  timeout 60 "$RIFFLE" --catalog "$DB" -f "$WORK/insert.sql" >"$WORK/insert.out" 2>&1 ||
    fail "insert $*" "$(cat "$WORK/insert.out")"
}
# widest: the display width of the widest line on stdin.
widest() { LC_ALL=C.UTF-8 wc -L; }
# What riffle drew (table lines, the lines below it, the progress line), wrapped lines joined:
# a line the terminal had to wrap shows here wider than the terminal.
drawn() { since_mark | grep -E '^([|+]|stream time|[0-9]+ more rows|[0-9.]+ s · )'; }

SESSION_WIDTH=80 SESSION_HEIGHT=24
if start_session && wait_for '^riffle>$' 60; then
  type_line "SET 'auto.offset.reset'='earliest';"
  # A push query, not live: the progress line shows stream time and late records.
  mark
  type_line "SELECT user_name, WINDOWSTART, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 5 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY user_name EMIT CHANGES;"
  check "the progress line shows stream time and the late record" \
    '^[0-9.]+ s · 3 rows · stream time CLICKS 2026-12-07 10:00:12\.000 · 1 late dropped' 30
  # The type line says what the cells show: WINDOWSTART's are timestamps (its type is BIGINT).
  check "the type line says TIMESTAMP above the window bound" \
    '^\| STRING +\| TIMESTAMP +\| BIGINT +\|$' 30
  if [ "$(drawn | widest)" -le 80 ]; then
    pass "the progress line fits 80 columns"
  else
    fail "the progress line fits 80 columns" "$(screen)"
  fi
  tmx send-keys -t main C-c
  check "Ctrl-C ends it and tells the late record" \
    '^1 late record was dropped; stream time CLICKS 2026-12-07T10:00:12\.000\.$' 30
  wait_for '^riffle>$' 30

  # The live table: sorted by key, a status line, one copy however many redraws.
  type_line ".live on"
  tmx send-keys -t main C-l
  sleep 0.5
  mark
  type_line "SELECT user_name, COUNT(*) AS n, LATEST_BY_OFFSET(page) AS last_page, WINDOWSTART, WINDOWEND FROM clicks WINDOW TUMBLING (SIZE 5 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY user_name EMIT CHANGES;"
  check "the live table shows its status line" \
    '^stream time CLICKS 2026-12-07 10:00:12\.000 · 1 late dropped$' 30
  # At 80 columns WINDOWSTART's column is a little narrow: the year goes, the time stays whole.
  check "it shows window bounds as timestamps" '^\| alice +\| +1 \| /b +\| …12-07 10:00:00\.000 +\| 2026-12-07 10:00:05\.000 \|$' 30
  # alice's row comes before bob's although bob's record came first: sorted by key.
  if screen | grep -E '^\| (alice|bob) ' | head -2 | tr '\n' ' ' | grep -qE '^\| alice .*\| bob '; then
    pass "rows are sorted by key"
  else
    fail "rows are sorted by key" "$(screen)"
  fi
  # Many changes, each a redraw, more rows than the screen holds.
  # In event-time order, so that none of them is late: 3 windows of 6 users, then zed.
  pairs=()
  for w in 20000 30000 40000; do
    for i in 1 2 3 4 5 6; do pairs+=("u$i:$((w + i * 100))"); done
  done
  insert "${pairs[@]}" zed:90000
  check "the status line follows stream time" \
    '^stream time CLICKS 2026-12-07 10:01:30\.000 · 1 late dropped$' 30
  check "the newest window is in sight" '^\| zed +\| +1 \| /p +\| …12-07 10:01:30\.000' 30
  check "older windows are counted below the table" 'more rows in older windows not shown' 30
  headers=$(since_mark | grep -c '^| USER_NAME ')
  if [ "$headers" = 1 ]; then
    pass "no copies of the table stack up in the scrollback"
  else
    fail "no copies of the table stack up in the scrollback ($headers headers)" "$(since_mark)"
  fi
  if [ "$(drawn | widest)" -le 80 ]; then
    pass "every line fits 80 columns"
  else
    fail "every line fits 80 columns" "$(drawn)"
  fi
  # A resize (the projector's window narrowed): redrawn to fit, nothing left over on screen.
  tmx resize-window -t main -x 60 -y 18
  insert zed:91000
  check "after a resize the table is redrawn" '^\| zed +\| +2 \|' 30
  if [ "$(screen | grep -c '^| USER_NAME ')" = 1 ] &&
    [ "$(screen | grep -c '^stream time CLICKS')" = 1 ] &&
    [ "$(screen | widest)" -le 60 ]; then
    pass "after a resize: one table, one status line, within 60 columns"
  else
    fail "after a resize: one table, one status line, within 60 columns" "$(screen)"
  fi
  # Narrowed, the window bounds lose their date first: the time of day keeps its seconds and
  # milliseconds.
  if screen | grep -qE '^\| zed +\| +2 \| .*\| …[0-9: -]*:30\.000 +\| …[0-9: -]*:35\.000 +\|$'; then
    pass "narrowed window bounds keep their time of day with seconds and milliseconds"
  else
    fail "narrowed window bounds keep their time of day with seconds and milliseconds" "$(screen)"
  fi
  mark
  tmx send-keys -t main C-c
  check "Ctrl-C leaves the final table and says what was late" \
    '^1 late record was dropped; stream time CLICKS 2026-12-07T10:01:31\.000\.$' 30
else
  fail "the prompt appears" "$(pane)"
fi
finish
