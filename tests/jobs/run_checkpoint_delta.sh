#!/usr/bin/env bash
# Incremental checkpoints end to end: a GROUP BY job over KEYS keys (a followed JSON file, the
# embedded broker) checkpoints its whole state once; then a few changed keys must make its
# checkpoints write a few KB, not the state again (bytes written by the riffle process,
# /proc/PID/io, while the catalog holds the full state). The process is then killed with SIGKILL,
# restarted, fed more records: every key's last count in the output must be exact (state restored
# matching the offsets). riffle.checkpoint.max.bytes.per.second must space checkpoints out after
# a big one. Finally riffle.state.max.bytes fails a push query with an error naming the cap and
# the operator.
#
# Usage: tests/jobs/run_checkpoint_delta.sh path/to/riffle [keys]
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_checkpoint_delta.sh path/to/riffle [keys]}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
KEYS=${2:-20000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-ckdelta.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
RUN_PID=""
cleanup() {
  [ -n "$RUN_PID" ] && kill -KILL "$RUN_PID" 2>/dev/null && wait "$RUN_PID" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

python3 - "$WORK/in.json" "$KEYS" <<'PY'
import json, sys
with open(sys.argv[1], 'w') as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({'k': 'key%d' % i, 'pad': 'x' * 40}) + '\n')
PY
cat >"$WORK/job.sql" <<'SQL'
CREATE STREAM s (k VARCHAR, pad VARCHAR) WITH (CONNECTOR='file', PATH='in.json', FORMAT='JSON', FOLLOW=true);
CREATE TABLE t AS SELECT k, COUNT(*) AS c, LATEST_BY_OFFSET(pad) AS p FROM s GROUP BY k;
SQL

RUNS=0
start_run() {  # start_run FILE
  RUNS=$((RUNS + 1))
  (cd "$WORK" && exec "$RIFFLE" run "$1" --catalog "$CATALOG") >"$WORK/run.$RUNS.log" 2>&1 &
  RUN_PID=$!
}
input_bytes() { stat -c %s "$WORK/in.json"; }
# The byte offset of the input the job's last checkpoint covers.
checkpointed() {
  sqlite3 -cmd '.timeout 5000' "$CATALOG" \
    "SELECT coalesce(max(kafka_offset), -1) FROM offsets WHERE job_id = 'CTAS_T_1';" 2>/dev/null
}
wait_checkpointed() {  # until the last checkpoint covers the whole input (60 s at most)
  local want deadline=$((SECONDS + 60))
  want=$(input_bytes)
  while [ $SECONDS -lt $deadline ]; do
    [ "$(checkpointed)" = "$want" ] && return 0
    sleep 0.2
  done
  return 1
}
write_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$RUN_PID/io"; }

# --- the first checkpoints write the state --------------------------------------------------
start_run job.sql
if wait_checkpointed; then
  pass "the job checkpoints all $KEYS keys"
else
  fail "the job checkpoints all $KEYS keys" "$(checkpointed) of $(input_bytes); $(cat "$WORK/run.1.log")"
  finish
fi
state_bytes=$(sqlite3 "$CATALOG" "SELECT sum(length(key) + length(value)) FROM state_entries;")
rows=$(sqlite3 "$CATALOG" "SELECT count(*) FROM state_entries;")
check_rows=$((KEYS + 1))
[ "$rows" = "$check_rows" ] && pass "the catalog holds one state row per key" \
  || fail "the catalog holds one state row per key" "$rows rows"

# --- then checkpoints write what changed --------------------------------------------------------
sleep 1.5  # let a checkpoint covering nothing new pass (there should be none)
before=$(write_bytes)
for round in 1 2 3; do
  for j in 1 2 3 4 5; do echo "{\"k\":\"key$j\",\"pad\":\"r$round\"}" >>"$WORK/in.json"; done
  wait_checkpointed || fail "round $round is checkpointed" "$(checkpointed)"
  sleep 1.1
done
after=$(write_bytes)
written=$((after - before))
# Three checkpoints of 5 keys each; SQLite writes whole pages (4 KiB) to the WAL, a few per
# checkpoint. Rewriting the state would write state_bytes three times.
if [ "$written" -lt $((state_bytes / 4)) ] && [ "$written" -lt 400000 ]; then
  pass "3 checkpoints of 5 changed keys wrote $written bytes (state $state_bytes bytes)"
else
  fail "checkpoints write only what changed" "wrote $written bytes; state $state_bytes bytes"
fi

# --- kill -9, restart, more records: counts stay exact ----------------------------------------
kill -KILL "$RUN_PID"
wait "$RUN_PID" 2>/dev/null
[ "$(sqlite3 "$CATALOG" 'PRAGMA integrity_check;')" = ok ] && pass "catalog intact after kill -9" \
  || fail "catalog intact after kill -9" "$(sqlite3 "$CATALOG" 'PRAGMA integrity_check;')"
echo "SHOW QUERIES;" >"$WORK/none.sql"
start_run none.sql
for j in 1 2 7; do echo "{\"k\":\"key$j\",\"pad\":\"after\"}" >>"$WORK/in.json"; done
wait_checkpointed || fail "the restarted job catches up" "$(checkpointed)"
BROKER=$(grep -o '127.0.0.1:[0-9]*' "$WORK/run.2.log" | head -1)
last_count() {  # last_count KEY: the last COUNT the output topic holds for KEY
  timeout 60 kcat -b "$BROKER" -C -t T -e -q -f '%k\t%s\n' 2>/dev/null |
    awk -F'\t' -v k="$1" '$1 == k || $1 == "\"" k "\"" {v = $2} END {print v}' | grep -o '"C":[0-9]*' | cut -d: -f2
}
got="$(last_count key1) $(last_count key2) $(last_count key5) $(last_count key7) $(last_count key9)"
# key1 and key2: 1 + 3 rounds + 1 after the restart; key5: 1 + 3; key7: 1 + 1; key9: 1.
if [ "$got" = "5 5 4 2 1" ]; then
  pass "counts are exact after kill -9 and restart ($got)"
else
  fail "counts are exact after kill -9 and restart" "got '$got', want '5 5 4 2 1'"
fi
kill -TERM "$RUN_PID"
wait "$RUN_PID" 2>/dev/null
RUN_PID=""

# --- riffle.checkpoint.max.bytes.per.second ----------------------------------------------------
# The whole state (about 3 MB for 20,000 keys) goes into the first checkpoint, a second after the
# job starts; at 300 KB/s the next may come only ~10 s later (without the bound: 1 s).
CATALOG="$WORK/rated.db"
{ echo "SET 'riffle.checkpoint.max.bytes.per.second'='300000';"; cat "$WORK/job.sql"; } >"$WORK/rated.sql"
start_run rated.sql
checkpoint_row() {
  sqlite3 -cmd '.timeout 5000' "$CATALOG" \
    "SELECT sequence || ' ' || saved_at_ms FROM checkpoints WHERE job_id = 'CTAS_T_1';" 2>/dev/null
}
if wait_checkpointed; then
  first=$(checkpoint_row)
  echo '{"k":"key1","pad":"rated"}' >>"$WORK/in.json"
  wait_checkpointed
  second=$(checkpoint_row)
  gap=$(( ${second#* } - ${first#* } ))
  if [ "${first% *}" = 1 ] && [ "$gap" -ge 5000 ]; then
    pass "a 3 MB checkpoint at 300 KB/s delays the next by ${gap} ms"
  elif [ "${first% *}" != 1 ]; then
    fail "the state loads in one checkpoint (precondition)" "first checkpoint row: $first"
  else
    fail "riffle.checkpoint.max.bytes.per.second delays the next checkpoint" "gap $gap ms"
  fi
else
  fail "the rated job checkpoints its input" "$(cat "$WORK/run.$RUNS.log")"
fi
kill -TERM "$RUN_PID"
wait "$RUN_PID" 2>/dev/null
RUN_PID=""

# --- riffle.state.max.bytes ---------------------------------------------------------------------
out=$(cd "$WORK" && timeout 60 "$RIFFLE" --catalog "$WORK/capped.db" 2>&1 <<'SQL'
SET 'riffle.state.max.bytes'='20000';
SET 'auto.offset.reset'='earliest';
CREATE STREAM s (k VARCHAR, pad VARCHAR) WITH (CONNECTOR='file', PATH='in.json', FORMAT='JSON');
SELECT k, COUNT(*) FROM s GROUP BY k EMIT CHANGES;
SQL
)
if grep -q "over riffle.state.max.bytes = 20000; the largest is operator 'Aggregate (GROUP BY K" <<<"$out"; then
  pass "riffle.state.max.bytes fails a push query naming the cap and the operator"
else
  fail "riffle.state.max.bytes fails a push query naming the cap and the operator" "$out"
fi
out=$(cd "$WORK" && timeout 60 "$RIFFLE" --catalog "$WORK/capped.db" 2>&1 <<'SQL'
SET 'riffle.state.max.bytes'='10 MB';
SQL
)
grep -q "Invalid value '10 MB' for riffle.state.max.bytes" <<<"$out" &&
  pass "a malformed byte count is refused" || fail "a malformed byte count is refused" "$out"

finish
