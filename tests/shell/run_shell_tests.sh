#!/usr/bin/env bash
# Drives the real riffle binary: options, the catalog's files, -e, -f, piped stdin, output
# formats, restarts, and (in tmux) the interactive prompt: continuation prompt, several
# statements on a line, Ctrl-C, Ctrl-D, history.
#
# Usage: tests/shell/run_shell_tests.sh path/to/riffle
# Prints one line per check and a final "N passed, M failed"; exits non-zero on any failure.
#
# Written for a loaded 2-core CI machine: nothing waits a fixed time. Interactive checks poll
# the tmux pane until the expected text shows up or a generous deadline passes, every run has a
# time limit, and each test run uses its own tmux server, so parallel runs cannot collide.
set -u

RIFFLE=${1:?usage: run_shell_tests.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-shell-tests.XXXXXX")
export HOME="$WORK/home"  # history and the default catalog stay inside the sandbox
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
# Every interactive session gets a tmux server of its own (reusing a socket right after
# kill-server races with the dying server); all of them are killed on exit.
TMUX_BASE="riffle-shell-test-$$-$RANDOM"
TMUX_SOCKET=""
TMUX_SOCKETS=()
RUN_TIMEOUT=60  # seconds any one non-interactive riffle run may take
passed=0
failed=0

cleanup() {
  local socket
  for socket in "${TMUX_SOCKETS[@]}"; do
    tmux -L "$socket" kill-server 2>/dev/null
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"  # tmux can leave the socket file behind
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL - $1"
  if [ $# -gt 1 ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
  failed=$((failed + 1))
}

# run NAME EXPECTED_STATUS COMMAND...: runs the command with a time limit; stdout and stderr
# land in $OUT and $ERR. Records a failure (and returns 1) when the exit status differs.
run() {
  local name=$1 expected=$2
  shift 2
  timeout "$RUN_TIMEOUT" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  STATUS=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  if [ "$STATUS" -ne "$expected" ]; then
    fail "$name (exit $STATUS, expected $expected)" "stdout: $OUT
stderr: $ERR"
    return 1
  fi
  return 0
}
# run_stdin NAME EXPECTED_STATUS INPUT COMMAND...: like run, with INPUT piped to stdin.
run_stdin() {
  local name=$1 expected=$2 input=$3
  shift 3
  printf '%s' "$input" >"$WORK/in"
  timeout "$RUN_TIMEOUT" "$@" >"$WORK/out" 2>"$WORK/err" <"$WORK/in"
  STATUS=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  if [ "$STATUS" -ne "$expected" ]; then
    fail "$name (exit $STATUS, expected $expected)" "stdout: $OUT
stderr: $ERR"
    return 1
  fi
  return 0
}

contains() {  # contains NAME HAYSTACK NEEDLE
  if [[ "$2" == *"$3"* ]]; then pass "$1"; else fail "$1" "expected to find: $3
in: $2"; fi
}
lacks() {  # lacks NAME HAYSTACK NEEDLE
  if [[ "$2" != *"$3"* ]]; then pass "$1"; else fail "$1" "did not expect: $3
in: $2"; fi
}
mode_is() {  # mode_is NAME PATH OCTAL
  local mode
  mode=$(stat -c %a "$2" 2>&1)
  if [ "$mode" = "$3" ]; then pass "$1"; else fail "$1" "$2: mode $mode, expected $3"; fi
}

# Each line of $1 must be one JSON object; python3 parses strictly when it is installed.
json_lines() {
  if command -v python3 >/dev/null 2>&1; then
    printf '%s\n' "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    assert isinstance(json.loads(line), dict), line
' 2>&1
  else
    printf '%s\n' "$1" | grep -vE '^\{.*\}$'
    [ $? -eq 1 ]
  fi
}

echo "# options"
run "--help" 0 "$RIFFLE" --help && {
  contains "--help prints usage" "$OUT" "Usage: riffle"
  contains "--help lists --catalog" "$OUT" "--catalog"
}
run "--version" 0 "$RIFFLE" --version && {
  if [[ "$OUT" =~ ^riffle\ [0-9]+\.[0-9]+\.[0-9]+ ]]; then pass "--version prints the version"
  else fail "--version prints the version" "$OUT"; fi
}
run "unknown flag" 2 "$RIFFLE" --no-such-flag &&
  contains "unknown flag is a usage error" "$ERR" "unknown option: --no-such-flag"
run "bad --output" 2 "$RIFFLE" --output xml && contains "bad --output is a usage error" "$ERR" "xml"
run "stray argument" 2 "$RIFFLE" file.sql && pass "stray argument is a usage error"
run "-f with -e" 2 "$RIFFLE" -f x.sql -e "SHOW STREAMS;" && pass "-f with -e is a usage error"

echo "# catalog files"
if run "--catalog in a new directory" 0 "$RIFFLE" --catalog "$WORK/fresh/catalog.db" \
  -e "SHOW STREAMS;"; then
  mode_is "--catalog creates its directory 0700" "$WORK/fresh" 700
  mode_is "--catalog creates its file 0600" "$WORK/fresh/catalog.db" 600
fi
if run "default catalog" 0 "$RIFFLE" -e "SHOW STREAMS;"; then
  mode_is "default catalog directory ~/.riffle is 0700" "$HOME/.riffle" 700
  mode_is "default catalog ~/.riffle/catalog.db is 0600" "$HOME/.riffle/catalog.db" 600
fi

echo "# -e"
if run "-e ok" 0 "$RIFFLE" --catalog "$CATALOG" -e "SHOW STREAMS;"; then
  pass "-e runs and exits 0"
  contains "-e prints the result" "$OUT" "Stream Name"
  lacks "-e prints no banner" "$OUT$ERR" "Local Kafka broker"
  lacks "-e prints no prompt" "$OUT$ERR" "riffle>"
fi
if run "-e error" 1 "$RIFFLE" --catalog "$CATALOG" -e "SELEC 1;"; then
  pass "-e exits 1 when a statement failed"
  contains "-e error goes to stderr" "$ERR" "ERROR"
  lacks "-e error stays off stdout" "$OUT" "ERROR"
fi
if run "-e several statements" 0 "$RIFFLE" --catalog "$CATALOG" -e \
  "CREATE STREAM kept (id INT KEY, name STRING) WITH (kafka_topic='kept', value_format='json',
     partitions=1); SHOW STREAMS;"; then
  contains "-e runs several statements" "$OUT" "KEPT"
fi

echo "# restart"
if run "second run on the same catalog" 0 "$RIFFLE" --catalog "$CATALOG" \
  -e "SHOW STREAMS; DESCRIBE kept;"; then
  contains "a stream survives a restart" "$OUT" "KEPT"
  contains "its columns survive a restart" "$OUT" "NAME"
fi
if run "restarted stream is usable" 0 "$RIFFLE" --catalog "$CATALOG" -e \
  "INSERT INTO kept (id, name) VALUES (1, 'one'); SET 'auto.offset.reset'='earliest';
   SELECT id, name FROM kept EMIT CHANGES LIMIT 1;"; then
  contains "a restarted stream takes inserts and queries" "$OUT" "one"
fi

echo "# -f"
cat >"$WORK/ok.sql" <<'SQL'
-- a comment; with a semicolon
SHOW
  STREAMS;
SHOW TABLES;
SQL
if run "-f ok" 0 "$RIFFLE" --catalog "$CATALOG" -f "$WORK/ok.sql"; then
  pass "-f runs and exits 0"
  contains "-f runs a multi-line statement" "$OUT" "Stream Name"
  contains "-f runs the next statement" "$OUT" "Table Name"
  lacks "-f prints no prompt" "$OUT$ERR" "riffle>"
fi
cat >"$WORK/bad.sql" <<'SQL'
SHOW STREAMS;
SELEC oops;
SQL
if run "-f with an error" 1 "$RIFFLE" --catalog "$CATALOG" -f "$WORK/bad.sql"; then
  pass "-f exits 1 when a statement failed"
  contains "-f reports the error" "$ERR" "ERROR"
  contains "-f ran the statement before the error" "$OUT" "Stream Name"
fi
run "-f missing file" 1 "$RIFFLE" --catalog "$CATALOG" -f "$WORK/missing.sql" &&
  contains "-f missing file is reported" "$ERR" "missing.sql"

echo "# piped stdin"
if run_stdin "piped stdin" 0 $'SHOW STREAMS;\nSHOW\n  TABLES;\nSHOW STREAMS' \
  "$RIFFLE" --catalog "$CATALOG"; then
  pass "piped stdin runs and exits 0"
  contains "piped stdin runs a multi-line statement" "$OUT" "Table Name"
  lacks "piped stdin shows no prompt" "$OUT$ERR" "riffle>"
  lacks "piped stdin shows no continuation prompt" "$OUT$ERR" "      >"
  lacks "piped stdin shows no banner" "$OUT$ERR" "Local Kafka broker"
  if [ "$(grep -c "Stream Name" <<<"$OUT")" = 2 ]; then
    pass "piped stdin runs a last statement without ';'"
  else
    fail "piped stdin runs a last statement without ';'" "$OUT"
  fi
fi
if run_stdin "piped stdin error" 1 $'SELEC 1;\nSHOW TABLES;\n' "$RIFFLE" --catalog "$CATALOG"; then
  pass "piped stdin exits 1 when a statement failed"
  contains "piped stdin reports the error on stderr" "$ERR" "ERROR"
  contains "piped stdin carries on after an error" "$OUT" "Table Name"
fi

echo "# riffle datagen"
# With no cluster it writes into the catalog's local broker; the records stay for the shell.
DG_DB="$WORK/datagen.db"
if run "datagen into the catalog's broker" 0 "$RIFFLE" datagen --generator orders --topic dg \
  --count 25 --seed 3 --catalog "$DG_DB"; then
  contains "datagen says where the records went" "$ERR" "into the local Kafka broker on"
  contains "datagen counts what it produced" "$OUT" "produced 25 record(s) to topic dg"
  run "the shell reads datagen's records" 0 "$RIFFLE" --catalog "$DG_DB" -o csv -e \
    "CREATE STREAM dg WITH (kafka_topic='dg', value_format='JSON');
     SELECT ORDERID FROM dg LIMIT 100;" &&
    if [ "$(grep -c '^[0-9]' <<<"$OUT")" = 25 ]; then
      pass "the shell reads datagen's 25 records from the broker's log"
    else
      fail "the shell reads datagen's 25 records from the broker's log" "$OUT
$ERR"
    fi
fi
if run "piped output shows every row of a pull query" 0 "$RIFFLE" --catalog "$DG_DB" -e \
  "CREATE STREAM dg2 WITH (kafka_topic='dg', value_format='JSON');
   SELECT ORDERID FROM dg2;"; then
  if [ "$(grep -cE '^\| +[0-9]+ \|$' <<<"$OUT")" = 25 ]; then
    pass "piped output shows every row of a pull query"
  else
    fail "piped output shows every row of a pull query" "$OUT"
  fi
  lacks "piped output has no row count" "$OUT" "25 rows"
fi
if run "PRINT in json mode" 0 "$RIFFLE" --catalog "$DG_DB" -o json -e \
  "PRINT 'dg' FROM BEGINNING LIMIT 2;"; then
  if [ "$(grep -c . <<<"$OUT")" = 2 ] && problems=$(json_lines "$OUT"); then
    pass "PRINT in json mode prints one JSON object per record"
  else
    fail "PRINT in json mode prints one JSON object per record" "$OUT
${problems:-}"
  fi
  contains "PRINT in json mode shows a JSON value as JSON, not as a string" "$OUT" \
    '"KEY":null,"VALUE":{"ORDERID":1,'
  contains "PRINT in json mode keeps the formats off stdout" "$ERR" "Value format: JSON"
fi
run "datagen refuses --broker-dir with a cluster" 2 "$RIFFLE" datagen --generator orders \
  --topic dg --broker-dir "$WORK/x" --bootstrap-server 127.0.0.1:1

echo "# statements that crashed or crawled"
# Each of these ended the process with SIGSEGV (exit 139) or took minutes. Generated with awk:
# repeat TEXT N prints TEXT N times.
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
deep_input="CREATE STREAM deep_s (id INT KEY, v STRING) WITH (kafka_topic='deep_s', value_format='json', partitions=1);
SELECT $(repeat '(' 8000)1$(repeat ')' 8000) FROM deep_s;
SELECT 1$(repeat '+1' 10000) FROM deep_s;
SELECT $(awk 'BEGIN { for (i = 0; i < 4100; i++) printf "TRANSFORM(ARRAY[1], x%d => ", i }')1$(repeat ')' 4100) FROM deep_s;
CREATE STREAM deep_t (a $(repeat 'ARRAY<' 15000)INT$(repeat '>' 15000)) WITH (kafka_topic='deep_t', value_format='json');
SHOW STREAMS;
"
if run_stdin "deeply nested statements" 1 "$deep_input" "$RIFFLE" --catalog "$WORK/deep.db"; then
  pass "deeply nested statements fail without crashing"
  if [ "$(grep -c 'expression nested too deeply (limit 1000)' <<<"$ERR")" = 3 ]; then
    pass "parentheses, a long sum and nested lambdas are refused"
  else
    fail "parentheses, a long sum and nested lambdas are refused" "$(cut -c1-200 <<<"$ERR")"
  fi
  # "CREATE STREAM deep_t (a " is 24 characters: the 1,001st ARRAY is at column 25 + 6,000.
  contains "a deep type is refused" "$ERR" "ERROR parse at 1:6025: type nested too deeply (limit 1000)"
  contains "the statement after them runs" "$OUT" "DEEP_S"
fi
# 40,000 lines in one statement (each line rescanned the ones before it: 106 s).
long_input="CREATE STREAM long_s (id INT KEY, v STRING) WITH (kafka_topic='long_s', value_format='json', partitions=1);
SELECT id
$(awk 'BEGIN { for (i = 0; i < 40000; i++) printf "  , %d AS c%d\n", i, i }')
FROM long_s;
SHOW STREAMS;
"
if run_stdin "a 40,000-line statement" 0 "$long_input" "$RIFFLE" --catalog "$WORK/long.db"; then
  pass "a 40,000-line statement runs in time"
  contains "the statement after it runs" "$OUT" "LONG_S"
fi
# A 1 MB function name ("did you mean" compared it with every function's name: 50 s).
printf 'SELECT %s(1) FROM long_s;\n' "$(repeat F 1048576)" >"$WORK/long_name.sql"
if run "a 1 MB function name" 1 "$RIFFLE" --catalog "$WORK/long.db" -f "$WORK/long_name.sql"; then
  contains "a 1 MB function name is an unknown function" "$(cut -c1-200 <<<"$ERR")" \
    "Can't find any functions with the name"
fi

echo "# output formats"
ROWS_SQL="CREATE STREAM fmt (id INT, name STRING) WITH (kafka_topic='fmt', value_format='json',
  partitions=1);
