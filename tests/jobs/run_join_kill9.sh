#!/usr/bin/env bash
# A join of two streams declared over ONE topic survives kill -9 with nothing lost and nothing
# counted twice. `placed` and `shipped` read topic `orders` with different TIMESTAMP columns
# (every order is shipped 50 minutes after it is placed), so the join driver, which feeds its
# inputs in event-time order, reads `placed` well ahead of `shipped`: their positions in the one
# topic differ for most of the run. Each input's position must be checkpointed as its own (a
# catalog keyed by topic alone kept one position for both, and after a restart one input resumed
# at the other's: records skipped or read twice, silently). The job aggregates the join per
# bucket, so its state is checkpointed with its offsets and its final counts are exact even
# though delivery is at least once. `riffle run` is killed with SIGKILL right after a checkpoint
# that holds two different positions, restarted, and the table must then hold every match once.
#
# Usage: tests/jobs/run_join_kill9.sh path/to/riffle [orders]
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_join_kill9.sh path/to/riffle [orders]}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
TOTAL=${2:-300000}
BUCKETS=100
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-join-kill9.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
BROKER_PID=""
RUN_PID=""

cleanup() {
  stop_pid "$RUN_PID"
  stop_pid "$BROKER_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

launch_broker 600

# Every order is in the topic before the job starts: the whole run is one backlog.
timeout 60 "$RIFFLE" --catalog "$WORK/scratch.db" --bootstrap-server "$BROKER" \
  -e "CREATE STREAM o (id BIGINT) WITH (kafka_topic='orders', value_format='JSON', partitions=1);" \
  >"$WORK/topic.out" 2>&1 || fail "the orders topic is created" "$(cat "$WORK/topic.out")"
seq 1 "$TOTAL" |
  awk '{printf "{\"ID\":%d,\"PLACED_AT\":1700%09d,\"SHIPPED_AT\":1700%09d}\n", $1, $1, $1 + 3000000}' |
  timeout 60 kcat -b "$BROKER" -P -t orders 2>"$WORK/kcat.err" ||
  fail "kcat produces $TOTAL orders" "$(cat "$WORK/kcat.err")"

# shipped comes first in FROM: the input read ahead (placed) is the later one, whose position a
# catalog keyed by topic alone kept for both (so shipped would skip what it had not joined yet).
cat >"$WORK/create.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM placed (id BIGINT, placed_at BIGINT, shipped_at BIGINT)
  WITH (kafka_topic='orders', value_format='JSON', timestamp='placed_at');
CREATE STREAM shipped (id BIGINT, placed_at BIGINT, shipped_at BIGINT)
  WITH (kafka_topic='orders', value_format='JSON', timestamp='shipped_at');
CREATE TABLE matched AS SELECT s.id % 100 AS bucket, COUNT(*) AS n, SUM(p.id) AS ids
  FROM shipped s JOIN placed p WITHIN 1 HOUR ON s.id = p.id GROUP BY s.id % 100;
SQL
printf 'SHOW QUERIES;\n' >"$WORK/resume.sql"

RUNS=0
start_run() {
  RUNS=$((RUNS + 1))
  # Not under `timeout`: kill -9 must hit riffle itself (cleanup stops it if the test fails).
  "$RIFFLE" run "$1" --catalog "$CATALOG" --bootstrap-server "$BROKER" \
    >"$WORK/run.$RUNS.log" 2>&1 &
  RUN_PID=$!
}

sql() { sqlite3 "$CATALOG" "$1" 2>/dev/null; }
job_id() { sql "SELECT id FROM jobs WHERE sink = 'MATCHED';"; }
# The positions the job's last checkpoint holds in `orders`, one per line.
positions() { sql "SELECT kafka_offset FROM offsets WHERE job_id = '$1' AND topic = 'orders';"; }

start_run "$WORK/create.sql"
# Kill at the first checkpoint where the two inputs are at different positions. A riffle from
# before schema version 6 keeps one position per topic: kill it at its first checkpoint instead,
# which shows what that loses.
per_input=$(sql "SELECT count(*) FROM pragma_table_info('offsets') WHERE name = 'input';")
JOB=""
killed_at=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ] && kill -0 "$RUN_PID" 2>/dev/null; do
  [ -n "$JOB" ] || JOB=$(job_id)
  if [ -n "$JOB" ]; then
    now=$(positions "$JOB" | sort -u | tr '\n' ' ')
    if [ "$(printf '%s' "$now" | wc -w)" -ge 2 ] ||
      { [ "$per_input" = "0" ] && [ -n "$now" ]; }; then
      kill -KILL "$RUN_PID"
      killed_at=$now
      break
    fi
  fi
  sleep 0.02
