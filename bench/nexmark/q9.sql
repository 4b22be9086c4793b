-- q9, Winning Bids: each auction with its winning bid, the highest one made while it was open.
-- Flink: ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) <= 1 over
-- auction A, bid B WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires.
-- riffle (a chain; ksqlDB has no ROW_NUMBER):
-- 1. Q9_MAX: q4's first step, MAX(price) per auction over the stream-stream join (WITHIN
--    (30 SECONDS, 0 SECONDS), GRACE PERIOD 2 SECONDS), with a column of 0s.
-- 2. Once it is idle: MAX_T, a TABLE over its topic whose rows take their event time from that
--    column (TIMESTAMP='zero'), so that the join reads every update of every maximum before the
--    first bid and a bid sees its auction's final maximum (stamped with the auction's own time,
--    the updates of different auctions interleave out of time order in the topic, and a bid
--    would see an earlier maximum); Q9 joins bids and auctions again, then MAX_T, keeping the
--    bids whose price is the maximum.
-- Output: JSON lines in q9.out. Differences: an auction whose top price was bid twice has both
-- bids (Flink keeps the earlier); the generators get RATEs in Nexmark's proportions as in q4
-- (so that bids' and auctions' times compare), which also limits the read rate of the
-- persistent queries to about 1.07M events/s; the bids and auctions are read twice (the events
-- column counts them once).
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1, RATE=1000000);
CREATE STREAM auction WITH (CONNECTOR='datagen', GENERATOR='auction', COUNT=${AUCTIONS}, SEED=1,
                            RATE=65217);
CREATE TABLE q9_max AS
  SELECT a.id AS id, MAX(b.price) AS final, 0 AS zero
    FROM bid b JOIN auction a WITHIN (30 SECONDS, 0 SECONDS) GRACE PERIOD 2 SECONDS
      ON b.auction = a.id
   WHERE b.datetime BETWEEN a.datetime AND a.expires
   GROUP BY a.id;
-- @wait
CREATE TABLE max_t (id BIGINT PRIMARY KEY, final BIGINT, zero BIGINT)
  WITH (KAFKA_TOPIC='Q9_MAX', VALUE_FORMAT='JSON', TIMESTAMP='zero');
CREATE STREAM q9 WITH (CONNECTOR='file', PATH='q9.out', FORMAT='JSON') AS
  SELECT a.id AS id, a.itemname AS itemname, a.description AS description,
         a.initialbid AS initialbid, a.reserve AS reserve, a.datetime AS datetime,
         a.expires AS expires, a.seller AS seller, a.category AS category, a.extra AS extra,
         b.auction AS auction, b.bidder AS bidder, b.price AS price,
         b.datetime AS bid_datetime, b.extra AS bid_extra
    FROM bid b JOIN auction a WITHIN (30 SECONDS, 0 SECONDS) GRACE PERIOD 2 SECONDS
      ON b.auction = a.id
    JOIN max_t m ON b.auction = m.id
   WHERE b.datetime BETWEEN a.datetime AND a.expires AND b.price = m.final;
-- @wait
