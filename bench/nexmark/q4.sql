-- q4, Average Price for a Category: the average winning (highest) bid of the auctions of each
-- category, a bid counting for an auction only while the auction is open.
-- Flink: a subquery MAX(B.price) over auction A, bid B WHERE A.id = B.auction AND B.dateTime
-- BETWEEN A.dateTime AND A.expires GROUP BY A.id, A.category; then AVG(final) GROUP BY category.
-- riffle: the subquery is a persistent CTAS over ksqlDB's stream-stream join (an auction joins
-- the bids up to 30 s after it: WITHIN (30 SECONDS, 0 SECONDS), the generator's auctions close
-- 10-30 s after they open; GRACE PERIOD 2 SECONDS, the generator's lateness) with the BETWEEN as
-- a WHERE; its key (id, category) needs KEY_FORMAT='JSON'. After the runner has waited for it to
-- go idle (its ${BIDS} bids and ${AUCTIONS} auctions read), a finite query averages the table per
-- category into q4.out (AVG on a table, retracting an auction's earlier maximum as it grows).
-- Difference: to compare bids' and auctions' times, the generators' clocks must agree, so they
-- get RATEs in Nexmark's proportions (46 bids : 3 auctions; 1,000,000 bids per second of event
-- time). In a persistent query RATE also limits the read rate to that many records per second of
-- wall time, so this query cannot exceed about 1.07M events/s.
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1, RATE=1000000);
CREATE STREAM auction WITH (CONNECTOR='datagen', GENERATOR='auction', COUNT=${AUCTIONS}, SEED=1,
                            RATE=65217);
CREATE TABLE q4_final WITH (KEY_FORMAT='JSON') AS
  SELECT a.id AS id, a.category AS category, MAX(b.price) AS final
    FROM bid b JOIN auction a WITHIN (30 SECONDS, 0 SECONDS) GRACE PERIOD 2 SECONDS
      ON b.auction = a.id
   WHERE b.datetime BETWEEN a.datetime AND a.expires
   GROUP BY a.id, a.category;
-- @wait
.mode csv
.output q4.out
SELECT category, AVG(final) AS avg_final FROM q4_final GROUP BY category;
.output
