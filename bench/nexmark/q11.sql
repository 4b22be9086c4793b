-- q11, User Sessions: how many bids each bidder made in each session (a session ends after 10 s
-- without a bid of theirs).
-- Flink: GROUP BY bidder, SESSION(dateTime, INTERVAL '10' SECOND), with SESSION_START/END.
-- riffle: WINDOW SESSION (10 SECONDS) on the bids' event time (their DATETIME), WINDOWSTART and
-- WINDOWEND for the bounds, as a finite query over ${BIDS} bids (every session's final count,
-- CSV to q11.out). GRACE PERIOD 2 SECONDS: the generator makes records at most 2 s late, so none
-- is dropped (Flink's watermark allows the same lateness).
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q11.out
SELECT bidder, COUNT(*) AS bid_count, WINDOWSTART AS starttime, WINDOWEND AS endtime
  FROM bid WINDOW SESSION (10 SECONDS, GRACE PERIOD 2 SECONDS)
 GROUP BY bidder;
.output
