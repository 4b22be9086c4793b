#!/usr/bin/env bash
# Interop with a third-party Kafka client: kcat produces records that riffle reads, and reads
# records that riffle writes, through a standalone `riffle broker` in another process; kcat -L
# lists the cluster and kcat -G consumes as a group whose committed offsets outlive a restart
# of the broker.
#
# Usage: tests/interop/run_kcat_interop.sh path/to/riffle
# Prints one line per check and a final "N passed, M failed"; exits non-zero on any failure.
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_kcat_interop.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-interop.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
CATALOG="$WORK/catalog.db"
BROKER_PID=""

cleanup() {
  stop_pid "$BROKER_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


if ! command -v kcat >/dev/null 2>&1; then
  fail "kcat is installed (scripts/install-deps.sh installs it)"
  finish
fi

# --- broker ------------------------------------------------------------------------------------
# Bounded by `timeout` as well, so even a killed test run does not leave the broker behind.
launch_broker 280
pass "riffle broker listens on $BROKER"

# riffle_sql NAME SQL...: runs riffle against the broker, output as CSV in $OUT, stderr in $ERR.
riffle_sql() {
  local name=$1
  shift
  timeout 60 "$RIFFLE" --catalog "$CATALOG" --bootstrap-server "$BROKER" --output csv -e "$*" \
    >"$WORK/out" 2>"$WORK/err"
  local status=$?
  # CSV rows end in CRLF (RFC 4180).
  OUT=$(tr -d '\r' <"$WORK/out")
  ERR=$(cat "$WORK/err")
  if [ $status -ne 0 ]; then
    fail "$name (exit $status)" "stdout: $OUT
stderr: $ERR"
    return 1
  fi
  return 0
}

if riffle_sql "CREATE STREAM on a remote broker" \
  "CREATE STREAM orders (id INT, item STRING, qty INT)
     WITH (kafka_topic='orders', value_format='json', partitions=3);"; then
  pass "CREATE STREAM on a remote broker"
else
  finish
fi

# --- kcat -> riffle ----------------------------------------------------------------------------
# Lower-case keys as a typical producer writes them: riffle matches JSON fields ignoring case.
printf '%s\n' '{"id":1,"item":"apple","qty":3}' '{"id":2,"item":"banana","qty":5}' \
  '{"id":3,"item":"cherry","qty":7}' >"$WORK/records.jsonl"
if timeout 30 kcat -b "$BROKER" -P -t orders -l "$WORK/records.jsonl" 2>"$WORK/kcat.err"; then
  pass "kcat produces to riffle's broker"
else
  fail "kcat produces to riffle's broker" "$(cat "$WORK/kcat.err")"
fi

if riffle_sql "riffle reads kcat's records" \
  "SET 'auto.offset.reset'='earliest';
   SELECT id, item, qty FROM orders EMIT CHANGES LIMIT 3;"; then
  rows=$(printf '%s\n' "$OUT" | grep -E '^[0-9]+,' | sort)
  expected=$'1,apple,3\n2,banana,5\n3,cherry,7'
  if [ "$rows" = "$expected" ]; then
    pass "riffle reads kcat's 3 records"
  else
    fail "riffle reads kcat's 3 records" "expected:
$expected
got:
$OUT
stderr: $ERR"
  fi
fi

# --- riffle -> kcat ----------------------------------------------------------------------------
# riffle exits right after the INSERT: this also checks that queued records are flushed first.
if riffle_sql "riffle INSERT INTO a remote broker" \
  "INSERT INTO orders (id, item, qty) VALUES (4, 'pear', 11);
   INSERT INTO orders (id, item, qty) VALUES (5, 'plum', 13);"; then
  pass "riffle INSERT INTO a remote broker"
fi
timeout 30 kcat -b "$BROKER" -C -t orders -o beginning -e -q -f '%s\n' >"$WORK/consumed" \
  2>"$WORK/kcat.err"
status=$?
consumed=$(cat "$WORK/consumed")
if [ $status -eq 0 ]; then
  pass "kcat consumes the topic to its end"
else
  fail "kcat consumes the topic to its end (exit $status)" "$(cat "$WORK/kcat.err")"
fi
if [ "$(printf '%s\n' "$consumed" | grep -c .)" = 5 ]; then
  pass "kcat sees 3 + 2 records"
else
  fail "kcat sees 3 + 2 records" "$consumed"
fi
for want in '"ID":4' '"ITEM":"pear"' '"QTY":11' '"ID":5' '"ITEM":"plum"'; do
  if printf '%s\n' "$consumed" | grep -qF "$want"; then
    pass "riffle's JSON has $want"
  else
    fail "riffle's JSON has $want" "$consumed"
  fi
done

# --- kcat -L: the cluster as any client sees it --------------------------------------------------
timeout 30 kcat -b "$BROKER" -L -t orders >"$WORK/metadata" 2>&1
if grep -q "(controller)" "$WORK/metadata" && grep -q 'topic "orders" with 3 partitions' "$WORK/metadata"; then
  pass "kcat -L shows a controller and the 3 partitions"
else
  fail "kcat -L shows a controller and the 3 partitions" "$(cat "$WORK/metadata")"
fi

# --- kcat -G: a consumer group; its offsets are committed and survive a broker restart ---------
group_read() {
  timeout 60 kcat -b "$BROKER" -G kcat-group -X auto.offset.reset=earliest -e -q -f '%s\n' \
    orders 2>"$WORK/kcat.err" | grep -c .
}
n=$(group_read)
if [ "$n" = 5 ]; then pass "kcat -G reads the 5 records as a group"; else
  fail "kcat -G reads the 5 records as a group (read $n)" "$(cat "$WORK/kcat.err")"; fi
n=$(group_read)
if [ "$n" = 0 ]; then pass "kcat -G again reads nothing: the group's offsets were committed"; else
  fail "kcat -G again reads nothing (read $n)" "$(cat "$WORK/kcat.err")"; fi
FIRST_ADDRESS=$BROKER
stop_pid "$BROKER_PID"
if try_broker 280 --listen "$FIRST_ADDRESS" && [ "$BROKER" = "$FIRST_ADDRESS" ]; then
  pass "the broker restarts on the same address"
else
  fail "the broker restarts on the same address" "$(cat "$WORK/broker.log")"
fi
printf '%s\n' '{"id":6,"item":"fig","qty":1}' | timeout 30 kcat -b "$BROKER" -P -t orders 2>/dev/null
n=$(group_read)
if [ "$n" = 1 ]; then pass "after a restart kcat -G reads only the new record"; else
  fail "after a restart kcat -G reads only the new record (read $n)" "$(cat "$WORK/kcat.err")"; fi

# --- riffle reads its own INSERTs and kcat's through the same broker ---------------------------
if riffle_sql "riffle reads back all records" \
  "SET 'auto.offset.reset'='earliest';
   SELECT id FROM orders EMIT CHANGES LIMIT 6;"; then
  ids=$(printf '%s\n' "$OUT" | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
  if [ "$ids" = "1 2 3 4 5 6 " ]; then
    pass "riffle reads back all 6 records"
  else
    fail "riffle reads back all 6 records" "$OUT"
  fi
fi

finish
