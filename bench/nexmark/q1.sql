-- q1, Currency Conversion: every bid with its price converted from dollars to euros.
-- Flink: SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid.
-- riffle: the same projection as a finite query over ${BIDS} bids, CSV to q1.out. 0.908 * price
-- is a DECIMAL in both (Flink DECIMAL(23, 3)).
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q1.out
SELECT auction, bidder, 0.908 * price AS price, datetime, extra FROM bid;
.output