INSERT INTO fmt (id, name) VALUES (1, 'a,b');
INSERT INTO fmt (id, name) VALUES (2, 'say \"hi\"');
SET 'auto.offset.reset'='earliest';
SELECT id, name FROM fmt EMIT CHANGES LIMIT 2;"
if run "--output json" 0 "$RIFFLE" --catalog "$WORK/fmt-json.db" --output json -e "$ROWS_SQL"; then
  if [ "$(grep -c . <<<"$OUT")" = 2 ] && problems=$(json_lines "$OUT"); then
    pass "--output json prints one JSON object per row"
  else
    fail "--output json prints one JSON object per row" "$OUT
${problems:-}"
  fi
  contains "--output json keeps strings intact" "$OUT" '"NAME":"say \"hi\""'
  lacks "--output json keeps notices off stdout" "$OUT" "created"
fi
if run "--output json table" 0 "$RIFFLE" --catalog "$CATALOG" --output json -e "SHOW STREAMS;"
then
  if [ -n "$OUT" ] && problems=$(json_lines "$OUT"); then
    pass "--output json prints SHOW results as JSON lines"
  else
    fail "--output json prints SHOW results as JSON lines" "$OUT
${problems:-}"
  fi
fi
if run "--output csv" 0 "$RIFFLE" --catalog "$WORK/fmt-csv.db" --output csv -e "$ROWS_SQL"; then
  csv=$(tr -d '\r' <<<"$OUT")
  expected=$'ID,NAME\n1,"a,b"\n2,"say ""hi"""'
  if [ "$csv" = "$expected" ]; then pass "--output csv prints a header and quoted rows"
  else fail "--output csv prints a header and quoted rows" "expected:
