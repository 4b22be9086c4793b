#!/usr/bin/env bash
# A query without EMIT CHANGES over a table whose job is still reading its input says so after
# its result (the answer may be partial), and a finite aggregate over the input itself reads it
# all: the catching-up warning with a running job, which the SQL tests can only show paused.
#
# Usage: tests/jobs/run_catching_up.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_catching_up.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-catching-up.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Enough records that the job cannot have read them all a few milliseconds after it started.
RECORDS=400000
if "$RIFFLE" datagen --generator orders --topic big --count "$RECORDS" --seed 1 \
  --catalog "$CATALOG" >"$WORK/datagen.out" 2>&1; then
  pass "datagen writes $RECORDS records into the catalog's broker"
else
  fail "datagen writes $RECORDS records into the catalog's broker" "$(cat "$WORK/datagen.out")"
  finish
fi

# The pull query runs right after the job starts, in the same process (the one running jobs).
"$RIFFLE" --catalog "$CATALOG" -o csv >"$WORK/out" 2>"$WORK/err" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM big WITH (kafka_topic='big', value_format='JSON');
CREATE TABLE per_user AS SELECT userid, COUNT(*) AS n FROM big GROUP BY userid;
SELECT COUNT(*) AS users FROM per_user;
SELECT COUNT(*) AS orders FROM big;
SQL
status=$?
if [ $status -eq 0 ]; then
  pass "the script runs"
else
  fail "the script runs (exit $status)" "$(cat "$WORK/out" "$WORK/err")"
fi
if grep -qE "the job behind PER_USER \(CTAS_PER_USER_[0-9]+\) is catching up: [0-9,]+ records? behind; results may be partial" "$WORK/err"; then
  pass "a query over a table whose job is catching up warns that it may be partial"
else
  fail "a query over a table whose job is catching up warns that it may be partial" \
    "$(cat "$WORK/out" "$WORK/err")"
fi
if tr -d '\r' <"$WORK/out" | grep -qx "$RECORDS"; then
  pass "a finite COUNT(*) over the stream counts every record"
else
  fail "a finite COUNT(*) over the stream counts every record" "$(cat "$WORK/out" "$WORK/err")"
fi
if [ "$(grep -c 'is catching up' "$WORK/err")" = 1 ]; then
  pass "a query over the job's input stream does not warn"
else
  fail "a query over the job's input stream does not warn" "$(cat "$WORK/err")"
fi

finish
