-- q0, Pass Through: every bid, unchanged (measures the source, decoding and output path).
-- Flink: INSERT INTO a blackhole sink SELECT auction, bidder, price, dateTime, extra FROM bid.
-- riffle: a finite query (no EMIT CHANGES) over ${BIDS} generated bids, written as CSV to q0.out;
-- it ends at the end of its bounded input. Difference: the rows really are written (CSV, by the
-- shell's output path), not dropped as by Flink's blackhole.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q0.out
SELECT auction, bidder, price, datetime, extra FROM bid;
.output
