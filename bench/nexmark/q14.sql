-- q14, Calculation: bids in a price band, converted to euros, with the part of the day they were
-- made in and how many 'c's their extra field holds.
-- Flink: 0.908 * price AS price, CASE on HOUR(dateTime) (8-18 'dayTime', <= 6 or >= 20
-- 'nightTime', else 'otherTime'), count_char(extra, 'c') (a Java UDF), WHERE 0.908 * price >
-- 1000000 AND 0.908 * price < 50000000.
-- riffle: the hour is CAST(FORMAT_TIMESTAMP(datetime, 'HH') AS INT) (ksqlDB has no HOUR), the
-- UDF is LEN(extra) - LEN(REPLACE(extra, 'c', '')). Difference: the band is divided by 100
-- (> 10000 and < 500000), because riffle's generator draws prices of 100..100,099 where Flink's
-- draws up to 10^8: with Flink's band the result would always be empty. Finite query over
-- ${BIDS} bids, CSV to q14.out.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q14.out
SELECT auction, bidder, 0.908 * price AS price,
       CASE
         WHEN CAST(FORMAT_TIMESTAMP(datetime, 'HH') AS INT) >= 8
              AND CAST(FORMAT_TIMESTAMP(datetime, 'HH') AS INT) <= 18 THEN 'dayTime'
         WHEN CAST(FORMAT_TIMESTAMP(datetime, 'HH') AS INT) <= 6
              OR CAST(FORMAT_TIMESTAMP(datetime, 'HH') AS INT) >= 20 THEN 'nightTime'
         ELSE 'otherTime'
       END AS bidtimetype,
       datetime, extra, LEN(extra) - LEN(REPLACE(extra, 'c', '')) AS c_counts
  FROM bid
 WHERE 0.908 * price > 10000 AND 0.908 * price < 500000;
.output
