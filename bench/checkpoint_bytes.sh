#!/usr/bin/env bash
# Bytes a job's checkpoints write while its state is large and few keys change: a GROUP BY over
# KEYS distinct keys is loaded from a followed JSON file, then TRICKLE records/s on 10 keys are
# appended for SECONDS seconds while the disk bytes written by the riffle process
# (/proc/PID/io write_bytes) and the catalog's size are sampled. Prints one summary line.
# QUERY=join runs a stream-stream join (WITHIN 1 DAY) of two streams over the same file instead,
# so both of its window stores hold every key.
#
# Usage: [QUERY=join] bench/checkpoint_bytes.sh path/to/riffle [keys] [seconds] [extra SET file]
set -u
RIFFLE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
KEYS=${2:-300000}
SECONDS_TRICKLE=${3:-20}
EXTRA=${4:-}
JOB=CTAS_T_1
[ "${QUERY:-}" = join ] && JOB=CSAS_T_1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-ckbytes.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
python3 - "$WORK/in.json" "$KEYS" <<'PY'
import json, sys
with open(sys.argv[1], 'w') as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({'k': 'key%d' % i, 'v': i, 'pad': 'x' * 40}) + '\n')
PY
{
  [ -n "$EXTRA" ] && cat "$EXTRA"
  echo "CREATE STREAM s (k VARCHAR, v BIGINT, pad VARCHAR) WITH (CONNECTOR='file', PATH='in.json', FORMAT='JSON', FOLLOW=true);"
  if [ "${QUERY:-}" = join ]; then
    echo "CREATE STREAM s2 (k VARCHAR, v BIGINT, pad VARCHAR) WITH (CONNECTOR='file', PATH='in.json', FORMAT='JSON', FOLLOW=true);"
    echo "CREATE STREAM t AS SELECT a.k, a.v, b.pad FROM s a JOIN s2 b WITHIN 1 DAY ON a.k = b.k;"
  else
    echo "CREATE TABLE t AS SELECT k, COUNT(*) AS c, SUM(v) AS sv, LATEST_BY_OFFSET(pad) AS p FROM s GROUP BY k;"
  fi
} >"$WORK/job.sql"
(cd "$WORK" && exec "$RIFFLE" run job.sql --catalog "$WORK/catalog.db") >"$WORK/run.log" 2>&1 &
PID=$!
until grep -q 'done;' "$WORK/run.log" 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { cat "$WORK/run.log"; exit 1; }
  sleep 0.1
done
# Loaded when the job's last checkpoint covers the whole input file.
deadline=$((SECONDS + 600))
want=$(stat -c %s "$WORK/in.json")
while [ $SECONDS -lt $deadline ]; do
  got=$(sqlite3 -cmd '.timeout 5000' "$WORK/catalog.db" \
        "SELECT min(o) FROM (SELECT max(kafka_offset) AS o FROM offsets WHERE job_id = '$JOB'
         GROUP BY topic);" 2>/dev/null)
  [ "$got" = "$want" ] && break
  sleep 1
done
sleep 2
state="state $(sqlite3 -cmd '.timeout 5000' "$WORK/catalog.db" \
  "SELECT coalesce(sum(length(key) + length(value)), 0) FROM state_entries;" 2>/dev/null) bytes in the catalog"
w0=$(awk '/^write_bytes/ {print $2}' /proc/$PID/io)
for ((s = 0; s < SECONDS_TRICKLE; s++)); do
  for ((j = 0; j < 10; j++)); do echo "{\"k\":\"key$j\",\"v\":$s,\"pad\":\"y\"}" >>"$WORK/in.json"; done
  sleep 1
done
w1=$(awk '/^write_bytes/ {print $2}' /proc/$PID/io)
size=$(du -b "$WORK"/catalog.db* | awk '{s += $1} END {print s}')
echo "keys=$KEYS $state trickle=${SECONDS_TRICKLE}s written=$(((w1 - w0) / 1024)) KiB" \
     "per_second=$(((w1 - w0) / 1024 / SECONDS_TRICKLE)) KiB catalog_files=$((size / 1024)) KiB"
