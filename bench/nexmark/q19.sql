-- q19, Auction TOP-10 Price: the 10 highest-priced bids of each auction.
-- Flink: ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10, up to ten whole bid
-- rows per auction with their rank.
-- riffle: GROUP BY auction with TOPK(price, 10) (ksqlDB has no ROW_NUMBER). Difference: one row
-- per auction holding the (up to) ten top prices as an array, not ten rows with the bids' other
-- columns. Finite query over ${BIDS} bids, CSV to q19.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q19.out
SELECT auction, TOPK(price, 10) AS top_prices FROM bid GROUP BY auction;
.output
