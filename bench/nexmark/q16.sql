-- q16, Channel Statistics Report: q15 per channel and day, with the day's last minute.
-- Flink: GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd'), with
-- max(DATE_FORMAT(dateTime, 'HH:mm')) and q15's filtered counts and distinct counts.
-- riffle: as q15 (SUM(CASE ...) and COUNT_DISTINCT(CASE ...) for FILTER), MAX over the
-- 'HH:mm' string. Finite query over ${BIDS} bids, CSV to q16.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q16.out
SELECT channel, FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd') AS day,
       MAX(FORMAT_TIMESTAMP(datetime, 'HH:mm')) AS minute,
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
 GROUP BY channel, FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd');
.output
