-- Lesson 3: late data and grace periods
--
-- Events do not always arrive in the order they happened: a phone is offline
-- for a while, a sensor retries. Windows use event time, so a record that
-- arrives late still belongs to the window of when it happened, as long as that
-- window is still open. How long a window waits is its GRACE PERIOD. After
-- that, a record for it is late: counted, logged, and dropped.
--
-- Stream time is the largest event time seen so far; it moves only forward. A
-- window closes when stream time passes its end plus the grace period.
--
-- Run it whole (a catalog of its own for the lessons):
--   riffle --catalog /tmp/lessons.db -f examples/lessons/03_late_data_and_grace.sql
-- or step by step at the prompt, Enter running each next step:
--   .step examples/lessons/03_late_data_and_grace.sql
-- More at the prompt: HELP EVENT TIME, HELP GRACE PERIOD, HELP LATE DATA,
-- HELP EMIT FINAL.

-- A clean slate (see lesson 1). Dropping a table made by CREATE TABLE AS SELECT
-- also terminates the job that fills it, as in ksqlDB; the job goes first
-- because it reads the stream.
DROP TABLE IF EXISTS max_per_window DELETE TOPIC;
DROP STREAM IF EXISTS readings DELETE TOPIC;
SET 'auto.offset.reset'='earliest';

CREATE STREAM readings (sensor STRING KEY, celsius DOUBLE)
  WITH (KAFKA_TOPIC='lesson3_readings', VALUE_FORMAT='JSON', PARTITIONS=1);

-- Six readings of one sensor, in the order they arrive. Event times: 1 s, 4 s,
-- 12 s, then 3 s (late: stream time is already 12 s), 30 s, then 5 s (very
-- late: stream time is 30 s).
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (1000, 's1', 20.0);
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (4000, 's1', 21.0);
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (12000, 's1', 22.0);
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (3000, 's1', 19.0);
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (30000, 's1', 23.0);
INSERT INTO readings (ROWTIME, sensor, celsius) VALUES (5000, 's1', 99.0);

-- In arrival order, with each record's event time.
SELECT ROWTIME, sensor, celsius FROM readings;

-- Windows of 10 s with a grace period of 5 s: the window [0 s, 10 s) closes
-- when stream time passes 15 s. The reading of 3 s arrives at stream time 12 s:
-- still in time, counted. The reading of 5 s (99 degrees) arrives at stream
-- time 30 s: too late, dropped. The window has 3 readings and its maximum is
-- 21, not 99.
SELECT sensor, WINDOWSTART, WINDOWEND, COUNT(*) AS readings,
       MAX(celsius) AS hottest
FROM readings WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS)
GROUP BY sensor;

-- No grace at all: the window [0 s, 10 s) closes as soon as stream time reaches
-- 10 s, so the reading of 3 s, which arrives at 12 s, is dropped too.
SELECT sensor, WINDOWSTART, WINDOWEND, COUNT(*) AS readings,
       MAX(celsius) AS hottest
FROM readings WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS)
GROUP BY sensor;

-- A grace period of a minute waits for everything here, 99 degrees included.
-- Longer grace tolerates more disorder, but results are final later and state
-- is kept longer. Without GRACE PERIOD, riffle (like ksqlDB) waits 24 hours,
-- or not at all under EMIT FINAL.
SELECT sensor, WINDOWSTART, WINDOWEND, COUNT(*) AS readings,
       MAX(celsius) AS hottest
FROM readings WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 1 MINUTE)
GROUP BY sensor;

-- EMIT CHANGES shows every update as it happens: the window [0 s, 10 s) at 1,
-- 2, then 3 readings once the reading of 3 s comes, and nothing for the dropped
-- one.
SELECT sensor, WINDOWSTART, COUNT(*) AS readings, MAX(celsius) AS hottest
FROM readings WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS)
GROUP BY sensor EMIT CHANGES LIMIT 5;

-- EMIT FINAL waits until a window closes and shows it once, final. The reading
-- of 30 s moves stream time past 15 s and 25 s, closing [0 s, 10 s) and [10 s,
-- 20 s); [30 s, 40 s) stays open until stream time passes 45 s, which no record
-- here does.
SELECT sensor, WINDOWSTART, COUNT(*) AS readings, MAX(celsius) AS hottest
FROM readings WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS)
GROUP BY sensor EMIT FINAL LIMIT 2;

-- A persistent job (CREATE TABLE AS SELECT) drops late records the same way,
-- and counts them: EXPLAIN <job id> (SHOW JOBS lists the ids) shows "1 late
-- record(s) dropped".
CREATE TABLE max_per_window AS
  SELECT sensor, MAX(celsius) AS hottest FROM readings
  WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY sensor;

-- Each late record a job drops is also written to the processing log, a stream
-- you can query (transient queries do not write there). The log keeps the
-- entries of earlier runs of this lesson too; the first one is shown.
SELECT error_type, source_offset, error FROM KSQL_PROCESSING_LOG
WHERE source = 'lesson3_readings' AND error_type = 'LATE_RECORD'
EMIT CHANGES LIMIT 1;

-- A pitfall: an INSERT without ROWTIME takes the current time, which moves
-- stream time to now, so every later record with an old event time is late.
-- Keep event times explicit.

-- Next: lesson 4, joins (examples/lessons/04_joins.sql).
