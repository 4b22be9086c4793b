# Sourced by the shell-script tests (tests/*/run_*.sh): one line per check, then a summary.
#   pass NAME            records a check that held
#   fail NAME [DETAILS]  records one that did not, DETAILS indented under it
#   finish               prints "N passed, M failed" and exits, 0 when nothing failed
passed=0
failed=0

pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL - $1"
  if [ $# -gt 1 ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
  failed=$((failed + 1))
}
finish() {
  echo
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
# stop_pid PID: TERM, then KILL after 5 s; nothing when PID is empty or already gone.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
# try_broker SECONDS [ARGS...]: starts `$RIFFLE broker` with any extra ARGS, logging to
# $WORK/broker.log and writing its address to $WORK/broker.address, bounded by `timeout SECONDS`
# (0: unbounded, so that BROKER_PID is the broker itself, for kill -9). Waits up to 30 s for the
# address; then BROKER_PID and BROKER (host:port) are set. Returns 1 when no address came.
try_broker() {
  local seconds=$1
  shift
  rm -f "$WORK/broker.address"
  if [ "$seconds" -gt 0 ]; then
    timeout "$seconds" "$RIFFLE" broker --address-file "$WORK/broker.address" "$@" \
      >>"$WORK/broker.log" 2>&1 &
  else
    "$RIFFLE" broker --address-file "$WORK/broker.address" "$@" >>"$WORK/broker.log" 2>&1 &
  fi
  BROKER_PID=$!
  local deadline=$((SECONDS + 30))
  while [ ! -s "$WORK/broker.address" ] && [ $SECONDS -lt $deadline ] &&
    kill -0 "$BROKER_PID" 2>/dev/null; do
    sleep 0.05
  done
  [ -s "$WORK/broker.address" ] || return 1
  BROKER=$(cat "$WORK/broker.address")
}
# launch_broker SECONDS [ARGS...]: try_broker, and when no address came fails and finishes.
launch_broker() {
  if ! try_broker "$@"; then
    fail "riffle broker starts" "$(cat "$WORK/broker.log")"
    finish
  fi
}
