#!/usr/bin/env bash
# riffle run --metrics: a scrape shows each job's state and counters as the job advances, and the
# endpoint goes away with SIGTERM.
#
# Usage: tests/jobs/run_metrics.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_metrics.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-metrics.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
RUN_PID=""

cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then kill -KILL "$RUN_PID"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT


# scrape HOST:PORT: the body of GET /metrics (bash's /dev/tcp: no HTTP client needed).
scrape() {
  local host=${1%:*} port=${1##*:}
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

# wait_for_metric ADDRESS LINE: scrapes until the exposition has LINE (at most 20 s).
wait_for_metric() {
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    SCRAPED=$(scrape "$1" 2>/dev/null)
    if grep -qxF "$2" <<<"$SCRAPED"; then return 0; fi
    sleep 0.2
  done
  return 1
}

cat >"$WORK/jobs.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM orders (id INT KEY, amount INT)
  WITH (kafka_topic='orders', format='JSON', partitions=2);
INSERT INTO orders VALUES (1, 10);
INSERT INTO orders VALUES (2, 20);
INSERT INTO orders VALUES (3, 30);
CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 15;
SQL

"$RIFFLE" run "$WORK/jobs.sql" --catalog "$WORK/c.db" --metrics 127.0.0.1:0 \
  >"$WORK/run.out" 2>"$WORK/run.err" &
RUN_PID=$!
address=""
for _ in $(seq 100); do
  address=$(grep -o 'metrics on http://[0-9.:]*' "$WORK/run.err" | sed 's|.*http://||')
  [ -n "$address" ] && break
  sleep 0.1
done
if [ -z "$address" ]; then
  fail "riffle run says where its metrics are" "$(cat "$WORK/run.err")"
  finish
fi
pass "riffle run says where its metrics are ($address)"

# Caught up: nothing left to read, then its counters are final.
if wait_for_metric "$address" 'riffle_job_lag_records{job="CSAS_BIG_1"} 0' &&
  wait_for_metric "$address" 'riffle_job_records_out_total{job="CSAS_BIG_1"} 2'; then
  pass "the job's counters are scraped (3 in, 2 out)"
  grep -qxF 'riffle_job_records_in_total{job="CSAS_BIG_1"} 3' <<<"$SCRAPED" &&
    grep -qxF 'riffle_job_info{job="CSAS_BIG_1",kind="CSAS",sink="BIG",state="RUNNING"} 1' \
      <<<"$SCRAPED" && grep -qxF 'riffle_up 1' <<<"$SCRAPED" &&
    pass "state, records in and up are there too" ||
    fail "state, records in and up are there too" "$SCRAPED"
else
  fail "the job's counters are scraped (3 in, 2 out)" "$SCRAPED"
fi

kill -TERM "$RUN_PID"
wait "$RUN_PID"
status=$?
RUN_PID=""
if [ "$status" -eq 0 ] && ! scrape "$address" >/dev/null 2>&1; then
  pass "SIGTERM stops riffle run (status 0) and its endpoint"
else
  fail "SIGTERM stops riffle run (status 0) and its endpoint" "status $status"
fi

finish