$expected
got:
$csv"; fi
fi

echo "# dot commands and HELP (piped stdin)"
DOT_SQL="CREATE STREAM dots (id INT, name STRING) WITH (kafka_topic='dots', value_format='json',
  partitions=1);
INSERT INTO dots (id, name) VALUES (1, 'a|b');
.mode markdown
SELECT id, name FROM dots;
.mode vertical
SELECT id, name FROM dots;
.mode line
SHOW STREAMS;
.mode table
.maxrows 1
SHOW FUNCTIONS;
.maxrows 0
.timer on
SHOW TABLES;
.timer off
.once $WORK/once.txt
SHOW STREAMS;
SHOW TABLES;
HELP CREATE STREAM;
.help mode
"
if run_stdin "piped dot commands" 0 "$DOT_SQL" "$RIFFLE" --catalog "$WORK/dots.db"; then
  contains ".mode markdown prints a markdown table" "$OUT" $'| ID | NAME |\n| --: | --- |'
  contains ".mode markdown escapes pipes" "$OUT" '| a\|b |'
  contains ".mode vertical prints one field per line" "$OUT" $'-[ RECORD 1 ]--\nID   | 1\nNAME | a|b'
  contains ".mode line prints name = value" "$OUT" " Stream Name = DOTS"
  contains ".maxrows counts the rows not shown" "$OUT" "rows not shown (.maxrows 0 shows all)."
  contains ".timer reports run time" "$OUT" "Run Time: "
  contains "HELP shows the syntax" "$OUT" $'Syntax:\n  CREATE [OR REPLACE] [SOURCE] STREAM'
  contains "HELP shows an example" "$OUT" "Example:"
  contains ".help mode shows the usage" "$OUT" ".mode [table|json|csv|markdown|line|vertical]"
  contains ".once sends the next result to a file" "$(cat "$WORK/once.txt")" "DOTS"
  if [ "$(grep -c "| Stream Name" <<<"$OUT")" = 0 ] && grep -q "| Table Name" <<<"$OUT"; then
    pass ".once lasts one statement"
  else
    fail ".once lasts one statement" "$OUT"
  fi
  lacks "piped output has no colours" "$OUT$ERR" $'\e['
  lacks "piped output has no type header" "$OUT" "| INTEGER"
