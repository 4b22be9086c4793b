-- Baseline: the bid generator alone. ${BIDS} generated bids are made, decoded and counted by a
-- finite COUNT(*), the least a query over the generator can do; every other query's figures
-- include this cost.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output gen.out
SELECT COUNT(*) AS bids FROM bid;
.output
