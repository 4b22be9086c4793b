#!/usr/bin/env bash
# Interop with kafkajs (npm), a Kafka client riffle did not write, against `riffle broker`:
# admin (create a 3-partition topic, metadata, list), a keyed idempotent producer with headers,
# a two-member consumer group splitting the partitions and committing offsets; then the broker
# is stopped and started again on the same address and the topic, its records and the group's
# offsets are all still there.
#
# Usage: tests/interop/run_kafkajs_interop.sh path/to/riffle
# Needs node and tests/interop/kafkajs/node_modules (scripts/install-deps.sh installs both).
set -u

RIFFLE=${1:?usage: run_kafkajs_interop.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-kafkajs.XXXXXX")
DATA="$WORK/broker-data"
BROKER_PID=""
status=0

stop_broker() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BROKER_PID" 2>/dev/null
    wait "$BROKER_PID" 2>/dev/null
  fi
  BROKER_PID=""
}
cleanup() {
  stop_broker
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_broker [LISTEN]: starts `riffle broker` on DATA and sets BROKER to its address.
start_broker() {
  rm -f "$WORK/address"
  timeout 280 "$RIFFLE" broker --broker-dir "$DATA" --address-file "$WORK/address" ${1:+--listen "$1"} \
    >>"$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 300); do [ -s "$WORK/address" ] && break; sleep 0.05; done
  if [ ! -s "$WORK/address" ]; then
    echo "FAIL - riffle broker starts"
    cat "$WORK/broker.log"
    exit 1
  fi
  BROKER=$(cat "$WORK/address")
  echo "ok   - riffle broker listens on $BROKER"
}

if ! command -v node >/dev/null || [ ! -d "$HERE/kafkajs/node_modules/kafkajs" ]; then
  echo "FAIL - node and kafkajs are installed (scripts/install-deps.sh installs them)"
  exit 1
fi

start_broker
timeout 150 node "$HERE/kafkajs/interop.js" "$BROKER" write || status=1
stop_broker
start_broker "$BROKER"
timeout 60 node "$HERE/kafkajs/interop.js" "$BROKER" reread || status=1
stop_broker
if [ $status -ne 0 ]; then
  echo "--- broker log"
  cat "$WORK/broker.log"
fi
exit $status
