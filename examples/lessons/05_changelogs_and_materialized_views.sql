-- Lesson 5: changelogs and materialized views
--
-- CREATE TABLE ... AS SELECT starts a job that keeps a query's answer up to
-- date as events arrive: a materialized view. The job writes every change to
-- the table's topic: that stream of changes is the table's changelog. A pull
-- query reads the current rows; a push query (EMIT CHANGES) follows the
-- changes. Players of a game score points.
--
-- Run it whole (a catalog of its own for the lessons):
--   riffle --catalog /tmp/lessons.db -f examples/lessons/05_changelogs_and_materialized_views.sql
-- or step by step at the prompt, Enter running each next step:
--   .step examples/lessons/05_changelogs_and_materialized_views.sql
-- More at the prompt: HELP CHANGELOG, HELP CREATE TABLE AS SELECT,
-- HELP EMIT CHANGES.

-- A clean slate (see lesson 1). Dropping a table made by CREATE TABLE AS
-- SELECT terminates the job that fills it, as in ksqlDB: the view over the
-- view goes first, as it reads totals.
DROP TABLE IF EXISTS players_per_level DELETE TOPIC;
DROP TABLE IF EXISTS totals DELETE TOPIC;
DROP STREAM IF EXISTS scores DELETE TOPIC;
SET 'auto.offset.reset'='earliest';
-- Push queries show rows as ksqlDB does (each key's new row); this lesson turns
-- the changelog view on later.
SET 'riffle.changelog'='false';

CREATE STREAM scores (player STRING KEY, points INT)
  WITH (KAFKA_TOPIC='lesson5_scores', VALUE_FORMAT='JSON', PARTITIONS=1);

INSERT INTO scores (ROWTIME, player, points) VALUES (1000, 'ann', 10);
INSERT INTO scores (ROWTIME, player, points) VALUES (2000, 'bob', 5);
INSERT INTO scores (ROWTIME, player, points) VALUES (3000, 'ann', 20);

-- The materialized view: each player's total. A job, running in the background
-- from now on.
CREATE TABLE totals AS
  SELECT player, SUM(points) AS total, COUNT(*) AS games
  FROM scores GROUP BY player;

-- A push query on the table shows each change the job made, one per score:
-- ann's row at 10, then at 30. (It waits for the job to get there, then LIMIT
-- ends it.)
SELECT player, total, games FROM totals EMIT CHANGES LIMIT 3;

-- A pull query reads the current rows: one per player.
SELECT player, total, games FROM totals;

SELECT total FROM totals WHERE player = 'ann';

-- The changelog as Flink shows it (riffle's 'riffle.changelog'): +I inserts a
-- key, an update is -U (the old row, retracted) then +U (the new row).
SET 'riffle.changelog'='true';
SELECT player, total, games FROM totals EMIT CHANGES LIMIT 4;

-- The job keeps running: a new score updates the view at once.
INSERT INTO scores (ROWTIME, player, points) VALUES (4000, 'bob', 40);
SELECT player, total, games FROM totals EMIT CHANGES LIMIT 6;

-- A view over a view: how many players have each level, from the totals table.
-- Aggregating a table retracts a changed row from its old group: when ann, then
-- bob, go from bronze to gold, bronze loses them (-U/+U on bronze) and gold
-- gains them. Bronze stays, with 0.
CREATE TABLE players_per_level AS
  SELECT CASE WHEN total >= 30 THEN 'gold' ELSE 'bronze' END AS level,
         COUNT(*) AS players
  FROM totals GROUP BY CASE WHEN total >= 30 THEN 'gold' ELSE 'bronze' END;

SELECT level, players FROM players_per_level EMIT CHANGES LIMIT 10;

SET 'riffle.changelog'='false';
SELECT level, players FROM players_per_level;

-- The changelog is also what the table's topic holds, one record per change,
-- keyed by the group (PRINT shows a topic's raw records).
PRINT 'TOTALS' FROM BEGINNING LIMIT 4;

-- End of the lessons. HELP lists the concepts; the jobs keep running until
-- their tables are dropped (as at the top of this lesson) or TERMINATEd.
