#!/usr/bin/env bash
# Crash test of riffle's local broker: a librdkafka idempotent producer (acks=all; the
# numbered_producer tool, because kcat gives up when every broker is down) produces N numbered
# records into a 3-partition topic while the broker process is killed with SIGKILL five times
# and started again on the same address. Afterwards every acknowledged record is in the topic
# exactly once, and each partition holds its records in the order they were sent.
#
# Usage: tests/interop/run_broker_crash.sh path/to/riffle path/to/numbered_producer [N]
# (N defaults to 1,000,000)
set -u
# For try_broker; this script's own fail() below replaces the one there (it stops at once).
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_broker_crash.sh path/to/riffle path/to/numbered_producer [N]}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
PRODUCER=${2:?usage: run_broker_crash.sh path/to/riffle path/to/numbered_producer [N]}
N=${3:-1000000}
KILLS=5
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-crash.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
DATA="$WORK/broker-data"
BROKER_PID=""
PRODUCER_PID=""

cleanup() {
  for pid in $PRODUCER_PID $BROKER_PID; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
  echo "FAIL - $1"
  [ $# -gt 1 ] && printf '%s\n' "$2" | head -40 | sed 's/^/       /'
  echo "--- broker log"; tail -20 "$WORK/broker.log"
  exit 1
}

start_broker() {
  try_broker 0 --broker-dir "$DATA" ${1:+--listen "$1"} ||
    fail "riffle broker starts" "$(tail -5 "$WORK/broker.log")"
}

start_broker
ADDR=$BROKER
echo "ok   - riffle broker listens on $ADDR"
timeout 60 "$RIFFLE" --catalog "$WORK/catalog.db" --bootstrap-server "$ADDR" -e \
  "CREATE STREAM numbers (n BIGINT) WITH (kafka_topic='numbers', value_format='json', partitions=3);" \
  >"$WORK/create.out" 2>&1 || fail "CREATE STREAM with 3 partitions" "$(cat "$WORK/create.out")"
echo "ok   - a 3-partition topic is created through the broker"

# About seven seconds of producing, so the five kills land while records are in flight.
RATE=$((N / 7 + 1))
timeout 600 "$PRODUCER" "$ADDR" numbers "$N" "$RATE" "$WORK/acked" >"$WORK/producer.out" \
  2>"$WORK/producer.err" &
PRODUCER_PID=$!

for k in $(seq $KILLS); do
  sleep 1.$((RANDOM % 9))
  kill -KILL "$BROKER_PID"
  wait "$BROKER_PID" 2>/dev/null
  sleep 0.3
  start_broker "$ADDR"
  echo "ok   - kill -9 number $k, broker back on $ADDR"
done

wait "$PRODUCER_PID"
status=$?
PRODUCER_PID=""
[ $status -eq 0 ] || fail "every record acknowledged (exit $status)" \
  "$(cat "$WORK/producer.out"; tail -20 "$WORK/producer.err")"
acked=$(sort -n -u "$WORK/acked" | wc -l)
[ "$acked" -eq "$N" ] || fail "every record acknowledged once ($acked distinct of $N)"
echo "ok   - the producer had all $N records acknowledged"

timeout 300 kcat -C -b "$ADDR" -t numbers -o beginning -e -q -f '%p %s\n' >"$WORK/consumed" \
  2>"$WORK/kcat-c.err" || fail "kcat consumes the topic" "$(cat "$WORK/kcat-c.err")"
total=$(wc -l <"$WORK/consumed")
unique=$(cut -d' ' -f2 "$WORK/consumed" | sort -n -u | wc -l)
[ "$total" -eq "$N" ] || fail "the topic holds $N records, not $total ($unique distinct)"
[ "$unique" -eq "$N" ] || fail "every record once ($unique distinct of $total)"
echo "ok   - all $N records present exactly once"
# Within a partition the numbers must increase (the producer sends them in order).
disorder=$(awk '{ if ($1 in last && $2 <= last[$1]) bad++; last[$1] = $2 } END { print bad + 0 }' \
  "$WORK/consumed")
[ "$disorder" -eq 0 ] || fail "records in order within each partition ($disorder out of order)"
echo "ok   - in order within each partition"
echo "--- broker log"; grep -i "truncat\|recover" "$WORK/broker.log" | head -10
exit 0
