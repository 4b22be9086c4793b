#!/usr/bin/env bash
# The processing log on a real cluster (`riffle broker` in its own process, given as
# --bootstrap-server): without ksqlDB's ksql.logging.processing.* properties riffle writes no topic
# of its own there; with topic.auto.create and stream.auto.create (from --config, or SET) it
# creates the named topic, declares KSQL_PROCESSING_LOG over it, and a job's bad record can be
# selected from the stream and read from the topic by another client (kcat). Bad values fail.
#
# Usage: tests/jobs/run_cluster_processing_log.sh path/to/riffle
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_cluster_processing_log.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-cluster-log.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
BROKER_PID=""

cleanup() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID"
    wait "$BROKER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

launch_broker 0 --broker-dir "$WORK/broker" --listen 127.0.0.1:0
topics() { timeout 20 kcat -b "$BROKER" -L 2>/dev/null | sed -n 's/^ *topic "\([^"]*\)".*/\1/p'; }
riffle() { timeout 60 "$RIFFLE" --bootstrap-server "$BROKER" "$@"; }

# A topic with a good record and one that is not JSON.
riffle --catalog "$WORK/plain.db" -e "CREATE STREAM raw (id INT KEY, v INT)
  WITH (kafka_topic='raw', format='JSON', partitions=1);
  INSERT INTO raw VALUES (1, 1);" >"$WORK/setup.out" 2>&1
printf 'not json\n' | timeout 20 kcat -b "$BROKER" -P -t raw 2>>"$WORK/setup.out"

# --- without the properties: nothing written on the cluster ----------------------------------
riffle --catalog "$WORK/plain.db" -e "SET 'auto.offset.reset'='earliest';
  SELECT id FROM raw EMIT CHANGES LIMIT 1;" >"$WORK/plain.out" 2>&1
if ! topics | grep -q 'processing_log'; then
  pass "without ksql.logging.processing.* no processing log topic is created on a cluster"
else
  fail "without ksql.logging.processing.* no processing log topic is created on a cluster" \
    "$(topics)"
fi

# --- with them, from --config ---------------------------------------------------------------
cat >"$WORK/client.properties" <<'PROPS'
# ksqlDB's processing log settings, beside the Kafka client's
ksql.logging.processing.topic.auto.create=true
ksql.logging.processing.topic.name=ops_processing_log
ksql.logging.processing.stream.auto.create=true
client.id=riffle-test
PROPS
riffle --catalog "$WORK/ops.db" --config "$WORK/client.properties" -e "
  SET 'auto.offset.reset'='earliest';
  CREATE STREAM raw (id INT KEY, v INT) WITH (kafka_topic='raw', format='JSON');
  CREATE STREAM copied AS SELECT id, v FROM raw;
  SELECT JOB, ERROR_TYPE, SOURCE, SOURCE_PARTITION, SOURCE_OFFSET, RECORD
    FROM KSQL_PROCESSING_LOG EMIT CHANGES LIMIT 1;" >"$WORK/ops.out" 2>"$WORK/ops.err"
status=$?
if [ $status -eq 0 ]; then
  pass "riffle starts with ksql.logging.processing.* in --config"
else
  fail "riffle starts with ksql.logging.processing.* in --config" \
    "status $status$(cat "$WORK/ops.out" "$WORK/ops.err")"
fi
if topics | grep -qx 'ops_processing_log'; then
  pass "the topic is created on the cluster"
else
  fail "the topic is created on the cluster" "$(topics)"
fi
if grep -q '| CSAS_COPIED_1 *| DESERIALIZATION | raw *| *0 | *1 | not json *|' "$WORK/ops.out"; then
  pass "a job's bad record is selected from KSQL_PROCESSING_LOG"
else
  fail "a job's bad record is selected from KSQL_PROCESSING_LOG" "$(cat "$WORK/ops.out")"
fi
logged=$(timeout 20 kcat -b "$BROKER" -C -t ops_processing_log -e -q -f '%k %s\n' 2>/dev/null)
if grep -q '^CSAS_COPIED_1 .*"ERROR_TYPE":"DESERIALIZATION".*"RECORD":"not json"' <<<"$logged"; then
  pass "another client reads it from the topic"
else
  fail "another client reads it from the topic" "$logged"
fi
# The stream is declared once: a second start finds it.
riffle --catalog "$WORK/ops.db" --config "$WORK/client.properties" \
  -e "SHOW STREAMS;" >"$WORK/again.out" 2>&1
if grep -q '| KSQL_PROCESSING_LOG *| ops_processing_log *|' "$WORK/again.out" &&
  ! grep -qi 'warning\|error' "$WORK/again.out"; then
  pass "a second start uses the topic and stream as they are"
else
  fail "a second start uses the topic and stream as they are" "$(cat "$WORK/again.out")"
fi

# --- SET, before any job: the topic follows the properties ----------------------------------
riffle --catalog "$WORK/set.db" -e "SET 'ksql.logging.processing.topic.name'='set_log';
  SET 'ksql.logging.processing.topic.partitions'='2';
  SET 'ksql.logging.processing.topic.auto.create'='true';" >"$WORK/set.out" 2>&1
if grep -q 'The processing log goes to topic set_log\.' "$WORK/set.out" &&
  timeout 20 kcat -b "$BROKER" -L -t set_log 2>/dev/null | grep -q '2 partitions'; then
  pass "SET creates the topic (2 partitions) when auto.create turns true"
else
  fail "SET creates the topic (2 partitions) when auto.create turns true" \
    "$(cat "$WORK/set.out"; timeout 20 kcat -b "$BROKER" -L -t set_log 2>&1)"
fi
riffle --catalog "$WORK/nocreate.db" -e "SET 'ksql.logging.processing.topic.name'='missing_log';
  SET 'ksql.logging.processing.stream.auto.create'='true';" >"$WORK/nocreate.out" 2>&1
if grep -q "topic missing_log does not exist: set 'ksql.logging.processing.topic.auto.create'='true'" \
  "$WORK/nocreate.out" && ! topics | grep -qx 'missing_log'; then
  pass "without topic.auto.create a missing topic is a warning, not created"
else
  fail "without topic.auto.create a missing topic is a warning, not created" \
    "$(cat "$WORK/nocreate.out")"
fi

# --- bad values -----------------------------------------------------------------------------
printf 'ksql.logging.processing.topic.partitions=zero\n' >"$WORK/bad.properties"
riffle --catalog "$WORK/bad.db" --config "$WORK/bad.properties" -e "SHOW STREAMS;" \
  >"$WORK/bad.out" 2>&1
status=$?
if [ $status -ne 0 ] &&
  grep -q "Invalid value 'zero' for ksql.logging.processing.topic.partitions" "$WORK/bad.out"; then
  pass "a bad value in --config stops riffle, naming it"
else
  fail "a bad value in --config stops riffle, naming it" "status $status: $(cat "$WORK/bad.out")"
fi
riffle --catalog "$WORK/bad.db" -e "SET 'ksql.logging.processing.topic.name'='no/slash';" \
  >"$WORK/bad2.out" 2>&1
if grep -q "Invalid value 'no/slash' for ksql.logging.processing.topic.name" "$WORK/bad2.out"; then
  pass "SET of an invalid topic name is an error"
else
  fail "SET of an invalid topic name is an error" "$(cat "$WORK/bad2.out")"
fi

finish
