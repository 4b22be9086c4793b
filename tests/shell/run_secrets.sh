#!/usr/bin/env bash
# Secrets and unsafe Kafka properties, end to end through the real binary (issue 15, points 2, 3
# and 10). Canary secret values go in through every route (SET, --config, a `riffle run` file,
# CREATE ... WITH, a mistyped SET, an interactive session) and through every output that shows
# statements or properties (SET's notice, SHOW PROPERTIES, EXPLAIN, DESCRIBE, SHOW QUERIES,
# errors, `riffle run`'s stderr); then every output and every file riffle wrote is searched for
# them. Also: core dumps are off once a secret is held (a real SIGSEGV, when the machine writes
# core files at all), properties that load code are refused on every route unless
# --allow-unsafe-kafka-config, and an old ~/.riffle is tightened.
#
# The catalog stores a job's query text, so a literal a query compares a secret-named column to
# (CANARY_QUERY) may be in it: that text is the job's definition, needed to restart it. No
# property value of any kind is stored for SET or --config.
#
# Usage: tests/shell/run_secrets.sh path/to/riffle   (KEEP_WORK=1 keeps its files to look at)
set -u

RIFFLE=${1:?usage: run_secrets.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-secrets.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset RIFFLE_BOOTSTRAP_SERVERS
INPUTS="$WORK/inputs"  # files holding canaries on purpose: not searched
OUTPUTS="$WORK/outputs"
mkdir -p "$INPUTS" "$OUTPUTS"
RUN_TIMEOUT=60
RUN_PID=""
TMUX_SOCKET="riffle-secrets-$$-$RANDOM"
passed=0
failed=0

cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -KILL "$RUN_PID" 2>/dev/null
    wait "$RUN_PID" 2>/dev/null
  fi
  tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL - $1"
  if [ $# -gt 1 ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
  failed=$((failed + 1))
}
contains() {  # contains NAME FILE NEEDLE
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "expected '$3' in $2:
$(cat "$2")"; fi
}

# The canaries: each a distinct word, so a find names its route.
CANARY_SET_PEM=CanarySetPem41
CANARY_SET_OAUTH=CanarySetOauth42
CANARY_SET_USER=CanarySetUser43
CANARY_KSQL=CanaryKsqlJaas44
CANARY_BARE=CanaryBareName45
CANARY_TYPO=CanaryTypoSet46
CANARY_WITH=CanaryCreateWith47
CANARY_CSAS=CanaryCsasWith48
CANARY_CONFIG=CanaryConfigFile49
CANARY_CONFIG_PEM=CanaryConfigPem50
CANARY_RUN=CanaryRunFile51
CANARY_TTY=CanaryInteractive52
CANARY_QUERY=CanaryQueryLiteral53
ALL_CANARIES="$CANARY_SET_PEM $CANARY_SET_OAUTH $CANARY_SET_USER $CANARY_KSQL $CANARY_BARE
  $CANARY_TYPO $CANARY_WITH $CANARY_CSAS $CANARY_CONFIG $CANARY_CONFIG_PEM $CANARY_RUN $CANARY_TTY
  $CANARY_QUERY"

# run NAME EXPECTED_STATUS OUTPUT_PREFIX COMMAND...: stdout and stderr into $OUTPUTS.
run() {
  local name=$1 expected=$2 prefix=$3
  shift 3
  timeout "$RUN_TIMEOUT" "$@" >"$OUTPUTS/$prefix.out" 2>"$OUTPUTS/$prefix.err" </dev/null
  local status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$name (exit $status, expected $expected)" "stdout: $(cat "$OUTPUTS/$prefix.out")
stderr: $(cat "$OUTPUTS/$prefix.err")"
    return 1
  fi
  pass "$name"
}

cat >"$INPUTS/client.properties" <<EOF
# A shared client configuration holding secrets.
sasl.password=$CANARY_CONFIG
ssl.key.pem=-----BEGIN PRIVATE KEY-----$CANARY_CONFIG_PEM-----END PRIVATE KEY-----
client.id=riffle-secrets-test
EOF

# ---------------------------------------------------------------------------------------------
echo "# secrets through SET, --config, WITH and errors (-f)"
cat >"$INPUTS/session.sql" <<EOF
SET 'auto.offset.reset'='earliest';
SET 'kafka.ssl.key.pem'='-----BEGIN PRIVATE KEY-----$CANARY_SET_PEM-----END PRIVATE KEY-----';
SET 'kafka.sasl.oauthbearer.config'='principal=$CANARY_SET_OAUTH';
SET 'kafka.sasl.username'='$CANARY_SET_USER';
SET 'ksql.streams.producer.sasl.jaas.config'='$CANARY_KSQL';
SET 'sasl.password'='$CANARY_BARE';
SET 'kafka.sasl.password' '$CANARY_TYPO';
SHOW PROPERTIES;
CREATE STREAM s1 (id INT KEY, v STRING)
  WITH (KAFKA_TOPIC='s1', VALUE_FORMAT='JSON', PARTITIONS=1, "sasl.password"='$CANARY_WITH');
CREATE STREAM users (id INT KEY, password STRING)
  WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON', PARTITIONS=1);
INSERT INTO users VALUES (1, 'x');
CREATE STREAM leak WITH ('ssl.key.password'='$CANARY_CSAS') AS SELECT * FROM users;
CREATE STREAM checked AS SELECT * FROM users WHERE password = '$CANARY_QUERY';
EXPLAIN CSAS_CHECKED_1;
SHOW QUERIES;
SHOW QUERIES EXTENDED;
DESCRIBE checked EXTENDED;
DESCRIBE users EXTENDED;
EOF
# -f goes on after a failed statement and exits 1.
run "-f with --config runs every statement" 1 session \
  "$RIFFLE" --catalog "$WORK/session.db" --config "$INPUTS/client.properties" \
  -f "$INPUTS/session.sql"
# (-f prints no notices: SET's is checked through riffle run and the prompt below.)
if grep -qE '^\| kafka\.ssl\.key\.pem +\| SESSION +\| +\| \*{8} +\|$' "$OUTPUTS/session.out" &&
  grep -qE '^\| kafka\.sasl\.oauthbearer\.config +\| SESSION +\| +\| \*{8} +\|$' "$OUTPUTS/session.out"; then
  pass "SHOW PROPERTIES masks ssl.key.pem and sasl.oauthbearer.config"
else
  fail "SHOW PROPERTIES masks ssl.key.pem and sasl.oauthbearer.config" "$(cat "$OUTPUTS/session.out")"
fi
contains "an unprefixed secret name is an error with a suggestion" "$OUTPUTS/session.err" \
  "did you mean 'kafka.sasl.password'?"
contains "the error's statement line is masked" "$OUTPUTS/session.err" \
  "SET 'sasl.password'='********'"
contains "a WITH secret is refused as an unknown property" "$OUTPUTS/session.err" \
  "Invalid WITH property: SASL.PASSWORD"
if grep -qF "password = '********'" "$OUTPUTS/session.out" "$OUTPUTS/session.err"; then
  pass "EXPLAIN, SHOW QUERIES and DESCRIBE show the query masked"
else
  fail "EXPLAIN, SHOW QUERIES and DESCRIBE show the query masked" "$(cat "$OUTPUTS/session.out" "$OUTPUTS/session.err")"
fi

# ---------------------------------------------------------------------------------------------
echo "# secrets through riffle run"
cat >"$INPUTS/job.sql" <<EOF
SET 'kafka.sasl.password'='$CANARY_RUN';
SET 'auto.offset.reset'='earliest';
CREATE STREAM src (id INT KEY, v STRING) WITH (KAFKA_TOPIC='src', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM copy AS SELECT * FROM src;
EXPLAIN CSAS_COPY_1;
EOF
"$RIFFLE" run "$INPUTS/job.sql" --catalog "$WORK/run.db" --config "$INPUTS/client.properties" \
  >"$OUTPUTS/run.out" 2>"$OUTPUTS/run.err" &
RUN_PID=$!
deadline=$((SECONDS + 30))
until grep -q "done; background jobs keep running" "$OUTPUTS/run.err" 2>/dev/null; do
  if [ $SECONDS -ge $deadline ] || ! kill -0 "$RUN_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
contains "riffle run runs its file" "$OUTPUTS/run.err" "done; background jobs keep running"
contains "riffle run's SET notice is masked" "$OUTPUTS/run.err" \
  "'kafka.sasl.password' to '********'"
# While it holds secrets, no core file can be written.
limits=$(grep "Max core file size" "/proc/$RUN_PID/limits" 2>/dev/null)
if [[ "$limits" =~ Max\ core\ file\ size\ +0\ +0 ]]; then
  pass "a riffle holding secrets has core dumps off"
else
  fail "a riffle holding secrets has core dumps off" "$limits"
fi
kill -TERM "$RUN_PID" 2>/dev/null
wait "$RUN_PID" 2>/dev/null
RUN_PID=""

# A real crash: with core files on (core_pattern 'core' writes one into the working directory), a
# riffle that holds no secret leaves a core holding a canary it was given; one holding a secret
# leaves none.
crash() {  # crash DIR SQL: riffle run SQL in DIR, SIGSEGV once it is up; prints nothing
  mkdir -p "$1"
  printf '%s\n' "$2" >"$1/crash.sql"
  (
    cd "$1" || exit 1
    ulimit -c unlimited 2>/dev/null
    exec "$RIFFLE" run crash.sql --catalog "$1/c.db" >"$1/out" 2>"$1/err"
  ) &
  local pid=$! deadline=$((SECONDS + 30))
  until grep -q "done; background" "$1/err" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill -SEGV "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
core_files() { find "$1" -maxdepth 1 -name 'core*' -type f; }
if [ "$(cat /proc/sys/kernel/core_pattern 2>/dev/null)" = "core" ] &&
  (ulimit -c unlimited 2>/dev/null); then
  crash "$WORK/crash-plain" "SET 'kafka.client.id'='CanaryNotSecret60';"
  plain_core=$(core_files "$WORK/crash-plain" | head -1)
  if [ -n "$plain_core" ] && grep -qaF CanaryNotSecret60 "$plain_core"; then
    pass "control: a core file holds what riffle was given"
    crash "$WORK/crash-secret" "SET 'kafka.sasl.password'='CanaryCrash61';"
    if [ -z "$(core_files "$WORK/crash-secret")" ]; then
      pass "a riffle holding a secret leaves no core file when it crashes"
    else
      fail "a riffle holding a secret leaves no core file when it crashes" \
        "$(core_files "$WORK/crash-secret")"
    fi
  else
    echo "skip - this machine wrote no core file for the control crash"
  fi
  rm -rf "$WORK/crash-plain" "$WORK/crash-secret"
else
  echo "skip - core files are not written to the working directory here (core_pattern)"
fi

# ---------------------------------------------------------------------------------------------
echo "# an interactive session and its history"
# An old ~/.riffle (0755) and history (0644) are tightened at start.
mkdir -p "$HOME/.riffle"
chmod 755 "$HOME/.riffle"
printf 'SHOW STREAMS;\n' >"$HOME/.riffle/history"
chmod 644 "$HOME/.riffle/history"
if command -v tmux >/dev/null 2>&1; then
  tmx() { tmux -L "$TMUX_SOCKET" "$@"; }
  pane() { tmx capture-pane -p -J -S - -E - -t main 2>/dev/null; }
  wait_for() {
    local deadline=$((SECONDS + ${2:-30}))
    until pane | grep -qE -- "$1"; do
      [ $SECONDS -lt $deadline ] || return 1
      sleep 0.1
    done
  }
  type_line() {  # a trailing ';' is sent as a key code: tmux reads ';' as a command separator
    local text=${1%;}
    tmx send-keys -t main -l -- "$text"
    [ "$text" = "$1" ] || tmx send-keys -t main -H 3b
    tmx send-keys -t main Enter
  }
  tmx -f /dev/null new-session -d -s main -x 200 -y 50 \
    "cd '$WORK' && HOME='$HOME' '$RIFFLE' --catalog '$WORK/tty.db'; echo RIFFLE-EXITED; sleep 600" \
    2>/dev/null
  # The pane shows what is typed, secrets included (a terminal echoes its input), so it is only
  # checked for riffle's masked notice; the history file is searched below with everything else.
  wait_for '^riffle>' 60
  type_line "SET 'kafka.sasl.password'='$CANARY_TTY';"
  type_line "SET 'kafka.ssl.key.pem'"
  type_line "  = '$CANARY_TTY';"
  type_line "SHOW PROPERTIES;"
  type_line "exit"
  if wait_for RIFFLE-EXITED 60; then
    pass "the interactive session ends"
  else
    fail "the interactive session ends" "$(pane)"
  fi
  if pane | grep -qF "'kafka.sasl.password' to '********'"; then
    pass "the interactive SET's notice is masked"
  else
    fail "the interactive SET's notice is masked" "$(pane)"
  fi
  if pane | grep -qE '^\| kafka.ssl.key.pem +\| SESSION +\| +\| \*\*\*\*\*\*\*\* +\|'; then
    pass "SHOW PROPERTIES at the prompt masks the secret"
  else
    fail "SHOW PROPERTIES at the prompt masks the secret" "$(pane)"
  fi
  # The history was written (so searching it below means something), without the SETs.
  if grep -qxF "SHOW PROPERTIES;" "$HOME/.riffle/history"; then
    pass "the session's history is written"
  else
    fail "the session's history is written" "$(cat "$HOME/.riffle/history")"
  fi
else
  echo "skip - tmux is not installed: no interactive session"
  "$RIFFLE" --catalog "$WORK/tty.db" -e "SHOW STREAMS;" >/dev/null 2>&1
fi
mode=$(stat -c %a "$HOME/.riffle")
[ "$mode" = 700 ] && pass "an old ~/.riffle (0755) is tightened to 0700" ||
  fail "an old ~/.riffle (0755) is tightened to 0700" "mode $mode"
mode=$(stat -c %a "$HOME/.riffle/history")
[ "$mode" = 600 ] && pass "an old history (0644) is tightened to 0600" ||
  fail "an old history (0644) is tightened to 0600" "mode $mode"

# ---------------------------------------------------------------------------------------------
echo "# no canary anywhere"
# Every output, and every file riffle wrote: catalogs (and their -wal), broker logs, history.
for canary in $ALL_CANARIES; do
  found=$(grep -rlaF -- "$canary" "$OUTPUTS" "$HOME" "$WORK"/*.db* "$WORK"/*.kafka 2>/dev/null)
  if [ "$canary" = "$CANARY_QUERY" ]; then
    # The job's definition (its query text) is in its catalog; in no output.
    found=$(printf '%s\n' "$found" | grep -vE '/session\.db(-wal)?$' | grep -v '^$')
  fi
  if [ -z "$found" ]; then
    pass "$canary appears in no output or file"
  else
    fail "$canary appears in no output or file" "$(printf '%s\n' "$found" |
      while read -r f; do echo "$f:"; grep -aF -- "$canary" "$f" | head -3 | cut -c1-200; done)"
  fi
done

# ---------------------------------------------------------------------------------------------
echo "# properties that load code or run commands"
printf 'ssl.providers=/tmp/evil.so\n' >"$INPUTS/unsafe.properties"
run "--config with ssl.providers is refused" 1 unsafe_config \
  "$RIFFLE" --catalog "$WORK/u.db" --config "$INPUTS/unsafe.properties" -e "SHOW STREAMS;"
contains "--config names the property and the flag" "$OUTPUTS/unsafe_config.err" \
  "unsafe.properties:1: Kafka property 'ssl.providers' makes librdkafka load code"
printf 'ssl.providers=default\n' >"$INPUTS/providers.properties"
run "--allow-unsafe-kafka-config lets --config set ssl.providers" 0 unsafe_allowed \
  "$RIFFLE" --catalog "$WORK/u.db" --config "$INPUTS/providers.properties" \
  --allow-unsafe-kafka-config -e "SHOW STREAMS;"
run "-e SET of plugin.library.paths is refused" 1 unsafe_set \
  "$RIFFLE" --catalog "$WORK/u.db" -e "SET 'kafka.plugin.library.paths'='/tmp/evil.so';"
contains "the refusal names the flag" "$OUTPUTS/unsafe_set.err" "--allow-unsafe-kafka-config"
run "-e SET of ssl.providers is accepted with the flag" 0 unsafe_set_allowed \
  "$RIFFLE" --catalog "$WORK/u.db" --allow-unsafe-kafka-config \
  -e "SET 'kafka.ssl.providers'='default';"
printf "SET 'kafka.ssl.engine.location'='/tmp/evil.so';\n" >"$INPUTS/unsafe.sql"
run "riffle run with SET of ssl.engine.location fails" 1 unsafe_run \
  "$RIFFLE" run "$INPUTS/unsafe.sql" --catalog "$WORK/u.db"
contains "riffle run says why" "$OUTPUTS/unsafe_run.err" \
  "Kafka property 'ssl.engine.location' makes librdkafka load code"
printf 'ssl.ca.location=/etc/ssl/certs\n' >"$INPUTS/outside.properties"
run "--config naming a file outside the allowed directories is refused" 1 outside \
  "$RIFFLE" --catalog "$WORK/u.db" --config "$INPUTS/outside.properties" -e "SHOW STREAMS;"
run "... and accepted with --allow-path" 0 outside_allowed \
  "$RIFFLE" --catalog "$WORK/u.db" --config "$INPUTS/outside.properties" \
  --allow-path /etc/ssl -e "SHOW STREAMS;"
run "a CREATE ... AS SELECT WITH a librdkafka property is refused" 1 unsafe_with \
  "$RIFFLE" --catalog "$WORK/u.db" -e "CREATE STREAM x WITH (\"ssl.providers\"='/tmp/evil.so') AS SELECT * FROM nowhere;"
contains "... as an invalid WITH property" "$OUTPUTS/unsafe_with.err" \
  "Invalid WITH property: SSL.PROVIDERS"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
