-- q10, Log to File System: every bid with its day and hour:minute, written to files.
-- Flink: SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime, 'yyyy-MM-dd'),
-- DATE_FORMAT(dateTime, 'HH:mm') FROM bid, into a filesystem sink partitioned by dt and hm.
-- riffle: FORMAT_TIMESTAMP for DATE_FORMAT, a finite query over ${BIDS} bids written as CSV to
-- one file, q10.out. Difference: riffle has no partitioned file sink, so one file, not one
-- directory per day and minute.
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
.mode csv
.output q10.out
SELECT auction, bidder, price, datetime, extra, FORMAT_TIMESTAMP(datetime, 'yyyy-MM-dd') AS dt,
       FORMAT_TIMESTAMP(datetime, 'HH:mm') AS hm
  FROM bid;
.output
