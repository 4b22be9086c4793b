#!/usr/bin/env bash
# Re-running a lesson through the real binary, across process restarts (issue 17, point 4):
#  - a windowed job restarted with riffle shows, in EXPLAIN, the watermark its restored windows
#    judge lateness by, before any new record and after a late one;
#  - RESTART <query> FROM BEGINNING from a riffle that does not run the jobs is applied by the one
#    that does, and the job then starts over with empty state;
#  - TRUNCATE TOPIC is refused on a Kafka cluster (here: a standalone `riffle broker`, which a
#    session reaches through --bootstrap-server like any cluster).
#
# Usage: tests/jobs/run_reset.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"
source "$(dirname "$0")/../lib/sandbox.sh"

sandbox_init reset "${1:-}"
# explain_until NAME REGEX: EXPLAIN the job in new riffles until the output matches (jobs start
# with each process and need a moment to read), 20 s at most; the last output in $OUT.
explain_until() {
  for _ in $(seq 40); do
    OUT=$( (echo "EXPLAIN CTAS_PER_MIN_1;"; sleep 0.5; echo "EXPLAIN CTAS_PER_MIN_1;") |
      timeout 60 "$RIFFLE" --catalog "$CATALOG" 2>&1)
    printf '%s\n' "$OUT" | grep -qE -- "$2" && { pass "$1"; return 0; }
  done
  fail "$1" "$OUT"
}

# The issue's reproduction: windows closed up to 00:03:20 by the record at 200000, then quit.
sql "set up a windowed job" "SET 'auto.offset.reset'='earliest';
  CREATE STREAM clicks (user STRING KEY, page STRING)
    WITH (kafka_topic='clicks', value_format='JSON', partitions=1);
  CREATE TABLE per_min AS SELECT user, COUNT(*) AS n FROM clicks
    WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY user EMIT FINAL;
  INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'a');
  INSERT INTO clicks (ROWTIME, user, page) VALUES (200000, 'ann', 'b');"
explain_until "the job has read both records" "watermark 1970-01-01T00:03:20.000"
# A new riffle restarts the job from its checkpoint: the watermark is the restored one at once.
OUT=$(echo "EXPLAIN CTAS_PER_MIN_1;" | timeout 60 "$RIFFLE" --catalog "$CATALOG" 2>&1)
if printf '%s\n' "$OUT" | grep -q "watermark 1970-01-01T00:03:20.000"; then
  pass "after a restart EXPLAIN shows the restored watermark before any record"
else
  fail "after a restart EXPLAIN shows the restored watermark before any record" "$OUT"
fi
# A record at 150000 falls in [120000, 180000), closed at 190000 by that watermark: late.
# Inserted and explained by the same process: the late count is the running process's figure.
OUT=$( (echo "INSERT INTO clicks (ROWTIME, user, page) VALUES (150000, 'bob', 'c');"
  for _ in $(seq 20); do sleep 0.5; echo "EXPLAIN CTAS_PER_MIN_1;"; done) |
  timeout 60 "$RIFFLE" --catalog "$CATALOG" 2>&1)
if printf '%s\n' "$OUT" | grep -q "1 late record(s) dropped"; then
  pass "the late record is dropped"
else
  fail "the late record is dropped" "$OUT"
fi
OUT=$(printf '%s\n' "$OUT" | grep "watermark" | tail -1)
if printf '%s\n' "$OUT" | grep -q "watermark 1970-01-01T00:03:20.000"; then
  pass "EXPLAIN's watermark is still the one that judged it late"
else
  fail "EXPLAIN's watermark is still the one that judged it late" "$OUT"
fi

# RESTART from a process that does not run the jobs: the owner applies it.
echo "SHOW QUERIES;" >"$WORK/owner.sql"
timeout 200 "$RIFFLE" run "$WORK/owner.sql" --catalog "$CATALOG" >"$WORK/owner.out" \
  2>"$WORK/owner.err" &
OWNER=$!
PIDS+=("$OWNER")
wait_for "$WORK/owner.err" "background jobs keep running" ||
  fail "the owner starts" "$(cat "$WORK/owner.err")"
sql "truncate the input" "TRUNCATE TOPIC clicks;"
sql "restart the job from another process" "RESTART CTAS_PER_MIN_1 FROM BEGINNING;"
if printf '%s\n' "$OUT" | grep -q "Query CTAS_PER_MIN_1 restarted from the beginning"; then
  pass "RESTART from another process is applied by the owner"
else
  fail "RESTART from another process is applied by the owner" "$OUT"
fi
if wait_for "$WORK/owner.err" "Query CTAS_PER_MIN_1 restarted from the beginning \(asked by"; then
  pass "the owner says so"
else
  fail "the owner says so" "$(cat "$WORK/owner.err")"
fi
kill -TERM "$OWNER"
wait "$OWNER" 2>/dev/null
# Started over with no windows and an empty input: a record at 5000 is on time.
sql "insert the lesson's first record again" \
  "INSERT INTO clicks (ROWTIME, user, page) VALUES (5000, 'cy', 'again');"
explain_until "the restarted job starts from an empty state" \
  "watermark 1970-01-01T00:00:05.000"
if printf '%s\n' "$OUT" | grep -q "late record"; then
  fail "nothing is late after the restart" "$OUT"
else
  pass "nothing is late after the restart"
fi

# TRUNCATE TOPIC on a cluster: refused, with the reason.
try_broker 200 --broker-dir "$WORK/cluster"
PIDS+=("$BROKER_PID")
OUT=$(timeout 60 "$RIFFLE" --catalog "$WORK/cluster.db" --bootstrap-server "$BROKER" -e \
  "CREATE STREAM s (n INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);
   INSERT INTO s VALUES (1); TRUNCATE TOPIC s;" 2>&1)
STATUS=$?
if [ "$STATUS" -ne 0 ] && printf '%s\n' "$OUT" |
  grep -q "TRUNCATE TOPIC deletes records only on riffle's local broker; this session uses the Kafka cluster at $BROKER"; then
  pass "TRUNCATE TOPIC is refused on a cluster"
else
  fail "TRUNCATE TOPIC is refused on a cluster (exit $STATUS)" "$OUT"
fi

finish
