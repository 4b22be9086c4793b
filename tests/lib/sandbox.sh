# Sourced (after checks.sh) by the shell-script tests that run several riffle processes on one
# catalog in a private directory. `sandbox_init NAME PATH/TO/RIFFLE` sets:
#   RIFFLE   the binary, as an absolute path
#   WORK     a fresh directory removed at exit; HOME is $WORK/home (so ~/.riffle is private)
#   CATALOG  $WORK/c.db
#   PIDS     background processes killed, with their children, at exit: PIDS+=($!)
# and unsets RIFFLE_BOOTSTRAP_SERVERS, so riffle uses the catalog's local broker. Then:
#   sql NAME STATEMENTS   a short-lived riffle on the catalog; output in $OUT; fail NAME if it fails
#   wait_for FILE REGEX   until FILE has a line matching REGEX (30 s at most); 1 if it never does

sandbox_init() {
  RIFFLE=${2:?usage: $1 path/to/riffle}
  RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-$1.XXXXXX")
  export HOME="$WORK/home"
  mkdir -p "$HOME"
  unset RIFFLE_BOOTSTRAP_SERVERS
  CATALOG="$WORK/c.db"
  PIDS=()
  trap sandbox_cleanup EXIT
  trap 'exit 130' INT TERM
}

sandbox_cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL $(pgrep -P "$pid") "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}

sql() {
  OUT=$(timeout 60 "$RIFFLE" --catalog "$CATALOG" -e "$2" 2>&1)
  [ $? -eq 0 ] || fail "$1" "$OUT"
}

wait_for() {
  for _ in $(seq 300); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
