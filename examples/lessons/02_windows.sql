-- Lesson 2: tumbling, hopping and session windows
--
-- A window groups a stream's events by event time, so an aggregate answers "per
-- minute" or "per visit" instead of "since the beginning". Visitors click pages
-- of a site; each click has its event time (ROWTIME, in milliseconds: 1000 is
-- one second after time 0).
--
-- Run it whole (a catalog of its own for the lessons):
--   riffle --catalog /tmp/lessons.db -f examples/lessons/02_windows.sql
-- or step by step at the prompt, Enter running each next step:
--   .step examples/lessons/02_windows.sql
-- More at the prompt: HELP WINDOW, HELP WINDOW TUMBLING,
-- HELP WINDOW HOPPING, HELP WINDOW SESSION.

-- A clean slate (see lesson 1).
DROP STREAM IF EXISTS clicks DELETE TOPIC;
SET 'auto.offset.reset'='earliest';

CREATE STREAM clicks (visitor STRING KEY, page STRING)
  WITH (KAFKA_TOPIC='lesson2_clicks', VALUE_FORMAT='JSON', PARTITIONS=1);

-- ann clicks at 1, 4, 8 and 12 seconds, then comes back at 31 s; bob at 2, 10
-- and 13 s.
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (1000, 'ann', 'home');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (2000, 'bob', 'home');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (4000, 'ann', 'shop');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (8000, 'ann', 'cart');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (10000, 'bob', 'shop');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (12000, 'ann', 'pay');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (13000, 'bob', 'cart');
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (31000, 'ann', 'home');

-- TUMBLING windows of 10 seconds: [0 s, 10 s), [10 s, 20 s), ... back to back,
-- so each click counts in exactly one window. WINDOWSTART and WINDOWEND say
-- which window a row is for. Without EMIT CHANGES the query reads the stream to
-- its end and answers once.
SELECT visitor, WINDOWSTART, WINDOWEND, COUNT(*) AS clicks,
       COLLECT_LIST(page) AS pages
FROM clicks WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY visitor;

-- The same query as a push query (EMIT CHANGES) shows how the result got there:
-- one row per click, each window's count growing 1, 2, 3 as its clicks arrive
-- (LIMIT ends it).
SELECT visitor, WINDOWSTART, COUNT(*) AS clicks
FROM clicks WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY visitor
EMIT CHANGES LIMIT 8;

-- HOPPING windows of 10 seconds that start every 5 seconds overlap: from 5 s
-- on, each click falls in two windows ("clicks in the last 10 seconds, every 5
-- seconds"); no window starts before 0. ann's click at 8 s counts in [0 s, 10
-- s) and in [5 s, 15 s).
SELECT visitor, WINDOWSTART, WINDOWEND, COUNT(*) AS clicks
FROM clicks WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)
WHERE visitor = 'ann' GROUP BY visitor;

-- SESSION windows follow activity: a click less than 5 seconds after the
-- previous one continues the visit, a longer pause starts a new one. ann's
-- visit runs from 1 s to 12 s, then a second visit at 31 s; bob's first click
-- at 2 s is alone, his visit from 10 s to 13 s is another. WINDOWSTART and
-- WINDOWEND are a session's first and last click.
SELECT visitor, WINDOWSTART, WINDOWEND, COUNT(*) AS clicks
FROM clicks WINDOW SESSION (5 SECONDS) GROUP BY visitor;

-- A click can join two sessions: bob clicks at 6 s, less than 5 s after 2 s and
-- before 10 s.
INSERT INTO clicks (ROWTIME, visitor, page) VALUES (6000, 'bob', 'help');

-- His two visits are now one, from 2 s to 13 s.
SELECT visitor, WINDOWSTART, WINDOWEND, COUNT(*) AS clicks
FROM clicks WINDOW SESSION (5 SECONDS) GROUP BY visitor;

-- As a push query the merge shows: bob's first visit [2 s, 2 s], his second
-- growing from [10 s, 10 s] to [10 s, 13 s], then the click at 6 s merging both
-- into [2 s, 13 s], 4 clicks.
SELECT visitor, WINDOWSTART, WINDOWEND, COUNT(*) AS clicks
FROM clicks WINDOW SESSION (5 SECONDS) WHERE visitor = 'bob' GROUP BY visitor
EMIT CHANGES LIMIT 4;

-- Next: lesson 3, late data and grace periods
-- (examples/lessons/03_late_data_and_grace.sql).
