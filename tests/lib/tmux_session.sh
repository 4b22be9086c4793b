# Sourced by shell-script tests that drive riffle at its prompt in tmux. Expects RIFFLE and
# pass/fail (tests/lib/checks.sh); tmux_sandbox NAME sets up WORK, HOME, TMUX_BASE and
# TMUX_SOCKETS (a script with its own clean-up may set them itself). SESSION_WIDTH, SESSION_HEIGHT, SESSION_ENV and SESSION_ARGS shape the
# next start_session. Nothing waits a fixed time: checks poll the pane until the text shows up
# or a generous deadline passes.
TMUX_SOCKET=""

# tmux_sandbox NAME: a fresh WORK directory holding HOME (history and the default catalog stay
# inside), no cluster taken from the environment, and tmux servers named after NAME; on exit
# every server started and WORK are removed.
tmux_sandbox() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/riffle-$1.XXXXXX")
  export HOME="$WORK/home"
  mkdir -p "$HOME"
  unset RIFFLE_BOOTSTRAP_SERVERS
  TMUX_BASE="riffle-$1-$$-$RANDOM"
  TMUX_SOCKETS=()
  trap tmux_sandbox_cleanup EXIT
  trap 'exit 130' INT TERM
}
tmux_sandbox_cleanup() {
  local socket
  for socket in "${TMUX_SOCKETS[@]}"; do
    tmux -L "$socket" kill-server 2>/dev/null
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"  # tmux can leave the socket file behind
  done
  rm -rf "$WORK"
}

tmx() { tmux -L "$TMUX_SOCKET" "$@"; }
# The whole pane (scrollback too) with wrapped lines joined, trailing spaces and trailing
# blank lines dropped.
pane() {
  tmx capture-pane -p -J -S - -E - -t main 2>/dev/null | sed 's/ *$//' |
    awk '{ line[NR] = $0; if ($0 != "") last = NR } END { for (i = 1; i <= last; i++) print line[i] }'
}
# The screen as shown now (no scrollback: the alternate screen while a full-screen view runs),
# trailing spaces dropped.
screen() { tmx capture-pane -p -t main 2>/dev/null | sed 's/ *$//'; }
# screen_check NAME REGEX: passes NAME once a line of the screen matches (30 s at most), else
# fails it with the screen.
screen_check() {
  local deadline=$((SECONDS + 30))
  while :; do
    if screen | grep -qE -- "$2"; then
      pass "$1"
      return 0
    fi
    if [ $SECONDS -ge $deadline ]; then
      fail "$1" "$(screen)"
      return 1
    fi
    sleep 0.1
  done
}
# mark, then since_mark: what the pane shows from the line the cursor was on at mark time.
mark() { MARK=$(pane | wc -l); [ "$MARK" -gt 0 ] || MARK=1; }
since_mark() { pane | tail -n +"$MARK"; }
# wait_for REGEX [SECONDS]: polls until a line after the mark matches (extended regex).
wait_for() {
  local deadline=$((SECONDS + ${2:-30}))
  while :; do
    if since_mark | grep -qE -- "$1"; then return 0; fi
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}
# type_line TEXT: types TEXT and Enter. A trailing ';' is sent as a key code: tmux would read
# it as its own command separator.
type_text() {
  local text=$1 semis=""
  while [[ "$text" == *";" ]]; do text=${text%;}; semis+=";"; done
  [ -z "$text" ] || tmx send-keys -t main -l -- "$text"
  local i
  for ((i = 0; i < ${#semis}; i++)); do tmx send-keys -t main -H 3b; done
}
type_line() { type_text "$1"; tmx send-keys -t main Enter; }
# start_session: riffle at a prompt in a fresh tmux server; its exit status is shown after.
start_session() {
  [ -z "$TMUX_SOCKET" ] || tmx kill-server 2>/dev/null
  TMUX_SOCKET="$TMUX_BASE-${#TMUX_SOCKETS[@]}"
  TMUX_SOCKETS+=("$TMUX_SOCKET")
  MARK=1
  if ! tmx -f /dev/null new-session -d -s main -x "${SESSION_WIDTH:-160}" \
    -y "${SESSION_HEIGHT:-50}" \
    "cd '$WORK' && HOME='$HOME' ${SESSION_ENV:-} '$RIFFLE' --catalog '$WORK/interactive.db' \
${SESSION_ARGS:-}; \
echo RIFFLE-EXITED-\$?; sleep 600" 2>"$WORK/tmux.err"; then
    fail "tmux starts a session" "$(cat "$WORK/tmux.err")"
    return 1
  fi
}
check() {  # check NAME REGEX [SECONDS]
  if wait_for "$2" "${3:-30}"; then pass "$1"; else fail "$1" "$(since_mark)"; fi
}
