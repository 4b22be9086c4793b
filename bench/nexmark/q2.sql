-- q2, Selection: the bids on auctions whose id is a multiple of 123, with their price.
-- Flink: SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0.
-- riffle: the same filter (% for MOD) as a finite query over ${BIDS} bids, CSV to q2.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q2.out
SELECT auction, price FROM bid WHERE auction % 123 = 0;
.output
