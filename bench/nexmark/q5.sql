-- q5, Hot Items: the auctions with the most bids in each 10-second window sliding by 2 seconds.
-- Flink: a subquery count(*) per auction GROUP BY HOP(dateTime, 2 s, 10 s), joined with its
-- max(num) per window ON the window bounds AND num >= maxn.
-- riffle (a chain; ksqlDB cannot join a windowed table, nor re-key one: see q7.sql):
-- 1. Q5_COUNTS: COUNT(*) per auction WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS,
--    GRACE PERIOD 2 SECONDS: the generator's lateness), EMIT FINAL, with the auction and the
--    window start copied into the value (AS_VALUE, WS).
-- 2. COUNTS_V reads that topic as a plain stream of values (the windowed key is not decoded);
--    Q5_MAX is MAX(num) per window start, a table.
-- 3. Once those jobs are idle: MAX_T, a TABLE over Q5_MAX's topic whose rows take their event
--    time from WS (TIMESTAMP='ws', so every update of a window's maximum is older than that
--    window's counts, which are emitted when it closes), COUNTS_BY_WS re-keys the counts by
--    window start, and Q5 joins them to MAX_T, keeping num >= maxn.
-- Output: JSON lines in q5.out. Differences: the windows still open at the end of the bounded
-- input (within 12 s of its last event time) are never final, so they are not in the result.
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
CREATE TABLE q5_counts AS
  SELECT auction, AS_VALUE(auction) AS auction_v, WINDOWSTART AS ws, COUNT(*) AS num
    FROM bid WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS, GRACE PERIOD 2 SECONDS)
   GROUP BY auction EMIT FINAL;
CREATE STREAM counts_v (auction_v BIGINT, ws BIGINT, num BIGINT)
  WITH (KAFKA_TOPIC='Q5_COUNTS', VALUE_FORMAT='JSON');
CREATE TABLE q5_max AS SELECT ws, MAX(num) AS maxn FROM counts_v GROUP BY ws;
-- @wait
CREATE TABLE max_t (ws BIGINT PRIMARY KEY, maxn BIGINT)
  WITH (KAFKA_TOPIC='Q5_MAX', VALUE_FORMAT='JSON', TIMESTAMP='ws');
CREATE STREAM counts_by_ws AS SELECT ws, auction_v, num FROM counts_v PARTITION BY ws;
CREATE STREAM q5 WITH (CONNECTOR='file', PATH='q5.out', FORMAT='JSON') AS
  SELECT c.ws AS ws, c.auction_v AS auction, c.num AS num, m.maxn AS maxn
    FROM counts_by_ws c JOIN max_t m ON c.ws = m.ws
   WHERE c.num >= m.maxn;
-- @wait
