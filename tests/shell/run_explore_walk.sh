#!/usr/bin/env bash
# The exploration questions an engineer asks of topics they did not write, each one statement
# typed at riffle's prompt (in tmux, at 120 columns): what topics there are, what is in one,
# its shape, a filter, a count per key, a windowed count and a join (issue 16). The topics are
# written by another riffle process first, then their streams dropped: only the topics remain.
#
# Usage: tests/shell/run_explore_walk.sh path/to/riffle
set -u

RIFFLE=${1:?usage: run_explore_walk.sh path/to/riffle}
RIFFLE=$(cd "$(dirname "$RIFFLE")" && pwd)/$(basename "$RIFFLE")
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
# shellcheck source=../lib/tmux_session.sh
source "$(dirname "$0")/../lib/tmux_session.sh"
tmux_sandbox explore-walk

cat >"$WORK/setup.sql" <<'SQL'
CREATE STREAM b0 (id STRING KEY, auction INT, price DOUBLE, bidder STRING)
  WITH (kafka_topic='bids', value_format='JSON', partitions=2);
INSERT INTO b0 (id, auction, price, bidder) VALUES ('b1', 1, 5.0, 'ann');
INSERT INTO b0 (id, auction, price, bidder) VALUES ('b2', 1, 12.5, 'bob');
INSERT INTO b0 (id, auction, price, bidder) VALUES ('b3', 2, 20.0, 'ann');
INSERT INTO b0 (id, auction, price, bidder) VALUES ('b4', 2, 7.0, 'cid');
INSERT INTO b0 (id, auction, price, bidder) VALUES ('b5', 2, 31.0, 'bob');
CREATE STREAM a0 (id INT KEY, name STRING)
  WITH (kafka_topic='auctions', value_format='JSON', partitions=1);
INSERT INTO a0 (id, name) VALUES (1, 'lamp');
INSERT INTO a0 (id, name) VALUES (2, 'chair');
DROP STREAM b0;
DROP STREAM a0;
SQL
if ! timeout 60 "$RIFFLE" --catalog "$WORK/interactive.db" -f "$WORK/setup.sql" \
  >"$WORK/setup.out" 2>&1; then
  fail "the topics are written" "$(cat "$WORK/setup.out")"
  finish
fi

# ask NAME STATEMENT REGEX...: types the statement and checks that each REGEX shows up after
# it, and that the prompt comes back with no error.
ask() {
  local name=$1 statement=$2
  shift 2
  mark
  type_line "$statement"
  local regex
  for regex in "$@"; do
    if ! wait_for "$regex" 60; then
      fail "$name: shows /$regex/" "$(since_mark)"
      return
    fi
  done
  if ! wait_for '^riffle>$' 60; then
    fail "$name: the prompt comes back" "$(since_mark)"
  elif since_mark | grep -q '^ERROR'; then
    fail "$name: no error" "$(since_mark)"
  else
    pass "$name, in one statement"
  fi
}

SESSION_WIDTH=120 SESSION_HEIGHT=60
if start_session && wait_for '^riffle>$' 60; then
  ask "what topics there are" "SHOW TOPICS;" \
    '^\| auctions +\| +1 \|' '^\| bids +\| +2 \|'
  ask "what is in a topic" "DESCRIBE TOPIC bids;" \
    '^Records +: 5$' '^\| +0 \| +0 \| +2 \| +3 \|' '^\| +1 \| +0 \| +1 \| +2 \|'
  ask "its records, one line each" "PRINT 'bids' FROM BEGINNING LIMIT 2;" \
    '^Value format: JSON' '^rowtime: .*, key: b[0-9], value: \{"AUCTION":'
  ask "its shape, and a filter" "SELECT * FROM 'bids' WHERE PRICE > 10;" \
    "CREATE STREAM BIDS \(ROWKEY STRING KEY, AUCTION BIGINT, PRICE DOUBLE, BIDDER STRING\)" \
    '^\| b5 +\| +2 \| +31\.0 \| bob +\|$' '^3 rows'
  ask "a count per key" "SELECT AUCTION, COUNT(*) AS BIDS, MAX(PRICE) AS TOP FROM 'bids' GROUP BY AUCTION;" \
    '^\| +1 \| +2 \| +12\.5 \|$' '^\| +2 \| +3 \| +31\.0 \|$' '^2 rows'
  ask "a windowed count" "SELECT AUCTION, WINDOWSTART, COUNT(*) AS BIDS FROM 'bids' WINDOW TUMBLING (SIZE 1 DAY) GROUP BY AUCTION;" \
    '^\| +2 \| [0-9]{4}-[0-9]{2}-[0-9]{2} 00:00:00\.000 \| +3 \|$' '^2 rows'
  ask "a join" "SELECT A.NAME, COUNT(*) AS BIDS FROM 'bids' B JOIN 'auctions' A WITHIN 1 HOUR ON CAST(B.AUCTION AS INT) = A.ROWKEY GROUP BY A.NAME;" \
    '^\| chair +\| +3 \|$' '^\| lamp +\| +2 \|$'
else
  fail "the prompt appears" "$(pane)"
fi
finish