fi
if run_stdin "piped bad dot command" 1 $'.mode xml\n.frob\nSHOW STREAMS;\n' "$RIFFLE" \
  --catalog "$WORK/dots.db"; then
  contains "a bad .mode argument is explained" "$ERR" "'xml' is not one of table, json"
  contains "an unknown dot command is reported" "$ERR" "unknown command '.frob'"
  contains "statements after a bad dot command still run" "$OUT" "Stream Name"
fi
timeout -s INT 4 "$RIFFLE" --catalog "$WORK/dots.db" >"$WORK/out" 2>"$WORK/err" \
  < <(printf '.watch 0.5 SHOW STREAMS;\n'; sleep 10)
if [ "$(grep -c "Every 0.5s: SHOW STREAMS;" "$WORK/out")" -ge 2 ]; then
  pass ".watch re-runs the statement until Ctrl-C"
else
  fail ".watch re-runs the statement until Ctrl-C" "$(cat "$WORK/out" "$WORK/err")"
fi

echo "# interactive"
if ! command -v tmux >/dev/null 2>&1; then
  fail "tmux is installed (scripts/install-deps.sh installs it)"
else
  # shellcheck source=../lib/tmux_session.sh
  source "$(dirname "$0")/../lib/tmux_session.sh"

  if start_session && wait_for '^riffle>$' 60; then
    pass "interactive prompt appears"
    check "interactive shows the local broker banner" 'Local Kafka broker on'
    mark
    type_text "SHOW"
    check "the prompt is 'riffle> '" '^riffle> SHOW$'
    tmx send-keys -t main Enter
    check "continuation prompt for an unfinished statement" '^      >$'
    type_line "  STREAMS;"
    check "a multi-line statement runs" 'Stream Name'

    mark
    type_line "SHOW STREAMS; SHOW TABLES;"
    if wait_for 'Stream Name' && wait_for 'Table Name'; then
      pass "several statements on one line all run"
    else
      fail "several statements on one line all run" "$(since_mark)"
    fi

    mark
    type_line "SELECT 'half"
    wait_for '^      >' >/dev/null
    tmx send-keys -t main C-c
    wait_for '^riffle>$' >/dev/null
    mark
    type_line "SHOW TABLES;"
    if wait_for 'Table Name' && ! since_mark | grep -q ERROR; then
      pass "Ctrl-C at a prompt discards the unfinished statement"
    else
      fail "Ctrl-C at a prompt discards the unfinished statement" "$(since_mark)"
    fi

    mark
    type_line "CREATE STREAM cancel_me (id INT) WITH (kafka_topic='cancel_me', \
value_format='json', partitions=1); INSERT INTO cancel_me (id) VALUES (4242); \
SET 'auto.offset.reset'='earliest';"
    wait_for "Successfully changed local property" >/dev/null
    mark
    type_line "SELECT * FROM cancel_me EMIT CHANGES;"
    if wait_for '4242'; then
      pass "a push query streams rows"
      # With its stream time and late count where a statement's progress shows its rate.
      check "a quiet push query shows live progress" \
        '1 row · stream time CANCEL_ME [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ · 0 late dropped · Ctrl-C cancels'
      mark
      tmx send-keys -t main C-c
      if wait_for 'Query terminated' && wait_for '^riffle>$'; then
        pass "Ctrl-C cancels a push query and returns to the prompt"
        lacks "the progress line is erased when the query ends" "$(pane | tail -5)" "Ctrl-C cancels"
      else
        fail "Ctrl-C cancels a push query and returns to the prompt" "$(since_mark)"
      fi
    else
      fail "a push query streams rows" "$(since_mark)"
    fi
    mark
    type_line "SHOW STREAMS;"
    check "the session goes on after a cancelled query" 'CANCEL_ME'

    # .live on: a push query on a table redraws the table in place. A record produced from
    # outside (kcat, through the local broker) must change ann's count on ann's line.
    broker=$(pane | grep -o 'Local Kafka broker on [0-9.:]*' | head -1 | awk '{print $NF}')
    mark
    type_line ".live on"
    type_line "CREATE STREAM live_clicks (user STRING KEY, page STRING) WITH \
(kafka_topic='live_clicks', format='JSON', partitions=1); INSERT INTO live_clicks (user, page) \
VALUES ('ann', 'home'); INSERT INTO live_clicks (user, page) VALUES ('bob', 'home');"
    wait_for "Stream LIVE_CLICKS created|ERROR" >/dev/null
    mark
    type_line "SELECT user, COUNT(*) AS n FROM live_clicks GROUP BY user EMIT CHANGES;"
    if wait_for '^\| ann +\| +1 \|$' && wait_for '^\| bob +\| +1 \|$'; then
      pass ".live shows a push query on a table as a table"
      if ! command -v kcat >/dev/null 2>&1; then
        fail "kcat is installed (scripts/install-deps.sh installs it)"
      elif [ -z "$broker" ]; then
        fail "the local broker's address is shown" "$(pane | head -5)"
      else
        # FORMAT='JSON' makes the key JSON too: "ann", quoted.
        printf '"ann"\t{"PAGE": "cart"}\n' | timeout 20 kcat -b "$broker" -t live_clicks -P -K$'\t'
        if wait_for '^\| ann +\| +2 \|$'; then
          ann_lines=$(since_mark | grep -c '^| ann ')
          if [ "$ann_lines" -eq 1 ]; then
            pass ".live updates a row in place (one line for the key)"
          else
            fail ".live updates a row in place (one line for the key)" "$(since_mark)"
          fi
        else
          fail ".live shows an update" "$(since_mark)"
        fi
      fi
      tmx send-keys -t main C-c
      if wait_for 'Query terminated' && wait_for '^riffle>$' &&
        since_mark | grep -qE '^\| ann +\| +2 \|$'; then
        pass "Ctrl-C leaves the final live table on the screen"
      else
        fail "Ctrl-C leaves the final live table on the screen" "$(since_mark)"
      fi
    else
      fail ".live shows a push query on a table as a table" "$(since_mark)"
      tmx send-keys -t main C-c
      wait_for '^riffle>$' >/dev/null
    fi
    type_line ".live off"

    # A finite aggregate (no EMIT CHANGES) prints its final table once, with the row count,
    # and ends by itself; one over a long generated stream stops at Ctrl-C.
    mark
    type_line "SELECT user, COUNT(*) AS n FROM live_clicks GROUP BY user;"
    if wait_for '^2 rows$' && wait_for '^riffle>$' &&
      since_mark | grep -qE '^\| ann +\| +2 \|$' && since_mark | grep -qE '^\| bob +\| +1 \|$'; then
      pass "a finite GROUP BY prints its final table and row count, then returns"
    else
      fail "a finite GROUP BY prints its final table and row count, then returns" "$(since_mark)"
    fi
    mark
    type_line "CREATE STREAM many WITH (CONNECTOR='datagen', GENERATOR='orders', \
COUNT=2000000000); SELECT COUNT(*) FROM many;"
    wait_for 'Stream MANY created' >/dev/null
    sleep 1
    tmx send-keys -t main C-c
    if wait_for 'Query terminated' 10 && wait_for '^riffle>$'; then
      pass "Ctrl-C stops a finite aggregate"
    else
      fail "Ctrl-C stops a finite aggregate" "$(since_mark)"
    fi

    mark
    type_text "SHOW STR"
    tmx send-keys -t main Tab
    check "Tab completes a keyword" '^riffle> SHOW STREAMS$'
    tmx send-keys -t main C-a C-k
    type_text "SELECT * FROM canc"
    tmx send-keys -t main Tab
    check "Tab completes a stream name (in the case typed)" '^riffle> SELECT \* FROM cancel_me$'
    tmx send-keys -t main C-a C-k
    type_text "PRINT 'cancel_"
    tmx send-keys -t main Tab
    check "Tab completes a topic inside quotes" "^riffle> PRINT 'cancel_me'\$"
    tmx send-keys -t main C-a C-k
    type_text ".mo"
    tmx send-keys -t main Tab
    check "Tab completes a dot command" '^riffle> \.mode$'
    tmx send-keys -t main C-a C-k

    mark
    type_line "SELECT id FROM cancel_me;"
    check "a query at a terminal shows column types" '^\| INTEGER'
    mark
    type_line "SELEC 1;"
    wait_for 'ERROR' >/dev/null
    if tmx capture-pane -p -e -t main | grep -q $'\e\[31mERROR'; then
      pass "errors are red at a terminal"
    else
      fail "errors are red at a terminal" "$(since_mark)"
    fi

    mark
    type_line ".watch 0.5 SHOW STREAMS;"
    if wait_for 'Every 0.5s: SHOW STREAMS;' && sleep 1.2 && tmx send-keys -t main C-c &&
      wait_for '^riffle>$'; then
      pass ".watch runs at the prompt and Ctrl-C returns to it"
    else
      fail ".watch runs at the prompt and Ctrl-C returns to it" "$(since_mark)"
    fi
    tmx send-keys -t main C-l
    mark
    type_line "SET 'ssl.key.password'='hunter2';"
    wait_for 'ssl.key.password|ERROR' >/dev/null
    type_line "HELP PAUSE;"
    check "HELP works at the prompt" 'PAUSE job_id \| ALL;'
    mark
    type_line "SHOW STREAMS;"
    check "the last statement runs" 'CANCEL_ME'

    mark
    type_line "exit"
    check "'exit' leaves with status 0" 'RIFFLE-EXITED-0' 30

    history="$HOME/.riffle/history"
    if grep -qxF 'SHOW\n  STREAMS;' "$history" 2>/dev/null; then
      pass "a multi-line statement is one history entry"
    else
      fail "a multi-line statement is one history entry" "$(cat "$history" 2>&1)"
    fi
    if grep -qxF "SHOW STREAMS; SHOW TABLES;" "$history" 2>/dev/null; then
      pass "a line of several statements is one history entry"
    else
      fail "a line of several statements is one history entry" "$(cat "$history" 2>&1)"
    fi
    if grep -q hunter2 "$history" 2>/dev/null; then
      fail "a statement with a secret is not written to history" "$(cat "$history")"
    else
      pass "a statement with a secret is not written to history"
    fi
    mode_is "history directory is 0700" "$HOME/.riffle" 700
    mode_is "history file is 0600" "$history" 600

    # A second session (with NO_COLOR): history is loaded, and Ctrl-D at an empty prompt exits.
    if SESSION_ENV="NO_COLOR=1" start_session && wait_for '^riffle>$' 60; then

      mark
      tmx send-keys -t main Up
      check "history from the last session is recalled with Up" '^riffle> SHOW STREAMS;$'
      tmx send-keys -t main C-a C-k
      mark
      type_line "SELEC 1;"
      wait_for 'ERROR' >/dev/null
      if tmx capture-pane -p -e -t main | grep -q $'\e\['; then
        fail "NO_COLOR turns colours off" "$(tmx capture-pane -p -e -t main | cat -v | tail)"
      else
        pass "NO_COLOR turns colours off"
      fi
      mark
      tmx send-keys -t main C-d
      check "Ctrl-D at an empty prompt exits with status 0" 'RIFFLE-EXITED-0' 30
    else
      fail "interactive prompt appears again" "$(pane)"
    fi
  else
    fail "interactive prompt appears" "$(pane)"
  fi

  # The README's tour, as `make demo` runs it: the quick start's data, a push query at the
  # prompt, and "in a second terminal, add one": a second riffle on the same catalog attaches
  # to the first one's broker and its row reaches the running query.
  QUICKSTART="$(cd "$(dirname "$0")/../.." && pwd)/examples/quickstart.sql"
  TOUR_DB="$WORK/tour.db"
  if SESSION_ARGS="--catalog '$TOUR_DB' -f '$QUICKSTART' --interactive" start_session &&
    wait_for '^riffle>$' 60; then
    mark
    type_line "SELECT order_id, customer->name AS name FROM orders EMIT CHANGES;"
    if wait_for '1003 +\| +Carol'; then
      pass "the tour's push query shows the quick start's orders"
      run "a second riffle on the same catalog inserts" 0 "$RIFFLE" --catalog "$TOUR_DB" -e \
        "INSERT INTO orders VALUES (1004, STRUCT(name := 'Dan', city := 'Kyiv'), ARRAY['pen'], 2.10, 'PAID');"
      check "the second terminal's row reaches the running query" '1004 +\| +Dan'
    else
      fail "the tour's push query shows the quick start's orders" "$(since_mark)"
    fi
    tmx send-keys -t main C-c
    wait_for '^riffle>$' >/dev/null
    mark
    type_line "exit"
    check "the tour's shell exits with status 0" 'RIFFLE-EXITED-0' 30
  else
    fail "the tour starts" "$(pane)"
  fi
  # The tour again (make demo on an existing catalog opens it without reloading): the first
  # run's records, the second terminal's row included, are still in the topics.
  if SESSION_ARGS="--catalog '$TOUR_DB'" start_session && wait_for '^riffle>$' 60; then
    check "the second run says the broker kept the data" 'Local Kafka broker on .*[1-9][0-9]* records'
    mark
    type_line "SELECT order_id FROM orders;"
    if wait_for '1004' && since_mark | grep -q '1001'; then
      pass "the tour run twice finds the first run's data"
    else
      fail "the tour run twice finds the first run's data" "$(since_mark)"
    fi
    type_line "exit"
  else
    fail "the tour starts again" "$(pane)"
  fi

  # Reading a topic at an 80-column terminal (issue 16): columns sized from the data and cut to
  # fit, a row cap with a count, PRINT's one line per record, warnings after the table, and a
  # progress line that counts this statement's rows only.
  WIDE_DB="$WORK/wide.db"
  # no_wider NAME TEXT [COLUMNS]: no line of TEXT is wider than the terminal (80 columns).
  no_wider() {
    local wide
    wide=$(printf '%s\n' "$2" | sed 's/\xe2\x80\xa6/./g' | awk -v w="${3:-80}" 'length > w')
    if [ -z "$wide" ]; then pass "$1"; else fail "$1" "$wide"; fi
  }
  if run "datagen for the 80-column session" 0 "$RIFFLE" datagen --generator orders \
    --topic wide --count 500 --seed 5 --catalog "$WIDE_DB" &&
    SESSION_WIDTH=80 SESSION_HEIGHT=40 SESSION_ARGS="--catalog '$WIDE_DB'" start_session &&
    wait_for '^riffle>$' 60; then
    wide_broker=$(pane | grep -o 'Local Kafka broker on [0-9.:]*' | head -1 | awk '{print $NF}')
    type_line "CREATE STREAM wide WITH (kafka_topic='wide', value_format='JSON'); \
SET 'auto.offset.reset'='earliest';"
    wait_for "Successfully changed local property" >/dev/null
    tmx send-keys -t main C-l
    tmx clear-history -t main
    mark
    type_line "SELECT * FROM wide;"
    if wait_for '^Query Completed$'; then
      shown=$(since_mark)
      contains "a pull query at a terminal shows 40 rows and counts the rest" "$shown" \
        "500 rows; the first 40 shown, 460 rows not shown (.maxrows 0 shows all)."
      if [ "$(grep -cE '^\| +[0-9]+ \|' <<<"$shown")" = 40 ]; then
        pass "numbers are right-aligned on every row"
      else
        fail "numbers are right-aligned on every row" "$shown"
      fi
      no_wider "a wide table is fitted to the terminal" "$shown"
    else
      fail "a pull query over a stream completes" "$(since_mark)"
    fi
    mark
    type_line "SELECT ORDERID, CONCAT(ITEMID, ITEMID, ITEMID, ITEMID, ITEMID, ITEMID, ITEMID, \
ITEMID, ITEMID, ITEMID, ITEMID) AS LONG FROM wide LIMIT 2;"
    if wait_for '^Query Completed$'; then
      shown=$(since_mark | grep -v '^riffle>\|^      >')
      contains "a value too wide for the terminal is cut with an ellipsis" "$shown" $'\u2026 |'
      no_wider "a cut value keeps its row on one line" "$shown"
      contains "a complete result at a terminal says how many rows it has" "$shown" $'2 rows\n'
    else
      fail "a query with a wide value completes" "$(since_mark)"
    fi
    mark
    type_line ".maxrows 5"
    type_line "SELECT ORDERID FROM wide;"
    check ".maxrows applies to a pull query and says what it left out" \
      '^500 rows; the first 5 shown, 495 rows not shown \(\.maxrows 0 shows all\)\.$'
    mark
    type_line "PRINT 'wide' FROM BEGINNING LIMIT 2;"
    check "PRINT says the formats it detects" '^Value format: JSON or KAFKA_STRING$'
    check "PRINT shows one line per record as ksqlDB does" \
      '^rowtime: [0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} Z, key: <null>, value: \{"ORDERID":1,.*\}, partition: 0$'
    if [ -n "$wide_broker" ] && command -v kcat >/dev/null 2>&1; then
      printf 'not json\n' | timeout 20 kcat -b "$wide_broker" -t wide -P
      mark
      type_line "SELECT ORDERID FROM wide;"
      if wait_for '^WARNING: 1 record'; then
        completed=$(since_mark | grep -n '^Query Completed$' | head -1 | cut -d: -f1)
        warned=$(since_mark | grep -n '^WARNING: 1 record' | head -1 | cut -d: -f1)
        if [ -n "$completed" ] && [ "$warned" -gt "$completed" ]; then
          pass "a warning prints after the table, not inside it"
        else
          fail "a warning prints after the table, not inside it" "$(since_mark)"
        fi
      else
        fail "a record that is not JSON is reported" "$(since_mark)"
      fi
    else
      fail "kcat and the local broker's address are there" "broker: '$wide_broker'"
    fi
    tmx resize-window -t main -x 60
    tmx send-keys -t main C-l
    tmx clear-history -t main
    mark
    type_line "SELECT * FROM wide LIMIT 3;"
    if wait_for '^Query Completed$'; then
      no_wider "tables fit a terminal resized during the session" \
        "$(since_mark | grep '^[+|]')" 60
    else
      fail "a query after a resize completes" "$(since_mark)"
    fi
    mark
    type_line "SET 'auto.offset.reset'='latest';"
    type_line "SELECT * FROM wide EMIT CHANGES;"
    check "a push query at latest says it shows new records only" \
      "^Showing new records only: 'auto.offset.reset' is 'latest'. To read from the beginning:"
    check "the progress line counts this statement's rows, not the session's" \
      '^[0-9]+\.[0-9] s · 0 rows · '
    if [ "$(since_mark | grep -c '^Showing new records only')" = 1 ]; then
      pass "the push query says it once"
    else
      fail "the push query says it once" "$(since_mark)"
    fi
    tmx send-keys -t main C-c
    wait_for '^riffle>$' >/dev/null
    type_line "exit"
  else
    fail "the 80-column session starts" "$(pane)"
  fi
  tmx kill-server 2>/dev/null
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
