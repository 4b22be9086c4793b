#!/usr/bin/env bash
# No loss across kill -9: a background job copies a sequence-numbered stream from a
# `riffle broker` running in another process while kcat keeps producing; the riffle process
# running the job (`riffle run`) is killed with SIGKILL twice mid-stream and restarted. Every
# input sequence number must reach the output (at-least-once: duplicates are allowed, counted
# and reported), the catalog must pass PRAGMA integrity_check after every kill, and the last
# run must stop cleanly on SIGTERM with exit status 0. A second riffle opened on the catalog
# meanwhile must leave the jobs to the first (catalog/process_lock.h). A windowed COUNT job
# beside the copy must end with exact counts (its state is checkpointed with its offsets).
#
# Usage: tests/jobs/run_kill9_noloss.sh path/to/riffle [records]
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_kill9_noloss.sh path/to/riffle [records]}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
TOTAL=${2:-60000}
CHUNK=500
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-kill9.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
BROKER_PID=""
RUN_PID=""
PRODUCER_PID=""

cleanup() {
  stop_pid "$PRODUCER_PID"
  stop_pid "$RUN_PID"
  stop_pid "$BROKER_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- broker in its own process -----------------------------------------------------------------
launch_broker 600

# The output's sequence numbers, one per line (duplicates kept).
output_numbers() {
  timeout 60 kcat -b "$BROKER" -C -t COPY -e -q -f '%s\n' 2>/dev/null | grep -o '[0-9]\+'
}
output_count() { output_numbers | sort -u | wc -l; }

# riffle run FILE in the background, output in $WORK/run.N.log.
RUNS=0
start_run() {
  RUNS=$((RUNS + 1))
  # Not under `timeout`: kill -9 must hit riffle itself (cleanup stops it if the test fails).
  "$RIFFLE" run "$1" --catalog "$CATALOG" --bootstrap-server "$BROKER" \
    >"$WORK/run.$RUNS.log" 2>&1 &
  RUN_PID=$!
}

# Waits until the output holds more than $1 distinct numbers (at most 60 s).
wait_output_above() {
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(output_count)" -gt "$1" ] && return 0
    sleep 0.2
  done
  return 1
}

kill9_and_check() {
  kill -KILL "$RUN_PID"
  wait "$RUN_PID" 2>/dev/null
  RUN_PID=""
  local integrity
  integrity=$(sqlite3 "$CATALOG" 'PRAGMA integrity_check;' 2>&1)
  if [ "$integrity" = "ok" ]; then
    pass "catalog passes PRAGMA integrity_check after kill -9 #$1"
  else
    fail "catalog passes PRAGMA integrity_check after kill -9 #$1" "$integrity"
  fi
}

cat >"$WORK/create.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM seq (n BIGINT) WITH (kafka_topic='seq', value_format='JSON', partitions=4);
CREATE STREAM copy AS SELECT n FROM seq;
CREATE TABLE counts AS SELECT n % 10 AS k, COUNT(*) AS c FROM seq
  WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY n % 10;
SQL
printf 'SHOW QUERIES;\n' >"$WORK/resume.sql"

# The topic exists with its 4 partitions before kcat writes (kcat would auto-create it with 1).
timeout 60 "$RIFFLE" --catalog "$WORK/scratch.db" --bootstrap-server "$BROKER" \
  -e "CREATE STREAM seq (n BIGINT) WITH (kafka_topic='seq', value_format='JSON', partitions=4);" \
  >"$WORK/topic.out" 2>&1 || fail "the seq topic is created" "$(cat "$WORK/topic.out")"

# --- the producer: TOTAL numbers in chunks, a few seconds' worth --------------------------------
(
  n=1
  while [ $n -le "$TOTAL" ]; do
    end=$((n + CHUNK - 1))
    [ $end -gt "$TOTAL" ] && end=$TOTAL
    seq "$n" "$end" | sed 's/.*/{"N":&}/' | timeout 60 kcat -b "$BROKER" -P -t seq 2>>"$WORK/kcat.err"
    n=$((end + 1))
    sleep 0.05
  done
) &
PRODUCER_PID=$!

start_run "$WORK/create.sql"
if wait_output_above 0; then
  pass "the job copies records while they are produced"
else
  fail "the job copies records while they are produced" "$(cat "$WORK/run.1.log")"
  finish
fi
sleep 1.5  # past a checkpoint (about every second), so the restart does not start from zero
kill9_and_check 1

start_run "$WORK/resume.sql"
before=$(output_count)
if wait_output_above "$before"; then
  pass "after kill -9 the job resumes from its checkpoint"
else
  fail "after kill -9 the job resumes from its checkpoint" "$(cat "$WORK/run.$RUNS.log")"
fi
sleep 1.5
kill9_and_check 2

start_run "$WORK/resume.sql"
# A second riffle on the same catalog meanwhile must not run the jobs a second time.
sleep 1
second=$(timeout 60 "$RIFFLE" --catalog "$CATALOG" --bootstrap-server "$BROKER" \
  -e 'SHOW QUERIES;' 2>&1)
if printf '%s' "$second" | grep -q "Another riffle process runs this catalog's background jobs" \
  && ! printf '%s' "$second" | grep -q "Restarted"; then
  pass "a second riffle on the catalog leaves the jobs to the first"
else
  fail "a second riffle on the catalog leaves the jobs to the first" "$second"
fi
wait "$PRODUCER_PID"
PRODUCER_PID=""
deadline=$((SECONDS + 90))
while [ $SECONDS -lt $deadline ] && [ "$(output_count)" -lt "$TOTAL" ]; do sleep 0.5; done

kill -TERM "$RUN_PID"
wait "$RUN_PID"
status=$?
RUN_PID=""
if [ $status -eq 0 ] && grep -q "riffle run: stopped" "$WORK/run.$RUNS.log"; then
  pass "riffle run stops on SIGTERM with exit status 0"
else
  fail "riffle run stops on SIGTERM with exit status 0" "status $status: $(cat "$WORK/run.$RUNS.log")"
fi

output_numbers >"$WORK/out.txt"
sort -n -u "$WORK/out.txt" >"$WORK/unique.txt"
seq 1 "$TOTAL" >"$WORK/expected.txt"
missing=$(comm -23 "$WORK/expected.txt" "$WORK/unique.txt" | wc -l)
delivered=$(wc -l <"$WORK/out.txt")
duplicates=$((delivered - $(wc -l <"$WORK/unique.txt")))
if [ "$missing" -eq 0 ]; then
  pass "all $TOTAL sequence numbers are in the output ($duplicates duplicates after 2 kills)"
else
  fail "all $TOTAL sequence numbers are in the output" \
    "$missing missing, e.g. $(comm -23 "$WORK/expected.txt" "$WORK/unique.txt" | head -5 | tr '\n' ' ')"
fi
echo "# records: $TOTAL, delivered: $delivered, duplicates: $duplicates"

# The windowed count's state is checkpointed with its offsets, so replays after the kills
# repeat updates but not counts: its final counts are exact (summed over windows, in case the
# run straddled an hour).
counts=$(timeout 60 "$RIFFLE" --catalog "$CATALOG" --bootstrap-server "$BROKER" --output csv \
  -e 'SELECT k, c FROM counts;' 2>"$WORK/counts.err" | tr -d '\r' | grep -E '^[0-9]+,' |
  awk -F, '{sum[$1] += $2} END {for (k in sum) print k, sum[k]}' | sort -n | tr '\n' ' ')
expected_counts=$(for k in $(seq 0 9); do printf '%s %s ' "$k" $((TOTAL / 10)); done)
if [ "$counts" = "$expected_counts" ]; then
  pass "the windowed COUNT per key is exact after 2 kills ($((TOTAL / 10)) per key)"
else
  fail "the windowed COUNT per key is exact after 2 kills" "expected: $expected_counts
got: $counts
$(cat "$WORK/counts.err")"
fi
finish
