-- Lesson 1: streams and tables
--
-- One topic of events, read two ways: as a STREAM (every event that happened)
-- and as a TABLE (what is true now: the latest value per key). Players of a
-- game move between rooms; each move is one record.
--
-- Run it whole (a catalog of its own for the lessons):
--   riffle --catalog /tmp/lessons.db -f examples/lessons/01_streams_and_tables.sql
-- or step by step at the prompt, Enter running each next step:
--   .step examples/lessons/01_streams_and_tables.sql
-- More at the prompt: HELP STREAMS AND TABLES.

-- Start from a clean slate so the lesson can run again: drop what an earlier
-- run made, topic included, and nothing else. (The table shares the stream's
-- topic, so only the stream deletes it.) A lesson drops its sources by name:
-- run it where no stream of yours is called the same, e.g. in a catalog of
-- its own.
DROP TABLE IF EXISTS whereabouts;
DROP STREAM IF EXISTS moves DELETE TOPIC;

-- Queries without EMIT CHANGES read everything anyway; push queries (EMIT
-- CHANGES) should too.
SET 'auto.offset.reset'='earliest';

-- A stream over a new topic. The KEY column is the record's key; ROWTIME, the
-- event time, is the record's timestamp, set explicitly below (milliseconds) so
-- every run gives the same answers.
CREATE STREAM moves (player STRING KEY, room STRING)
  WITH (KAFKA_TOPIC='lesson1_moves', VALUE_FORMAT='JSON', PARTITIONS=1);

-- Five events: ann and bob move around, cid arrives.
INSERT INTO moves (ROWTIME, player, room) VALUES (1000, 'ann', 'hall');
INSERT INTO moves (ROWTIME, player, room) VALUES (2000, 'bob', 'kitchen');
INSERT INTO moves (ROWTIME, player, room) VALUES (3000, 'ann', 'attic');
INSERT INTO moves (ROWTIME, player, room) VALUES (4000, 'bob', 'hall');
INSERT INTO moves (ROWTIME, player, room) VALUES (5000, 'cid', 'hall');

-- The stream holds every event, in order: nothing is ever overwritten.
SELECT ROWTIME, player, room FROM moves;

-- The same topic declared as a TABLE: one row per PRIMARY KEY, the latest value
-- wins.
CREATE TABLE whereabouts (player STRING PRIMARY KEY, room STRING)
  WITH (KAFKA_TOPIC='lesson1_moves', VALUE_FORMAT='JSON');

-- ann's first move (hall) is gone from the table: her latest says attic.
SELECT player, room FROM whereabouts;

-- A lookup by key, as in a database.
SELECT room FROM whereabouts WHERE player = 'ann';

-- Aggregating the stream counts events: how many moves each player made.
SELECT player, COUNT(*) AS moves FROM moves GROUP BY player;

-- Aggregating the table counts its current rows: who is in each room now. ann
-- left the hall, so the hall counts bob and cid only.
SELECT room, COUNT(*) AS players FROM whereabouts GROUP BY room;

-- One more move changes the table (bob goes to the attic) and adds an event to
-- the stream.
INSERT INTO moves (ROWTIME, player, room) VALUES (6000, 'bob', 'attic');

SELECT room, COUNT(*) AS players FROM whereabouts GROUP BY room;

SELECT player, COUNT(*) AS moves FROM moves GROUP BY player;

-- Next: lesson 2, windows (examples/lessons/02_windows.sql).
