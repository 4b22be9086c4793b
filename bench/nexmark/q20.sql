-- q20, Expand bid with auction: every bid on an auction of category 10, with the auction's
-- columns.
-- Flink: bid INNER JOIN auction ON B.auction = A.id WHERE A.category = 10 (a regular join).
-- riffle: ksqlDB's stream-table join (bids a STREAM, auctions a TABLE keyed by ID) as a
-- persistent query writing JSON lines to q20.out, timed until it has read its ${BIDS} bids and
-- ${AUCTIONS} auctions (the runner waits for the job to go idle).
-- Difference: a bid joins its auction as of the bid's event time; each generator's clock
-- advances 10 ms a record, so an auction is always far earlier than the bids on it and every
-- bid finds it. Flink's regular join would also emit bids that came before their auction.
SET 'auto.offset.reset'='earliest';
CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT=${BIDS}, SEED=1);
CREATE TABLE auction WITH (CONNECTOR='datagen', GENERATOR='auction', COUNT=${AUCTIONS}, SEED=1);
CREATE STREAM q20 WITH (CONNECTOR='file', PATH='q20.out', FORMAT='JSON') AS
  SELECT b.auction AS auction, b.bidder AS bidder, b.price AS price, b.channel AS channel,
         b.url AS url, b.datetime AS datetime, b.extra AS extra, a.itemname AS itemname,
         a.description AS description, a.initialbid AS initialbid, a.reserve AS reserve,
         a.datetime AS a_datetime, a.expires AS expires, a.seller AS seller,
         a.category AS category, a.extra AS a_extra
    FROM bid b JOIN auction a ON b.auction = a.id
   WHERE a.category = 10;
-- @wait
