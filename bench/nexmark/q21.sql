-- q21, Add channel id: every bid of a known channel (or whose URL carries a channel_id) with a
-- channel id.
-- Flink: CASE on lower(channel) ('apple' '0', 'google' '1', 'facebook' '2', 'baidu' '3', else
-- REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)), WHERE that extract IS NOT NULL OR
-- lower(channel) IN the four.
-- riffle: the same, with LCASE for lower and ksqlDB's argument order REGEXP_EXTRACT(regex, string,
-- group). Finite query over ${BIDS} bids, CSV to q21.out. riffle's generator only makes the four
-- channels, so every bid passes (as with Flink's generator, whose other channels are rare).
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q21.out
SELECT auction, bidder, price, channel,
       CASE
         WHEN LCASE(channel) = 'apple' THEN '0'
         WHEN LCASE(channel) = 'google' THEN '1'
         WHEN LCASE(channel) = 'facebook' THEN '2'
         WHEN LCASE(channel) = 'baidu' THEN '3'
         ELSE REGEXP_EXTRACT('(&|^)channel_id=([^&]*)', url, 2)
       END AS channel_id
  FROM bid
 WHERE REGEXP_EXTRACT('(&|^)channel_id=([^&]*)', url, 2) IS NOT NULL
    OR LCASE(channel) IN ('apple', 'google', 'facebook', 'baidu');
.output
