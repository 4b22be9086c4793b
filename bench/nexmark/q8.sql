-- q8, Monitor New Users: the people who entered the system and created an auction in the same
-- 10-second window.
-- Flink: person windows (GROUP BY id, name, TUMBLE(dateTime, 10 s)) JOIN auction windows
-- (GROUP BY seller, TUMBLE(dateTime, 10 s)) ON P.id = A.seller AND the same window.
-- riffle (a chain; ksqlDB cannot join windowed tables to one another on a value, nor re-key
-- them: see q7.sql):
-- 1. AUCTION_T gives the auctions the people's clock: each generator's clock advances 10 ms a
--    record of its own, and there are 3 auctions a person, so an auction's time is the start
--    plus a third of its distance from it (RATE would do it too, but in a persistent query it
--    also limits the read rate). AUCTION_TT reads that topic with TIMESTAMP='t': riffle does not
--    apply `CREATE STREAM auction_t WITH (TIMESTAMP='t') AS ...` to the records it writes (ksqlDB
--    does; DESCRIBE says "Timestamp field: Not set"), so a second declaration is needed.
-- 2. Q8_P and Q8_A: one row per person and window, per seller and window (TUMBLING 10 s, GRACE
--    PERIOD 2 SECONDS, the generator's lateness, EMIT FINAL), with the key and window start
--    copied into the value; P_V and A_V read them as plain streams of values and P_BY_ID and
--    A_BY_SELLER re-key them by person.
-- 3. Once those jobs are idle, Q8 joins the two (a stream-stream join, WITHIN 1 MINUTE to span
--    the windows' emission times) keeping the pairs of the same window.
-- Output: JSON lines in q8.out. Differences: the windows still open at the end of the bounded
-- input (within 12 s of each generator's last event time) are never final, so not joined.
SET 'auto.offset.reset'='earliest';
CREATE STREAM person WITH (CONNECTOR='datagen', GENERATOR='person', COUNT=${PERSONS}, SEED=1);
CREATE STREAM auction WITH (CONNECTOR='datagen', GENERATOR='auction', COUNT=${AUCTIONS}, SEED=1);
CREATE STREAM auction_t AS
  SELECT id, seller, 1735689600000 + (UNIX_TIMESTAMP(datetime) - 1735689600000) / 3 AS t
    FROM auction;
CREATE STREAM auction_tt (id BIGINT KEY, seller BIGINT, t BIGINT)
  WITH (KAFKA_TOPIC='AUCTION_T', KEY_FORMAT='JSON', VALUE_FORMAT='JSON', TIMESTAMP='t');
CREATE TABLE q8_p AS
  SELECT id, AS_VALUE(id) AS id_v, LATEST_BY_OFFSET(name) AS name, WINDOWSTART AS ws
    FROM person WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS)
   GROUP BY id EMIT FINAL;
CREATE TABLE q8_a AS
  SELECT seller, AS_VALUE(seller) AS seller_v, WINDOWSTART AS ws, COUNT(*) AS n
    FROM auction_tt WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS)
   GROUP BY seller EMIT FINAL;
CREATE STREAM p_v (id_v BIGINT, name STRING, ws BIGINT)
  WITH (KAFKA_TOPIC='Q8_P', VALUE_FORMAT='JSON');
CREATE STREAM a_v (seller_v BIGINT, ws BIGINT) WITH (KAFKA_TOPIC='Q8_A', VALUE_FORMAT='JSON');
CREATE STREAM p_by_id AS SELECT id_v, name, ws FROM p_v PARTITION BY id_v;
CREATE STREAM a_by_seller AS SELECT seller_v, ws FROM a_v PARTITION BY seller_v;
-- @wait
CREATE STREAM q8 WITH (CONNECTOR='file', PATH='q8.out', FORMAT='JSON') AS
  SELECT p.id_v AS id, p.name AS name, p.ws AS stime
    FROM p_by_id p JOIN a_by_seller a WITHIN 1 MINUTE GRACE PERIOD 1 MINUTE
      ON p.id_v = a.seller_v
   WHERE p.ws = a.ws;
-- @wait