done
wait "$RUN_PID" 2>/dev/null
RUN_PID=""
if [ "$(printf '%s' "$killed_at" | wc -w)" -ge 2 ]; then
  pass "killed -9 after a checkpoint holding each input's own position (offsets $killed_at)"
else
  fail "killed -9 after a checkpoint holding each input's own position" \
    "positions: '$killed_at' (job '$JOB', per-input offsets: $per_input)
$(cat "$WORK/run.$RUNS.log")"
fi
integrity=$(sqlite3 "$CATALOG" 'PRAGMA integrity_check;' 2>&1)
[ "$integrity" = "ok" ] && pass "the catalog passes PRAGMA integrity_check after kill -9" ||
  fail "the catalog passes PRAGMA integrity_check after kill -9" "$integrity"

# Restarted, the job resumes each input from its own position and reads both to the end.
start_run "$WORK/resume.sql"
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
  # Started (its signal handlers too), and both inputs read to the end.
  grep -q "resume.sql done" "$WORK/run.$RUNS.log" &&
    [ "$(positions "$JOB" | sort -u | tr -d '\n')" = "$TOTAL" ] && break
  sleep 0.2
done
kill -TERM "$RUN_PID"
wait "$RUN_PID"
status=$?
RUN_PID=""
if [ $status -eq 0 ] && [ "$(positions "$JOB" | sort -u | tr -d '\n')" = "$TOTAL" ]; then
  pass "after the restart both inputs are checkpointed at the topic's end ($TOTAL)"
else
  fail "after the restart both inputs are checkpointed at the topic's end ($TOTAL)" \
    "status $status, positions: $(positions "$JOB" | tr '\n' ' ')
$(cat "$WORK/run.$RUNS.log")"
fi

# Every order matches its own shipment once: per bucket, TOTAL / BUCKETS matches and the sum
# of their ids.
got=$(timeout 60 "$RIFFLE" --catalog "$CATALOG" --bootstrap-server "$BROKER" --output csv \
  -e 'SELECT bucket, n, ids FROM matched;' 2>"$WORK/select.err" | tr -d '\r' |
  grep -E '^[0-9]+,' | sort -t, -k1,1n | tr '\n' ' ')
expected=$(seq 1 "$TOTAL" | awk -v b="$BUCKETS" '{n[$1 % b]++; s[$1 % b] += $1}
  END {for (k = 0; k < b; k++) printf "%d,%d,%.0f\n", k, n[k], s[k]}' | tr '\n' ' ')
if [ "$got" = "$expected" ]; then
  pass "the join's table holds every match exactly once ($TOTAL in $BUCKETS buckets)"
else
  fail "the join's table holds every match exactly once ($TOTAL in $BUCKETS buckets)" \
    "$(diff <(printf '%s' "$expected" | tr ' ' '\n') <(printf '%s' "$got" | tr ' ' '\n') |
      head -8)
matches: $(printf '%s' "$got" | tr ' ' '\n' | awk -F, '{n += $2} END {print n + 0}') of $TOTAL
$(cat "$WORK/select.err")"
fi
finish
