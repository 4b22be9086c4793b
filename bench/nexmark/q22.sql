-- q22, Get URL Directories: every bid with the first three directories of its URL.
-- Flink: SPLIT_INDEX(url, '/', 3), (url, '/', 4), (url, '/', 5) (0-based parts).
-- riffle: SPLIT(url, '/')[4], [5], [6] (ksqlDB's arrays are 1-based; a missing part is NULL in
-- both). Finite query over ${BIDS} bids, CSV to q22.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q22.out
SELECT auction, bidder, price, channel, SPLIT(url, '/')[4] AS dir1, SPLIT(url, '/')[5] AS dir2,
       SPLIT(url, '/')[6] AS dir3
  FROM bid;
.output
