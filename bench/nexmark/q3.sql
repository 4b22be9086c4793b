-- q3, Local Item Suggestion: who sells in category 10 from OR, ID or CA, and which auctions.
-- Flink: auction INNER JOIN person ON A.seller = P.id (a regular join of two unbounded inputs)
-- WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA').
-- riffle: ksqlDB's stream-table join (auctions a STREAM, people a TABLE keyed by ID) as a
-- persistent query writing JSON lines to q3.out; it is timed until it has read its ${AUCTIONS}
-- auctions and ${PERSONS} people (the runner waits for the job to go idle).
-- Difference: an auction joins its seller as of the auction's event time (ksqlDB's rule); each
-- generator's clock advances 10 ms a record, so people are always earlier than the auctions
-- that name them and (up to the 2 s of lateness of the first few) every auction finds its
-- seller, as in Flink. A seller's later update would not re-emit old auctions (Flink's regular
-- join would); the generator never updates a person. The join column (A.seller) is also
-- selected: ksqlDB requires a persistent join's key in its projection.
SET 'auto.offset.reset'='earliest';
CREATE STREAM auction WITH (CONNECTOR='datagen', GENERATOR='auction', COUNT=${AUCTIONS}, SEED=1);
CREATE TABLE person WITH (CONNECTOR='datagen', GENERATOR='person', COUNT=${PERSONS}, SEED=1);
CREATE STREAM q3 WITH (CONNECTOR='file', PATH='q3.out', FORMAT='JSON') AS
  SELECT a.seller AS seller, p.name AS name, p.city AS city, p.state AS state, a.id AS id
    FROM auction a JOIN person p ON a.seller = p.id
   WHERE a.category = 10 AND (p.state = 'OR' OR p.state = 'ID' OR p.state = 'CA');
-- @wait
