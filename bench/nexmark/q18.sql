-- q18, Find last bid: each bidder's last bid on each auction.
-- Flink: ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) <= 1, a
-- deduplication keeping the whole latest row.
-- riffle: GROUP BY bidder, auction with LATEST_BY_OFFSET of each other column (ksqlDB has no
-- ROW_NUMBER). Difference: "last" is the last read (offset order), not the latest dateTime, so
-- for a pair whose last two bids arrived out of order (about 10% of bids are up to 2 s late) the
-- row differs; the set of (bidder, auction) pairs is the same. Finite query over ${BIDS} bids,
-- CSV to q18.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q18.out
SELECT auction, bidder, LATEST_BY_OFFSET(price) AS price, LATEST_BY_OFFSET(channel) AS channel,
       LATEST_BY_OFFSET(url) AS url, LATEST_BY_OFFSET(datetime) AS datetime,
       LATEST_BY_OFFSET(extra) AS extra
  FROM bid
 GROUP BY bidder, auction;
.output
