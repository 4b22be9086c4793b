#!/usr/bin/env bash
# A job whose Kafka cluster goes away says so, and recovers by itself: with `riffle broker` (in
# its own process) as the cluster, two riffle processes on two catalogs run a copy job each, one
# headless (`riffle run --metrics`), one a shell reading statements from a pipe. The broker is
# killed: within a few seconds riffle run logs one line saying since when and why it cannot
# reach Kafka and its metrics say UNREACHABLE; the shell's SHOW JOBS and EXPLAIN show
# UNREACHABLE with since when and why. The broker is restarted on the same port and data: riffle
# run logs one recovery line (not one per retry), the state is RUNNING again, and every record
# produced before and after the outage reaches both outputs.
#
# Usage: tests/jobs/run_unreachable.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_unreachable.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-unreachable.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
BROKER_PID=""
RUN_PID=""
SHELL_PID=""

cleanup() {
  exec 4>&- 2>/dev/null
  stop_pid "$SHELL_PID"
  stop_pid "$RUN_PID"
  stop_pid "$BROKER_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_broker LISTEN: runs `riffle broker` on LISTEN (port 0: any) over $WORK/broker.
start_broker() { try_broker 0 --broker-dir "$WORK/broker" --listen "$1"; }

# scrape HOST:PORT: the body of GET /metrics.
scrape() {
  local host=${1%:*} port=${1##*:}
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  while [ $SECONDS -lt $deadline ]; do
    "$@" && return 0
    sleep 0.2
  done
  return 1
}
metric_is() { SCRAPED=$(scrape "$METRICS" 2>/dev/null) && grep -qxF "$1" <<<"$SCRAPED"; }
run_log_has() { grep -qF "$1" "$WORK/run.err"; }
# ask SQL MARK: sends SQL to the shell, then waits until its stdout has MARK, which
# a SET after it echoes (the shell runs statements as they arrive).
SHELL_OUT_SEEN=0
ask() {
  echo "$1" >&4
  echo "SET 'kafka.client.id'='$2';" >&4
  wait_until 20 grep -qF "'$2'" "$WORK/shell.err" "$WORK/shell.out"
  REPLY=$(tail -c +$((SHELL_OUT_SEEN + 1)) "$WORK/shell.out")
  SHELL_OUT_SEEN=$(stat -c %s "$WORK/shell.out")
}
# copied TOPIC: the values in TOPIC, sorted.
copied() { timeout 30 kcat -b "$BROKER" -C -t "$1" -e -q -f '%s\n' 2>/dev/null | sort; }

if ! start_broker 127.0.0.1:0; then
  fail "riffle broker starts" "$(cat "$WORK/broker.log")"
  finish
fi

cat >"$WORK/jobs.sql" <<'SQL'
SET 'auto.offset.reset'='earliest';
CREATE STREAM orders (id INT KEY, amount INT)
  WITH (kafka_topic='orders', format='JSON', partitions=1);
INSERT INTO orders VALUES (1, 10);
INSERT INTO orders VALUES (2, 20);
CREATE STREAM copied AS SELECT id, amount FROM orders;
SQL
"$RIFFLE" run "$WORK/jobs.sql" --catalog "$WORK/run.db" --bootstrap-server "$BROKER" \
  --metrics 127.0.0.1:0 >"$WORK/run.out" 2>"$WORK/run.err" &
RUN_PID=$!
METRICS=""
wait_until 20 grep -q 'metrics on http://' "$WORK/run.err" &&
  METRICS=$(grep -o 'metrics on http://[0-9.:]*' "$WORK/run.err" | sed 's|.*http://||')
if [ -z "$METRICS" ] || ! wait_until 20 metric_is 'riffle_job_records_out_total{job="CSAS_COPIED_1"} 2'; then
  fail "riffle run copies the first records" "$(cat "$WORK/run.err")"
  finish
fi
pass "riffle run copies the first records"

mkfifo "$WORK/shell.in"
"$RIFFLE" --catalog "$WORK/shell.db" --bootstrap-server "$BROKER" <"$WORK/shell.in" \
  >"$WORK/shell.out" 2>"$WORK/shell.err" &
SHELL_PID=$!
exec 4>"$WORK/shell.in"
ask "SET 'auto.offset.reset'='earliest';
CREATE STREAM orders (id INT KEY, amount INT) WITH (kafka_topic='orders', format='JSON');
CREATE STREAM again AS SELECT id, amount FROM orders;" started
ask "SHOW JOBS;" before
if grep -q 'CSAS_AGAIN_1.*RUNNING' <<<"$REPLY"; then
  pass "the shell's job runs"
else
  fail "the shell's job runs" "$REPLY$(cat "$WORK/shell.err")"
fi

# --- the broker goes away ---------------------------------------------------------------------
kill -KILL "$BROKER_PID"
wait "$BROKER_PID" 2>/dev/null
BROKER_PID=""
killed_at=$SECONDS
if wait_until 10 metric_is 'riffle_job_info{job="CSAS_COPIED_1",kind="CSAS",sink="COPIED",state="UNREACHABLE"} 1'; then
  pass "metrics say UNREACHABLE within $((SECONDS - killed_at)) s"
  grep -qxF 'riffle_job_broker_reachable{job="CSAS_COPIED_1"} 0' <<<"$SCRAPED" &&
    grep -q '^riffle_job_broker_unreachable_since_seconds{job="CSAS_COPIED_1"} [0-9]' \
      <<<"$SCRAPED" && pass "riffle_job_broker_reachable 0, with since when" ||
    fail "riffle_job_broker_reachable 0, with since when" "$SCRAPED"
else
  fail "metrics say UNREACHABLE within 10 s" "$SCRAPED"
fi
if wait_until 10 run_log_has "Query CSAS_COPIED_1 cannot reach Kafka since"; then
  pass "riffle run logs the disconnection"
else
  fail "riffle run logs the disconnection" "$(cat "$WORK/run.err")"
fi
sleep 3  # several reconnection attempts fail meanwhile: still one line
count=$(grep -c 'cannot reach Kafka' "$WORK/run.err")
[ "$count" -eq 1 ] && pass "one line for the outage, not one per retry" ||
  fail "one line for the outage, not one per retry" "$(cat "$WORK/run.err")"

ask "SHOW JOBS;" down
if grep -q 'CSAS_AGAIN_1.*UNREACHABLE.*cannot reach Kafka since 20[0-9-]*T[0-9:.]* UTC' <<<"$REPLY" &&
  grep -q 'CSAS_AGAIN_1.*Connect\|CSAS_AGAIN_1.*Disconnected\|CSAS_AGAIN_1.*refused' <<<"$REPLY"; then
  pass "SHOW JOBS shows UNREACHABLE, since when and why"
else
  fail "SHOW JOBS shows UNREACHABLE, since when and why" "$REPLY"
fi
ask "EXPLAIN CSAS_AGAIN_1;" explained
if grep -q 'CSAS_AGAIN_1.*: UNREACHABLE - cannot reach Kafka since' "$WORK/shell.out" "$WORK/shell.err"; then
  pass "EXPLAIN shows it too"
else
  fail "EXPLAIN shows it too" "$REPLY$(tail -5 "$WORK/shell.err")"
fi
if grep -q 'WARNING: Query CSAS_AGAIN_1 cannot reach Kafka since' "$WORK/shell.err"; then
  pass "the shell warns before the next statement"
else
  fail "the shell warns before the next statement" "$(cat "$WORK/shell.err")"
fi

# --- the broker comes back on its address, with its data --------------------------------------
if ! start_broker "$BROKER"; then
  fail "riffle broker restarts on $BROKER" "$(cat "$WORK/broker.log")"
  finish
fi
back_at=$SECONDS
if wait_until 15 run_log_has "Query CSAS_COPIED_1 reaches Kafka again, after"; then
  pass "riffle run logs the recovery within $((SECONDS - back_at)) s"
else
  fail "riffle run logs the recovery" "$(cat "$WORK/run.err")"
fi
if wait_until 10 metric_is 'riffle_job_info{job="CSAS_COPIED_1",kind="CSAS",sink="COPIED",state="RUNNING"} 1' &&
  grep -qxF 'riffle_job_broker_reachable{job="CSAS_COPIED_1"} 1' <<<"$SCRAPED"; then
  pass "metrics say RUNNING and reachable again"
else
  fail "metrics say RUNNING and reachable again" "$SCRAPED"
fi
count=$(grep -c 'Kafka again' "$WORK/run.err")
[ "$count" -eq 1 ] && pass "one line for the recovery" ||
  fail "one line for the recovery" "$(cat "$WORK/run.err")"

ask "INSERT INTO orders VALUES (3, 30); INSERT INTO orders VALUES (4, 40);" inserted
wait_until 20 metric_is 'riffle_job_records_out_total{job="CSAS_COPIED_1"} 4'
# The shell's own job notices the broker is back on its next delivery: ask until it shows.
again_running() {
  ask "SHOW JOBS;" "up$SECONDS$RANDOM"
  grep -q 'CSAS_AGAIN_1 *| CSAS *| RUNNING' <<<"$REPLY"
}
if wait_until 15 again_running; then
  pass "SHOW JOBS shows RUNNING again"
else
  fail "SHOW JOBS shows RUNNING again" "$REPLY"
fi
expected=$(printf '{"AMOUNT":%s}\n' 10 20 30 40 | sort)
for topic in COPIED AGAIN; do
  if wait_until 20 test "$(copied $topic)" = "$expected"; then
    pass "$topic has every record, before and after the outage"
  else
    fail "$topic has every record, before and after the outage" "$(copied $topic)"
  fi
done

stop_pid "$RUN_PID"
RUN_PID=""
finish
