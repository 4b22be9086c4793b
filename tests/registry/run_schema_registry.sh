#!/usr/bin/env bash
# riffle against a Schema Registry (--schema-registry), end to end: a stand-in registry speaking
# Confluent's REST API (fake-schema-registry) holds a schema riffle's catalog never saw; riffle
# fetches it by the id its records carry, infers a stream's columns from the topic's subject,
# registers the schema of a sink it writes, counts a record whose id the registry lacks as bad,
# and explains a wrong password, an unreachable registry and a missing subject without leaking
# the password or crashing.
#
# Usage: tests/registry/run_schema_registry.sh path/to/riffle path/to/fake-schema-registry
set -u
source "$(dirname "$0")/../lib/checks.sh"

RIFFLE=${1:?usage: run_schema_registry.sh path/to/riffle path/to/fake-schema-registry}
FAKE=${2:?usage: run_schema_registry.sh path/to/riffle path/to/fake-schema-registry}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-registry.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS RIFFLE_SCHEMA_REGISTRY_PASSWORD
FAKE_PID=""
PASSWORD='s3cr3t-Registry-Pw'

cleanup() {
  if [ -n "$FAKE_PID" ]; then
    kill -TERM "$FAKE_PID" 2>/dev/null
    wait "$FAKE_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Schema 42 under subject orders-value: riffle's catalog has no schemas at all.
cat >"$WORK/order.avsc" <<'JSON'
{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"},{"name":"item","type":"string"}]}
JSON
"$FAKE" --port-file "$WORK/port" --auth "ann:$PASSWORD" \
  --schema orders-value 42 AVRO "$WORK/order.avsc" 2>"$WORK/fake.log" &
FAKE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
if [ -s "$WORK/port" ]; then pass "the registry stand-in listens"; else
  fail "the registry stand-in listens" "$(cat "$WORK/fake.log")"; finish; fi
URL="http://127.0.0.1:$(cat "$WORK/port")"

# riffle with the registry and the right credentials (the password from the environment).
riffle_sr() {
  RIFFLE_SCHEMA_REGISTRY_PASSWORD="$PASSWORD" timeout 120 "$RIFFLE" --catalog "$WORK/$1.db" \
    --schema-registry "$URL" --schema-registry-user ann "${@:2}"
}

# Avro records framed with schema id 42 (id 1 'pen', id 2 'ink') around one framed with id 99,
# which no registry knows, written as raw bytes through a KAFKA-format stream.
riffle_sr main -e "
CREATE STREAM raw (v BYTES) WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='KAFKA', PARTITIONS=1);
INSERT INTO raw (v) VALUES (TO_BYTES('000000002a020670656e', 'hex'));
INSERT INTO raw (v) VALUES (TO_BYTES('00000000630206787878', 'hex'));
INSERT INTO raw (v) VALUES (TO_BYTES('000000002a0406696e6b', 'hex'));
CREATE STREAM good_raw (v BYTES) WITH (KAFKA_TOPIC='good', VALUE_FORMAT='KAFKA', PARTITIONS=1);
INSERT INTO good_raw (v) VALUES (TO_BYTES('000000002a060676616e', 'hex'));
" >"$WORK/produce.out" 2>&1
if [ $? -eq 0 ]; then pass "raw Avro records produced"; else
  fail "raw Avro records produced" "$(cat "$WORK/produce.out")"; fi

riffle_sr main -o json -e "
SET 'auto.offset.reset'='earliest';
CREATE STREAM orders WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO');
DESCRIBE orders;
SELECT * FROM orders EMIT CHANGES LIMIT 2;
" >"$WORK/select.out" 2>"$WORK/select.err"
rc=$?
if [ $rc -eq 0 ] && grep -q '"Field":"ID","Type":"BIGINT"' "$WORK/select.out" &&
   grep -q '"Field":"ITEM","Type":"STRING"' "$WORK/select.out"; then
  pass "CREATE STREAM without columns takes them from subject orders-value"
else
  fail "CREATE STREAM without columns takes them from subject orders-value" \
    "rc=$rc; $(cat "$WORK/select.out" "$WORK/select.err")"
fi
if grep -qx '{"ID":1,"ITEM":"pen"}' "$WORK/select.out" &&
   grep -qx '{"ID":2,"ITEM":"ink"}' "$WORK/select.out"; then
  pass "SELECT decodes records written with schema id 42, fetched from the registry"
else
  fail "SELECT decodes records written with schema id 42, fetched from the registry" \
    "$(cat "$WORK/select.out" "$WORK/select.err")"
fi
if grep -q "1 record(s) could not be decoded" "$WORK/select.err" &&
   grep -q "schema id 99 is not in the Schema Registry at $URL" "$WORK/select.err"; then
  pass "a record whose schema id the registry lacks is a counted bad record"
else
  fail "a record whose schema id the registry lacks is a counted bad record" \
    "$(cat "$WORK/select.err")"
fi

# A persistent query: its AVRO sink's schema is registered in the registry, and the bad record
# shows in SHOW QUERIES EXTENDED.
riffle_sr main -o json -e "
SET 'auto.offset.reset'='earliest';
CREATE STREAM shouted WITH (KAFKA_TOPIC='shouted', VALUE_FORMAT='AVRO', PARTITIONS=1)
  AS SELECT id, UCASE(item) AS item FROM orders;
CREATE STREAM as_proto WITH (KAFKA_TOPIC='as_proto', VALUE_FORMAT='PROTOBUF', PARTITIONS=1)
  AS SELECT id, item FROM orders;
SELECT * FROM shouted EMIT CHANGES LIMIT 2;
SELECT * FROM as_proto EMIT CHANGES LIMIT 2;
SHOW QUERIES EXTENDED;
" >"$WORK/csas.out" 2>"$WORK/csas.err"
if grep -qx '{"ID":2,"ITEM":"INK"}' "$WORK/csas.out" &&
   grep -qx '{"ID":2,"ITEM":"ink"}' "$WORK/csas.out" &&
   grep -q '"Bad Records":1' "$WORK/csas.out"; then
  pass "a persistent query decodes through the registry and counts the bad record"
else
  fail "a persistent query decodes through the registry and counts the bad record" \
    "$(cat "$WORK/csas.out" "$WORK/csas.err")"
fi
# A fresh catalog (its own, empty, schema store) finds the sink's schema in the registry; the
# user info comes from the URL this time.
timeout 60 "$RIFFLE" --catalog "$WORK/other.db" --schema-registry "http://ann:$PASSWORD@${URL#http://}" \
  -o json -e "CREATE STREAM s2 WITH (KAFKA_TOPIC='shouted', VALUE_FORMAT='AVRO'); DESCRIBE s2;
CREATE STREAM s3 WITH (KAFKA_TOPIC='as_proto', VALUE_FORMAT='PROTOBUF'); DESCRIBE s3;" \
  >"$WORK/other.out" 2>&1
if [ "$(grep -c '"Field":"ITEM","Type":"STRING"' "$WORK/other.out")" -eq 2 ]; then
  pass "the sinks' Avro and Protobuf schemas were registered in the registry"
else
  fail "the sinks' Avro and Protobuf schemas were registered in the registry" \
    "$(cat "$WORK/other.out")"
fi

riffle_sr main -e "PRINT 'good' FROM BEGINNING LIMIT 1;" >"$WORK/print.out" 2>&1
if grep -q 'Value format: AVRO' "$WORK/print.out" &&
   grep -q 'value: {"id":3,"item":"van"}' "$WORK/print.out"; then
  pass "PRINT recognises and decodes Avro with the registry's schema"
else
  fail "PRINT recognises and decodes Avro with the registry's schema" "$(cat "$WORK/print.out")"
fi

# Declared columns over a subject that exists leave it alone (as ksqlDB does): a fresh catalog
# still finds its two columns; writing with the unregistered schema is refused.
riffle_sr main -e "
CREATE STREAM declared (id BIGINT, item STRING, extra INT)
  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO');
INSERT INTO declared (id, item, extra) VALUES (9, 'x', 1);" >"$WORK/declared.out" 2>&1
rc=$?
timeout 60 "$RIFFLE" --catalog "$WORK/third.db" --schema-registry "http://ann:$PASSWORD@${URL#http://}" \
  -o json -e "CREATE STREAM o8 WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO'); DESCRIBE o8;" \
  >"$WORK/third.out" 2>&1
if [ $rc -eq 1 ] && grep -q "Cannot write to DECLARED: its value columns' schema is not registered" \
     "$WORK/declared.out" && ! grep -q '"Field":"EXTRA"' "$WORK/third.out" &&
   grep -q '"Field":"ITEM"' "$WORK/third.out"; then
  pass "CREATE with columns adds no version to an existing subject, and does not write id 0"
else
  fail "CREATE with columns adds no version to an existing subject, and does not write id 0" \
    "rc=$rc; $(cat "$WORK/declared.out" "$WORK/third.out")"
fi

# The same settings from a --config file, as Confluent's clients name them.
printf 'schema.registry.url=%s\nbasic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=ann:%s\n' \
  "$URL" "$PASSWORD" >"$WORK/client.properties"
timeout 60 "$RIFFLE" --catalog "$WORK/conf.db" --config "$WORK/client.properties" -o json -e "
CREATE STREAM o4 WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO'); DESCRIBE o4; SHOW PROPERTIES;" \
  >"$WORK/config.out" 2>&1
if grep -q '"Field":"ITEM","Type":"STRING"' "$WORK/config.out"; then
  pass "--config's schema.registry.url and basic.auth.user.info are used"
else
  fail "--config's schema.registry.url and basic.auth.user.info are used" "$(cat "$WORK/config.out")"
fi

# Failures: clear errors, exit status 1, no crash.
RIFFLE_SCHEMA_REGISTRY_PASSWORD=wrong-password timeout 60 "$RIFFLE" --catalog "$WORK/bad.db" \
  --schema-registry "$URL" --schema-registry-user ann \
  -e "CREATE STREAM o5 WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO');" >"$WORK/401.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "refused the credentials (401 Unauthorized): check the user and password" "$WORK/401.out"; then
  pass "a wrong password is a clear error"
else
  fail "a wrong password is a clear error" "rc=$rc; $(cat "$WORK/401.out")"
fi
timeout 60 "$RIFFLE" --catalog "$WORK/bad.db" --schema-registry "http://127.0.0.1:1" \
  -e "CREATE STREAM o6 WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='AVRO');" >"$WORK/down.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "the Schema Registry at http://127.0.0.1:1 is unreachable" "$WORK/down.out"; then
  pass "an unreachable registry is a clear error"
else
  fail "an unreachable registry is a clear error" "rc=$rc; $(cat "$WORK/down.out")"
fi
riffle_sr bad -e "CREATE STREAM o7 WITH (KAFKA_TOPIC='nosuch', VALUE_FORMAT='AVRO');" \
  >"$WORK/404.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "Schema for message values on topic 'nosuch' does not exist in the Schema Registry" "$WORK/404.out"; then
  pass "a subject the registry lacks is a clear error"
else
  fail "a subject the registry lacks is a clear error" "rc=$rc; $(cat "$WORK/404.out")"
fi
"$RIFFLE" --schema-registry-user ann -e "SHOW STREAMS;" >"$WORK/usage.out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'RIFFLE_SCHEMA_REGISTRY_PASSWORD' "$WORK/usage.out"; then
  pass "--schema-registry-user without a password is a usage error"
else
  fail "--schema-registry-user without a password is a usage error" "rc=$rc; $(cat "$WORK/usage.out")"
fi

# The password appears in no output, and in no file riffle wrote.
if grep -rl -- "$PASSWORD" "$WORK"/*.out "$WORK"/*.err "$WORK"/*.db "$HOME" 2>/dev/null; then
  fail "the password is never printed or stored" "$(grep -rl -- "$PASSWORD" "$WORK" 2>/dev/null)"
else
  pass "the password is never printed or stored"
fi
finish
