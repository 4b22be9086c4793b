#!/usr/bin/env bash
# No silent loss, headless: a job whose checkpointed position is beyond its source partition's
# end (the catalog's topics were re-created empty: here its local broker's data is gone) says so
# on `riffle run`'s stderr, with the count, when it resumes.
#
# Usage: tests/jobs/run_skip_stderr.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_skip_stderr.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-skips.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
RUN_PID=""

cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -KILL "$RUN_PID" 2>/dev/null
    wait "$RUN_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# riffle run FILE BROKER_DIR in the background; waits (at most 30 s) until stderr has REGEX, then
# stops it with SIGTERM. Its stderr is in $WORK/run.log.
run_until() {
  "$RIFFLE" run "$1" --catalog "$CATALOG" --broker-dir "$2" >"$WORK/run.out" 2>"$WORK/run.log" &
  RUN_PID=$!
  local deadline=$((SECONDS + 30)) found=1
  while [ $SECONDS -lt $deadline ]; do
    if grep -qE "$3" "$WORK/run.log"; then found=0; break; fi
    kill -0 "$RUN_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$RUN_PID" 2>/dev/null
  wait "$RUN_PID" 2>/dev/null
  RUN_PID=""
  return $found
}

cat >"$WORK/create.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM orders (id INT KEY, amount INT)
  WITH (kafka_topic='orders', value_format='JSON', partitions=1);
INSERT INTO orders VALUES (1, 10);
INSERT INTO orders VALUES (2, 20);
INSERT INTO orders VALUES (3, 30);
CREATE STREAM copied AS SELECT id, amount FROM orders;
SELECT id, amount FROM copied EMIT CHANGES LIMIT 3;
SQL
printf 'SHOW QUERIES;\n' >"$WORK/resume.sql"

# The job reads the 3 records; riffle run checkpoints offset 3 when it stops.
if run_until "$WORK/create.sql" "$WORK/broker1" 'done; background jobs keep running'; then
  pass "the job copies 3 records and checkpoints"
else
  fail "the job copies 3 records and checkpoints" "$(cat "$WORK/run.log")"
  finish
fi
if grep -q "skipped" "$WORK/run.log"; then
  fail "nothing is skipped while the topic is intact" "$(cat "$WORK/run.log")"
else
  pass "nothing is skipped while the topic is intact"
fi

# Another broker directory: the topic comes back empty, the job's offset 3 is beyond its end.
expected='WARNING: job CSAS_COPIED_1 skipped 3 offsets of orders\[0\] \(position 3 beyond the log end 0\): the topic was truncated or re-created'
if run_until "$WORK/resume.sql" "$WORK/broker2" "$expected"; then
  pass "riffle run reports the skipped offsets on stderr"
else
  fail "riffle run reports the skipped offsets on stderr" "$(cat "$WORK/run.log")"
fi

# The shell (stdin piped, as at the prompt): the warning comes before the next statement runs.
# A third empty broker directory: the checkpoint (3) is again beyond the end.
{ echo "SHOW QUERIES;"; sleep 3; echo "SHOW QUERIES;"; } |
  "$RIFFLE" --catalog "$CATALOG" --broker-dir "$WORK/broker3" >"$WORK/shell.log" 2>&1
if grep -qE "WARNING: job CSAS_COPIED_1 skipped 3 offsets of orders\[0\]" "$WORK/shell.log"; then
  pass "the shell shows the skipped offsets before the next statement"
else
  fail "the shell shows the skipped offsets before the next statement" "$(cat "$WORK/shell.log")"
fi
finish
