#!/usr/bin/env bash
# Runs one lesson of examples/lessons/ as a student would, and checks its results against the
# lesson's expected output (examples/lessons/expected/NAME.csv, the rows of every result in
# CSV), so a lesson cannot rot:
#   1. `riffle -f LESSON` on a fresh catalog: it succeeds, with no error, and shows the rows;
#   2. again on the same catalog (a lesson must be re-runnable): the same rows;
#   3. step by step, `.step LESSON` then `.step` until its end, on piped stdin: the same rows,
#      each step's comment shown, and the lesson's end reported;
#   4. a job of the catalog that the lesson did not make is still running after all that (a
#      lesson cleans up only what it made).
# Results go out as CSV (-o csv) since table widths of push queries depend on timing; notices,
# warnings and errors go to stderr then. CSV's CRLF line ends are compared as LF.
#
# Usage: tests/lessons/run_lesson.sh path/to/riffle examples/lessons/NAME.sql
# With RIFFLE_UPDATE_LESSONS=1, writes the expected file from run 1 instead of checking it.
set -u

RIFFLE=${1:?usage: run_lesson.sh path/to/riffle LESSON.sql}
LESSON=${2:?usage: run_lesson.sh path/to/riffle LESSON.sql}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
LESSON=$(cd "$(dirname "$LESSON")" && pwd)/$(basename "$LESSON")
NAME=$(basename "$LESSON" .sql)
EXPECTED="$(dirname "$LESSON")/expected/$NAME.csv"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-lesson.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
cd "$WORK" || exit 1

# check_run LABEL N: run N's exit status, stderr and rows.
check_run() {
  local label=$1 n=$2
  if [ "$(cat "rc.$n")" != 0 ]; then
    fail "$label: exits 0" "exit $(cat "rc.$n"); stderr:
$(cat "err.$n")"
  elif grep -q '^ERROR' "err.$n"; then
    fail "$label: no error" "$(grep -A3 '^ERROR' "err.$n")"
  else
    pass "$label: succeeds"
  fi
  tr -d '\r' <"out.$n" >"rows.$n"
  if diff -u "$EXPECTED" "rows.$n" >"diff.$n"; then
    pass "$label: shows the expected rows"
  else
    fail "$label: shows the expected rows ($EXPECTED)" "$(head -60 "diff.$n")"
  fi
}

# Someone else's job on the lessons' catalog, there before the lesson runs.
"$RIFFLE" --catalog "$WORK/lessons.db" -e "CREATE STREAM bystander (k STRING KEY, v INT)
  WITH (KAFKA_TOPIC='bystander', VALUE_FORMAT='JSON', PARTITIONS=1);
  CREATE STREAM bystander_copy AS SELECT * FROM bystander;" >/dev/null 2>err.0 ||
  fail "$NAME: a bystander job is created" "$(cat err.0)"

timeout 120 "$RIFFLE" --catalog "$WORK/lessons.db" -o csv -f "$LESSON" >out.1 2>err.1
echo $? >rc.1
if [ "${RIFFLE_UPDATE_LESSONS:-}" = 1 ]; then
  mkdir -p "$(dirname "$EXPECTED")"
  tr -d '\r' <out.1 >"$EXPECTED"
  echo "wrote $EXPECTED"
elif [ ! -f "$EXPECTED" ]; then
  fail "$NAME has an expected output" "no $EXPECTED (RIFFLE_UPDATE_LESSONS=1 writes it)"
  finish
fi
check_run "$NAME with -f" 1

timeout 120 "$RIFFLE" --catalog "$WORK/lessons.db" -o csv -f "$LESSON" >out.2 2>err.2
echo $? >rc.2
check_run "$NAME with -f again, on the same catalog" 2

# How many steps: .step's own count, then that many .step lines.
steps=$(printf '.step %s\n.step stop\n' "$LESSON" |
  "$RIFFLE" --catalog "$WORK/lessons.db" 2>&1 | sed -n 's/^Lesson .*: \([0-9]*\) steps\..*/\1/p')
if [ -z "$steps" ] || [ "$steps" -lt 5 ]; then
  fail "$NAME: .step counts its steps" "got '${steps}'"
  finish
fi
{
  printf '.step %s\n' "$LESSON"
  for ((i = 0; i < steps; i++)); do echo ".step"; done
} | timeout 120 "$RIFFLE" --catalog "$WORK/lessons.db" -o csv >out.3 2>err.3
echo $? >rc.3
check_run "$NAME step by step (.step, $steps steps)" 3
first_comment=$(grep -m1 '^--' "$LESSON")
if grep -qF -- "$first_comment" err.3 && grep -q "^-- end of lesson $LESSON ($steps steps)" err.3 &&
  grep -q "^-- step 2 of $steps done" err.3; then
  pass "$NAME step by step: shows the comments, where it is and the end"
else
  fail "$NAME step by step: shows the comments, where it is and the end" "$(head -40 err.3)"
fi
"$RIFFLE" --catalog "$WORK/lessons.db" -o csv -e "SHOW QUERIES;" >queries 2>&1
if grep -q '^CSAS_BYSTANDER_COPY_1,CSAS,RUNNING,' queries; then
  pass "$NAME leaves a job it did not make running"
else
  fail "$NAME leaves a job it did not make running" "$(cat queries)"
fi
finish
