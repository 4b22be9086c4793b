#!/usr/bin/env bash
# Drives the real riffle binary: options, -e, -f, piped stdin, output formats, and (when tmux is
# installed) the interactive prompt: continuation prompt, Ctrl-C, history, exit.
#
# Usage: tests/shell/run_shell_tests.sh path/to/riffle
# Exit status 0 when every check passes; prints one line per check.
set -u

RIFFLE=${1:?usage: run_shell_tests.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-shell-tests.XXXXXX")
export HOME="$WORK/home"          # history and default catalog stay inside the sandbox
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
TMUX_SESSION="riffle-shell-test-$$"
failures=0

cleanup() {
  if command -v tmux >/dev/null 2>&1; then tmux kill-session -t "$TMUX_SESSION" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { echo "ok   - $1"; }
fail() {
  echo "FAIL - $1"
  [ $# -gt 1 ] && echo "$2" | sed 's/^/       /'
  failures=$((failures + 1))
}

# run NAME EXPECTED_STATUS COMMAND...: runs the command, keeps stdout/stderr in $OUT/$ERR.
run() {
  local name=$1 expected=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
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

# --- options ---------------------------------------------------------------------------------
run "--help" 0 "$RIFFLE" --help && contains "--help prints usage" "$OUT" "Usage: riffle"
run "--version" 0 "$RIFFLE" --version && contains "--version prints the version" "$OUT" "riffle "
run "unknown flag" 2 "$RIFFLE" --no-such-flag && contains "unknown flag is a usage error" "$ERR" \
  "unknown option: --no-such-flag"
run "bad --output" 2 "$RIFFLE" --output xml && contains "bad --output is a usage error" "$ERR" "xml"
run "stray argument" 2 "$RIFFLE" file.sql && pass "stray argument is a usage error"

# --- -e ----------------------------------------------------------------------------------------
if run "-e ok" 0 "$RIFFLE" --catalog "$CATALOG" -e "SHOW STREAMS;"; then
  pass "-e runs and exits 0"
  lacks "-e prints no banner" "$OUT" "broker"
  lacks "-e prints no prompt" "$OUT" "riffle>"
fi
if run "-e error" 1 "$RIFFLE" --catalog "$CATALOG" -e "SELEC 1;"; then
  contains "-e error goes to stderr" "$ERR" "ERROR"
fi

# --- -f ----------------------------------------------------------------------------------------
cat >"$WORK/script.sql" <<'SQL'
-- a comment; with a semicolon
SHOW
  STREAMS;
SELEC oops;
SHOW TABLES;
SQL
if run "-f with an error" 1 "$RIFFLE" --catalog "$CATALOG" -f "$WORK/script.sql"; then
  pass "-f exits 1 when a statement failed"
  contains "-f reports the error" "$ERR" "ERROR"
fi
run "-f missing file" 1 "$RIFFLE" --catalog "$CATALOG" -f "$WORK/missing.sql" &&
  contains "-f missing file is reported" "$ERR" "missing.sql"

# --- piped stdin -------------------------------------------------------------------------------
if run "piped stdin" 0 bash -c \
  "printf 'SHOW STREAMS;\nSHOW\n  TABLES;\n' | '$RIFFLE' --catalog '$CATALOG'"; then
  pass "piped stdin runs and exits 0"
  lacks "piped stdin shows no prompt" "$OUT" "riffle>"
  lacks "piped stdin shows no banner" "$OUT" "broker"
fi
run "piped stdin error" 1 bash -c "printf 'SELEC 1;\n' | '$RIFFLE' --catalog '$CATALOG'" &&
  pass "piped stdin exits 1 when a statement failed"

# --- output formats ----------------------------------------------------------------------------
if run "json output" 0 "$RIFFLE" --catalog "$CATALOG" --output json -e "SHOW STREAMS;"; then
  if [ -z "$OUT" ] ||
    echo "$OUT" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]'; then
    pass "json output is JSON lines"
  else
    fail "json output is JSON lines" "$OUT"
  fi
fi

# --- interactive (tmux) ------------------------------------------------------------------------
if command -v tmux >/dev/null 2>&1; then
  pane() { tmux capture-pane -p -t "$TMUX_SESSION"; }
  wait_for() {  # wait_for TEXT [SECONDS]: polls the pane until TEXT shows up
    local deadline=$((SECONDS + ${2:-15}))
    while [ $SECONDS -lt $deadline ]; do
      if [[ "$(pane)" == *"$1"* ]]; then return 0; fi
      sleep 0.1
    done
    return 1
  }
  wait_for_line() {  # wait_for_line REGEX [SECONDS]: polls until a pane line matches REGEX
    local deadline=$((SECONDS + ${2:-15}))
    while [ $SECONDS -lt $deadline ]; do
      if pane | grep -qE "$1"; then return 0; fi
      sleep 0.1
    done
    return 1
  }
  tmux new-session -d -s "$TMUX_SESSION" -x 160 -y 50 \
    "HOME='$HOME' '$RIFFLE' --catalog '$CATALOG'; echo RIFFLE-EXITED-\$?; sleep 30"
  # capture-pane drops trailing spaces, so prompts are matched without them.
  if wait_for "riffle>" 30; then
    pass "interactive prompt appears"
    # tmux reads an argument's trailing ';' as its own command separator unless escaped.
    type_line() {
      local text=$1
      if [[ "$text" == *";" ]]; then text="${text%;}\\;"; fi
      tmux send-keys -t "$TMUX_SESSION" -l "$text" && tmux send-keys -t "$TMUX_SESSION" Enter
    }
    type_line "SHOW"
    if wait_for_line '^      >$' 5; then pass "continuation prompt"; else
      fail "continuation prompt" "$(pane)"; fi
    type_line "  STREAMS;"
    sleep 1
    type_line "SELECT 'half"
    tmux send-keys -t "$TMUX_SESSION" C-c
    sleep 0.5
    type_line "CREATE STREAM cancel_me (id INT) WITH (kafka_topic='cancel_me', \
value_format='json', partitions=1);"
    type_line "SELECT * FROM cancel_me EMIT CHANGES;"
    if wait_for "| ID" 10; then
      sleep 0.5
      tmux send-keys -t "$TMUX_SESSION" C-c
      if wait_for "Query terminated" 5 && wait_for_line '^riffle>$' 5; then
        pass "Ctrl-C cancels a push query and returns to the prompt"
      else
        fail "Ctrl-C cancels a push query and returns to the prompt" "$(pane)"
      fi
    else
      fail "push query starts streaming" "$(pane)"
    fi
    type_line "exit"
    if wait_for "RIFFLE-EXITED-0" 10; then
      pass "exit leaves with status 0"
    else
      fail "exit leaves with status 0" "$(pane)"
    fi
    if grep -qxF 'SHOW\n  STREAMS;' "$HOME/.riffle/history" 2>/dev/null; then
      pass "multi-line statement is one history entry"
    else
      fail "multi-line statement is one history entry" "$(cat "$HOME/.riffle/history" 2>&1)"
    fi
    if [ "$(stat -c %a "$HOME/.riffle")" = 700 ]; then pass "history dir is 0700"; else
      fail "history dir is 0700"; fi
  else
    fail "interactive prompt appears" "$(pane)"
  fi
  tmux kill-session -t "$TMUX_SESSION" 2>/dev/null
else
  echo "skip - interactive checks (tmux not installed)"
fi

echo
if [ "$failures" -eq 0 ]; then
  echo "all shell tests passed"
else
  echo "$failures shell test(s) failed"
fi
[ "$failures" -eq 0 ]
