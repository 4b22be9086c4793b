-- q17, Auction Statistics Report: per auction and day, the bids in three price ranks and the
-- minimum, maximum, average and sum of their prices.
-- Flink: GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd') with count(*) (also FILTERed by
-- rank), min, max, avg, sum of price.
-- riffle: SUM(CASE ...) for the FILTERed counts, FORMAT_TIMESTAMP for DATE_FORMAT. Finite query
-- over ${BIDS} bids, CSV to q17.out. Difference: AVG is a DOUBLE (Flink's avg of a BIGINT is a
-- BIGINT).
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q17.out
SELECT auction, FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd') AS day,
       COUNT(*) AS total_bids,
       SUM(CASE WHEN price < 10000 THEN 1 ELSE 0 END) AS rank1_bids,
       SUM(CASE WHEN price >= 10000 AND price < 1000000 THEN 1 ELSE 0 END) AS rank2_bids,
       SUM(CASE WHEN price >= 1000000 THEN 1 ELSE 0 END) AS rank3_bids,
       MIN(price) AS min_price, MAX(price) AS max_price, AVG(price) AS avg_price,
       SUM(price) AS sum_price
  FROM bid
 GROUP BY auction, FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd');
.output
