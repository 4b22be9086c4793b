#!/usr/bin/env bash
# One broker and one job runner per catalog, across processes: `riffle run` owns the catalog's
# local broker and jobs; other riffles on the same catalog attach to its broker, and the jobs
# they create, pause, resume and terminate are run, paused, resumed and stopped by the owner.
# When the owner is killed (-9), a second long-running riffle on the catalog takes over the
# broker (same address) and the jobs (from their checkpoints), and says so.
#
# Usage: tests/jobs/run_owner_takeover.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"
source "$(dirname "$0")/../lib/sandbox.sh"

sandbox_init takeover "${1:-}"

echo "CREATE STREAM src (n INT) WITH (kafka_topic='src', value_format='json', partitions=1);" \
  >"$WORK/owner.sql"
echo "SHOW QUERIES;" >"$WORK/second.sql"
timeout 280 "$RIFFLE" run "$WORK/owner.sql" --catalog "$CATALOG" >"$WORK/owner.out" 2>"$WORK/owner.err" &
OWNER=$!
PIDS+=("$OWNER")
wait_for "$WORK/owner.err" "background jobs keep running" || fail "the owner starts" "$(cat "$WORK/owner.err")"

sql "a second riffle creates a job" "SET 'auto.offset.reset'='earliest';
  CREATE STREAM dst AS SELECT n * 2 AS m FROM src; INSERT INTO src VALUES (1);"
if wait_for "$WORK/owner.err" "Query CSAS_DST_1 started \(created by another riffle process\)"; then
  pass "the owner runs the job another process created"
else
  fail "the owner runs the job another process created" "$(cat "$WORK/owner.err")"
fi
# A query without EMIT CHANGES reads what the topic holds when it starts: ask again until the
# owner's job has written its output.
for _ in $(seq 50); do
  sql "read the job's output" "SELECT m FROM dst LIMIT 1;"
  printf '%s\n' "$OUT" | grep -qE '\| +2 \|' && break
  sleep 0.2
done
if printf '%s\n' "$OUT" | grep -qE '\| +2 \|'; then pass "its output arrives"; else
  fail "its output arrives" "$OUT"; fi

# A second long-running process, which will take over.
timeout 280 "$RIFFLE" run "$WORK/second.sql" --catalog "$CATALOG" >"$WORK/second.out" \
  2>"$WORK/second.err" &
PIDS+=("$!")
if wait_for "$WORK/second.err" "Using the local Kafka broker of another riffle process"; then
  pass "a second riffle attaches to the owner's broker"
else
  fail "a second riffle attaches to the owner's broker" "$(cat "$WORK/second.err")"
fi

sql "PAUSE from another process" "PAUSE CSAS_DST_1;"
if wait_for "$WORK/owner.err" "Query CSAS_DST_1 paused \(asked by another riffle process\)"; then
  pass "PAUSE from another process reaches the owner"
else
  fail "PAUSE from another process reaches the owner" "$(cat "$WORK/owner.err")"
fi
sql "insert while paused" "INSERT INTO src VALUES (2);"

# The riffle under `timeout`, then `timeout` itself.
kill -KILL $(pgrep -P "$OWNER") "$OWNER"
wait "$OWNER" 2>/dev/null
if wait_for "$WORK/second.err" "this one runs it now on" &&
  wait_for "$WORK/second.err" "this one runs them now \(1 restarted"; then
  pass "after kill -9 of the owner the second riffle takes over the broker and the job"
else
  fail "after kill -9 of the owner the second riffle takes over" "$(cat "$WORK/second.err")"
fi

sql "RESUME after the takeover" "RESUME CSAS_DST_1; INSERT INTO src VALUES (3);"
wait_for "$WORK/second.err" "Query CSAS_DST_1 resumed" || fail "the new owner resumes" "$(cat "$WORK/second.err")"
# At least once: a kill -9 may repeat what the job did since its last checkpoint, never lose it.
for _ in $(seq 100); do
  sql "read all output" "SELECT m FROM dst;"
  printf '%s\n' "$OUT" | grep -qE '\| +6 \|' && break
  sleep 0.3
done
got=$(printf '%s\n' "$OUT" | grep -oE '\| +[0-9]+ \|' | tr -dc '0-9\n' | sort -n -u | tr '\n' ' ')
if [ "$got" = "2 4 6 " ]; then
  pass "nothing lost across the pause and the takeover: 2 4 6"
else
  fail "nothing lost across the pause and the takeover (got: $got)" "$OUT"
fi

sql "TERMINATE from another process" "TERMINATE CSAS_DST_1; SHOW QUERIES;"
if printf '%s\n' "$OUT" | grep -q "Query CSAS_DST_1 terminated." &&
  ! printf '%s\n' "$OUT" | grep -q "CSAS_DST_1 | CSAS" &&
  wait_for "$WORK/second.err" "Query CSAS_DST_1 terminated \(asked by another riffle process\)"; then
  pass "TERMINATE from another process returns once the owner has stopped the job"
else
  fail "TERMINATE from another process" "$OUT
$(cat "$WORK/second.err")"
fi
finish
