-- q13, Bounded Side Input Join: every bid enriched with the side input's value for its auction id
-- modulo 10000.
-- Flink: bid JOIN side_input FOR SYSTEM_TIME AS OF B.p_time (processing time) ON
-- mod(B.auction, 10000) = S.key, side_input a CSV file of (key, value).
-- riffle: the side input is a file TABLE (CONNECTOR='file', side_input.csv: keys 0..9999, a
-- value and a time of 0, written by the runner), joined by ksqlDB's stream-table join as a
-- persistent query writing JSON lines to q13.out, timed until its ${BIDS} bids are read (the
-- runner waits for the job to go idle). Difference: a stream-table join looks a row up as of
-- the bid's event time, and a file's rows would be stamped with the time they are read (now,
-- after every generated bid of 2025: nothing would match), so the file's rows take their time
-- from its ts column (TIMESTAMP='ts', 0): every bid sees the whole file, as Flink's lookup by
-- processing time does. The join key (S.key) is also selected: ksqlDB requires a persistent
-- join's key in its projection.
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
CREATE TABLE side_input (key BIGINT PRIMARY KEY, value STRING, ts BIGINT)
  WITH (CONNECTOR='file', PATH='side_input.csv', FORMAT='DELIMITED', TIMESTAMP='ts');
CREATE STREAM q13 WITH (CONNECTOR='file', PATH='q13.out', FORMAT='JSON') AS
  SELECT s.key AS key, b.auction AS auction, b.bidder AS bidder, b.price AS price,
         b.datetime AS datetime, s.value AS value
    FROM bid b JOIN side_input s ON b.auction % 10000 = s.key;
-- @wait
