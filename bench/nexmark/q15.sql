-- q15, Bidding Statistics Report: per day, the bids, bidders and auctions in three price ranks.
-- Flink: GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd') with count(*) and count(distinct bidder),
-- count(distinct auction), each also FILTER (WHERE price < 10000 / 10000..999999 / >= 1000000).
-- riffle: FORMAT_TIMESTAMP for DATE_FORMAT; ksqlDB has no FILTER clause, so a filtered count(*)
-- is SUM(CASE WHEN ... THEN 1 ELSE 0 END) and a filtered count(distinct x) is
-- COUNT_DISTINCT(CASE WHEN ... THEN x END) (NULLs are not counted). Finite query over ${BIDS}
-- bids, CSV to q15.out. With riffle's prices (100..100,099) rank 3 is always 0.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q15.out
SELECT FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd') AS day,
       COUNT(*) AS total_bids,
       SUM(CASE WHEN price < 10000 THEN 1 ELSE 0 END) AS rank1_bids,
       SUM(CASE WHEN price >= 10000 AND price < 1000000 THEN 1 ELSE 0 END) AS rank2_bids,
       SUM(CASE WHEN price >= 1000000 THEN 1 ELSE 0 END) AS rank3_bids,
       COUNT_DISTINCT(bidder) AS total_bidders,
       COUNT_DISTINCT(CASE WHEN price < 10000 THEN bidder END) AS rank1_bidders,
       COUNT_DISTINCT(CASE WHEN price >= 10000 AND price < 1000000 THEN bidder END)
         AS rank2_bidders,
       COUNT_DISTINCT(CASE WHEN price >= 1000000 THEN bidder END) AS rank3_bidders,
       COUNT_DISTINCT(auction) AS total_auctions,
       COUNT_DISTINCT(CASE WHEN price < 10000 THEN auction END) AS rank1_auctions,
       COUNT_DISTINCT(CASE WHEN price >= 10000 AND price < 1000000 THEN auction END)
         AS rank2_auctions,
       COUNT_DISTINCT(CASE WHEN price >= 1000000 THEN auction END) AS rank3_auctions
  FROM bid
 GROUP BY FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd');
.output
