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
# For try_broker and stop_pid; this script prints its own lines (node prints most of them).
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_kafkajs_interop.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-kafkajs.XXXXXX")
DATA="$WORK/broker-data"
BROKER_PID=""
status=0

stop_broker() {
  stop_pid "$BROKER_PID"
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
  if ! try_broker 280 --broker-dir "$DATA" ${1:+--listen "$1"}; then
    echo "FAIL - riffle broker starts"
    cat "$WORK/broker.log"
    exit 1
  fi
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
