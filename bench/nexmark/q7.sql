-- q7, Highest Bid: the bids with the highest price of each 10-second tumbling window.
-- Flink: a subquery MAX(price) ... GROUP BY TUMBLE(dateTime, 10 s), joined back to bid ON
-- B.price = B1.maxprice WHERE B.dateTime BETWEEN window_end - 10 s AND window_end.
-- riffle (a chain; ksqlDB cannot join a windowed table to a stream: "Can not join windowed
-- source to non-windowed source", nor re-key one: "Implicit repartitioning of windowed sources
-- is not supported"):
-- 1. Q7_MAX: the windowed MAX in one group (GROUP BY 1), EMIT FINAL, GRACE PERIOD 2 SECONDS (the
--    generator's lateness), its window bounds also copied into the value (WS, WE).
-- 2. MAX_V reads that topic as a plain stream of values (no key columns: the windowed key is not
--    decoded), MAX_BY_PRICE re-keys it by the maximum price.
-- 3. Once those jobs are idle, MAX_T is a TABLE over MAX_BY_PRICE whose rows take their event
--    time from WS (TIMESTAMP='ws'), and Q7 joins each bid to it by price: a stream-table join
--    looks the row up as of the bid's time, which is the version of the window the bid is in (or
--    an earlier window's), and the WHERE keeps the bids inside the row's window.
-- Output: JSON lines in q7.out. Differences: a window is [start, end) where Flink's BETWEEN also
-- takes a bid at exactly window_end; the windows still open at the end of the bounded input
-- (within 12 s of its last event time) are never final, so they are not in the result; the bids
-- are read twice (by steps 1 and 3; the events column counts them once).
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
CREATE TABLE q7_max AS
  SELECT 1 AS k, WINDOWSTART AS ws, WINDOWEND AS we, MAX(price) AS maxprice
    FROM bid WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS)
   GROUP BY 1 EMIT FINAL;
CREATE STREAM max_v (ws BIGINT, we BIGINT, maxprice BIGINT)
  WITH (KAFKA_TOPIC='Q7_MAX', VALUE_FORMAT='JSON');
CREATE STREAM max_by_price AS SELECT maxprice, ws, we FROM max_v PARTITION BY maxprice;
-- @wait
CREATE TABLE max_t (maxprice BIGINT PRIMARY KEY, ws BIGINT, we BIGINT)
  WITH (KAFKA_TOPIC='MAX_BY_PRICE', VALUE_FORMAT='JSON', TIMESTAMP='ws');
CREATE STREAM q7 WITH (CONNECTOR='file', PATH='q7.out', FORMAT='JSON') AS
  SELECT m.maxprice AS price, b.auction AS auction, b.bidder AS bidder, b.datetime AS datetime,
         b.extra AS extra, m.ws AS ws, m.we AS we
    FROM bid b JOIN max_t m ON b.price = m.maxprice
   WHERE UNIX_TIMESTAMP(b.datetime) >= m.ws AND UNIX_TIMESTAMP(b.datetime) < m.we;
-- @wait
