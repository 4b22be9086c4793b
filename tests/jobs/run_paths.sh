#!/usr/bin/env bash
# Paths are resolved when a file is opened, not only when the statement is checked: a dangling
# symbolic link in the data directory cannot make a file sink create a file elsewhere, a link
# that appears later cannot make a FOLLOW reader read outside, and FIFOs are refused instead of
# blocking, so `riffle run` always stops on SIGTERM within a few seconds.
#
# Usage: tests/jobs/run_paths.sh path/to/riffle
set -u

RIFFLE=${1:?usage: run_paths.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-paths.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
DATA="$WORK/data"
OUT="$WORK/outside"
mkdir -p "$DATA" "$OUT"
RUN_PID=""
passed=0
failed=0

cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -KILL "$RUN_PID" 2>/dev/null
    wait "$RUN_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL - $1"
  if [ $# -gt 1 ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
  failed=$((failed + 1))
}
check() {  # check NAME FILE REGEX: FILE has a line matching REGEX
  if grep -qE "$3" "$2"; then pass "$1"; else fail "$1" "$(cat "$2")"; fi
}
finish() {
  echo
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# The traps: a dangling link to where an attacker wants a file, a link to a secret, FIFOs.
echo '{"A": 1}' >"$DATA/in.json"
echo '{"A": 42}' >"$OUT/secret.json"
ln -s "$OUT/authorized_keys" "$DATA/out.json"
ln -s "$OUT/secret.json" "$DATA/secret.json"
mkfifo "$DATA/pipe.json" "$DATA/pipe.sql"

cat >"$WORK/errors.sql" <<'SQL'
CREATE STREAM src (a INT) WITH (CONNECTOR='file', PATH='in.json', FORMAT='JSON');
CREATE STREAM dst WITH (CONNECTOR='file', PATH='out.json', FORMAT='JSON') AS SELECT a FROM src;
CREATE STREAM leak (a INT) WITH (CONNECTOR='file', PATH='secret.json', FORMAT='JSON');
CREATE STREAM piped (a INT) WITH (CONNECTOR='file', PATH='pipe.json', FORMAT='JSON');
CREATE STREAM to_pipe WITH (CONNECTOR='file', PATH='pipe.json', FORMAT='JSON') AS SELECT a FROM src;
RUN SCRIPT 'pipe.sql';
SQL
start=$SECONDS
(cd "$DATA" && timeout -k 5 30 "$RIFFLE" --catalog "$WORK/c1.db" --data-dir "$DATA" \
  -f "$WORK/errors.sql" </dev/null >"$WORK/errors.log" 2>&1)
rc=$?
if [ $rc -eq 124 ]; then
  fail "statements naming FIFOs return instead of blocking" "$(cat "$WORK/errors.log")"
else
  pass "statements naming FIFOs return instead of blocking ($((SECONDS - start)) s)"
fi
check "a file sink does not write through a dangling link" "$WORK/errors.log" \
  "cannot write file '.*/out.json': it is a symbolic link"
if [ -e "$OUT/authorized_keys" ]; then
  fail "the dangling link's target is not created" "$(ls -l "$OUT")"
else
  pass "the dangling link's target is not created"
fi
check "a link out of the data directory is not read" "$WORK/errors.log" \
  "PATH 'secret.json' is outside the data directory .*symbolic link"
check "a FIFO is refused as a source" "$WORK/errors.log" \
  "cannot read file '.*/pipe.json': it is a FIFO \(named pipe\), not a regular file"
check "a FIFO is refused as a sink" "$WORK/errors.log" \
  "cannot write file '.*/pipe.json': it is a FIFO"
check "RUN SCRIPT refuses a FIFO" "$WORK/errors.log" \
  "cannot read script 'pipe.sql': it is a FIFO"

# riffle run with followed files that do not exist yet: one becomes a FIFO, the other a link to
# the secret. Their jobs fail, saying why, nothing is read from outside, and SIGTERM still stops
# riffle run at once.
cat >"$WORK/follow.sql" <<'SQL'
CREATE STREAM later (a INT) WITH (CONNECTOR='file', PATH='later.json', FORMAT='JSON', FOLLOW=true);
CREATE STREAM later_copy WITH (CONNECTOR='file', PATH='later_copy.json', FORMAT='JSON') AS
  SELECT a FROM later;
CREATE STREAM sneaky (a INT) WITH (CONNECTOR='file', PATH='sneaky.json', FORMAT='JSON', FOLLOW=true);
CREATE STREAM sneaky_copy WITH (CONNECTOR='file', PATH='sneaky_copy.json', FORMAT='JSON') AS
  SELECT a FROM sneaky;
SQL
(cd "$DATA" && exec "$RIFFLE" run "$WORK/follow.sql" --catalog "$WORK/c2.db" --data-dir "$DATA" \
  >"$WORK/run.out" 2>"$WORK/run.log") &
RUN_PID=$!
deadline=$((SECONDS + 30))
until grep -q "done; background jobs keep running" "$WORK/run.log" 2>/dev/null; do
  if [ $SECONDS -ge $deadline ] || ! kill -0 "$RUN_PID" 2>/dev/null; then
    fail "riffle run starts the followers" "$(cat "$WORK/run.log")"
    finish
  fi
  sleep 0.1
done
mkfifo "$DATA/later.json"
ln -s "$OUT/secret.json" "$DATA/sneaky.json"
# A follower looks for its file every 20 ms; give the jobs a moment, then ask the owner.
deadline=$((SECONDS + 20))
while [ $SECONDS -lt $deadline ]; do
  "$RIFFLE" --catalog "$WORK/c2.db" --data-dir "$DATA" -e 'SHOW JOBS;' --output csv \
    </dev/null >"$WORK/jobs.log" 2>&1
  [ "$(grep -c FAILED "$WORK/jobs.log")" -ge 2 ] && break
  sleep 0.5
done
check "a followed path that becomes a FIFO fails its job, saying why" "$WORK/jobs.log" \
  "CSAS_LATER_COPY_[0-9]+.*FAILED.*later.json'?: it is a FIFO"
check "a followed path that becomes a link out fails its job, saying why" "$WORK/jobs.log" \
  "CSAS_SNEAKY_COPY_[0-9]+.*FAILED.*sneaky.json'?: it leads outside the data directory"
if grep -q 42 "$DATA/sneaky_copy.json" 2>/dev/null; then
  fail "nothing is read through the link" "$(cat "$DATA/sneaky_copy.json")"
else
  pass "nothing is read through the link"
fi
start=$SECONDS
kill -TERM "$RUN_PID"
for _ in $(seq 50); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$RUN_PID" 2>/dev/null; then
  fail "SIGTERM stops riffle run within 5 s" "$(cat "$WORK/run.log")"
else
  wait "$RUN_PID"
  rc=$?
  RUN_PID=""
  if [ $rc -eq 0 ]; then
    pass "SIGTERM stops riffle run within 5 s ($((SECONDS - start)) s, status 0)"
  else
    fail "SIGTERM stops riffle run within 5 s (status $rc)" "$(cat "$WORK/run.log")"
  fi
fi

# A stop that cannot finish (here: stdout is a pipe nobody reads, so the thread printing a push
# query's rows is stuck in write(2)) still ends riffle run: at once on a second signal, else
# 10 s after the first.
cat >"$WORK/flood.sql" <<'SQL'
CREATE STREAM o WITH (CONNECTOR='datagen', GENERATOR='orders', SEED=1);
SELECT * FROM o EMIT CHANGES;
SQL
stuck_run() {  # stuck_run CATALOG: riffle run printing into a full pipe; sets RUN_PID, READER
  mkfifo "$WORK/stdout.$1"
  sleep 120 <"$WORK/stdout.$1" &
  READER=$!
  "$RIFFLE" run "$WORK/flood.sql" --catalog "$WORK/$1.db" >"$WORK/stdout.$1" 2>"$WORK/$1.log" &
  RUN_PID=$!
  sleep 3  # the pipe fills in well under a second
}
wait_gone() {  # wait_gone SECONDS: true when RUN_PID has exited within SECONDS
  local deadline=$((SECONDS + $1))
  while kill -0 "$RUN_PID" 2>/dev/null; do
    [ $SECONDS -ge "$deadline" ] && return 1
    sleep 0.1
  done
  wait "$RUN_PID" 2>/dev/null
  RUN_PID=""
}
stuck_run c4
start=$SECONDS
kill -TERM "$RUN_PID"
sleep 0.5
kill -TERM "$RUN_PID"
if wait_gone 3; then
  pass "a second SIGTERM ends a stuck riffle run at once ($((SECONDS - start)) s)"
else
  fail "a second SIGTERM ends a stuck riffle run at once" "$(cat "$WORK/c4.log")"
fi
check "the second signal says so" "$WORK/c4.log" "second signal 15; exiting without a final checkpoint"
kill "$READER" 2>/dev/null
stuck_run c5
start=$SECONDS
kill -TERM "$RUN_PID"
if wait_gone 20; then
  pass "a stuck riffle run exits 10 s after SIGTERM ($((SECONDS - start)) s)"
else
  fail "a stuck riffle run exits 10 s after SIGTERM" "$(cat "$WORK/c5.log")"
fi
check "the forced exit says so" "$WORK/c5.log" "not stopped 10 s after the signal"
kill "$READER" 2>/dev/null

# riffle run whose file runs a script that is a FIFO: an error, not a hang.
printf "RUN SCRIPT '%s';\n" "$DATA/pipe.sql" >"$WORK/script.sql"
start=$SECONDS
timeout -k 5 30 "$RIFFLE" run "$WORK/script.sql" --catalog "$WORK/c3.db" --data-dir "$DATA" \
  >/dev/null 2>"$WORK/script.log"
rc=$?
if [ $rc -eq 1 ] && grep -q "it is a FIFO" "$WORK/script.log"; then
  pass "riffle run stops at RUN SCRIPT of a FIFO ($((SECONDS - start)) s, status 1)"
else
  fail "riffle run stops at RUN SCRIPT of a FIFO (status $rc)" "$(cat "$WORK/script.log")"
fi
finish
