-- Lesson 4: joins
--
-- A join matches rows of two sources whose ON columns are equal, as in SQL, but
-- on data in motion. Which join you get depends on what is joined:
--   stream-table   each event looks up the table as of its time (INNER, LEFT);
--   stream-stream  events of both sides close in time, WITHIN a bound;
--   table-table    on both keys, or from a column of the left table to the
--                  right table's key (a foreign key); the result is a table.
-- A shop: customers (a table), orders and shipments (streams).
--
-- Run it whole (a catalog of its own for the lessons):
--   riffle --catalog /tmp/lessons.db -f examples/lessons/04_joins.sql
-- or step by step at the prompt, Enter running each next step:
--   .step examples/lessons/04_joins.sql
-- More at the prompt: HELP JOIN, HELP JOIN STREAM-TABLE,
-- HELP JOIN STREAM-STREAM, HELP JOIN TABLE-TABLE, HELP JOIN FOREIGN KEY.

-- A clean slate (see lesson 1).
DROP TABLE IF EXISTS order_rows;
DROP TABLE IF EXISTS loyalty DELETE TOPIC;
DROP TABLE IF EXISTS customers DELETE TOPIC;
DROP STREAM IF EXISTS shipments DELETE TOPIC;
DROP STREAM IF EXISTS orders DELETE TOPIC;
SET 'auto.offset.reset'='earliest';

CREATE TABLE customers (name STRING PRIMARY KEY, city STRING)
  WITH (KAFKA_TOPIC='lesson4_customers', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM orders (id STRING KEY, customer STRING, amount INT)
  WITH (KAFKA_TOPIC='lesson4_orders', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM shipments (order_id STRING KEY, carrier STRING)
  WITH (KAFKA_TOPIC='lesson4_shipments', VALUE_FORMAT='JSON', PARTITIONS=1);

-- ann lives in Paris, bob in Rome. Event times in milliseconds; one minute is
-- 60000.
INSERT INTO customers (ROWTIME, name, city) VALUES (0, 'ann', 'Paris');
INSERT INTO customers (ROWTIME, name, city) VALUES (0, 'bob', 'Rome');

-- Three orders: ann's, one from zed (not a customer), and bob's.
INSERT INTO orders (ROWTIME, id, customer, amount) VALUES (60000, 'o1', 'ann', 10);
INSERT INTO orders (ROWTIME, id, customer, amount) VALUES (120000, 'o2', 'zed', 20);
INSERT INTO orders (ROWTIME, id, customer, amount) VALUES (180000, 'o3', 'bob', 30);

-- STREAM-TABLE, INNER: each order with its customer's city. zed's order has no
-- match and is left out.
SELECT o.id, customer, amount, city FROM orders o
  JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 2;

-- LEFT keeps every order; without a match the table's columns are NULL.
SELECT o.id, customer, amount, city FROM orders o
  LEFT JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 3;

-- ann moves to Lyon at minute 4, then orders again at minute 5.
INSERT INTO customers (ROWTIME, name, city) VALUES (240000, 'ann', 'Lyon');
INSERT INTO orders (ROWTIME, id, customer, amount) VALUES (300000, 'o4', 'ann', 40);

-- Each order sees the table as it was at the order's event time: o1 still says
-- Paris, o4 says Lyon. A table update never changes results already given.
SELECT o.id, customer, city FROM orders o
  JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 3;

-- Shipments: o4 ships 10 minutes after its order, o1 after 30 minutes, o3 after
-- 2 hours.
INSERT INTO shipments (ROWTIME, order_id, carrier) VALUES (900000, 'o4', 'bike');
INSERT INTO shipments (ROWTIME, order_id, carrier) VALUES (1860000, 'o1', 'post');
INSERT INTO shipments (ROWTIME, order_id, carrier) VALUES (7380000, 'o3', 'van');

-- STREAM-STREAM: both sides go on forever, so the join needs a bound: WITHIN 1
-- HOUR matches an order and a shipment at most an hour apart. Each side is kept
-- for WITHIN plus the grace period, then forgotten. o3's shipment came too late
-- to match.
SELECT o.id, amount, carrier FROM orders o
  JOIN shipments s WITHIN 1 HOUR GRACE PERIOD 5 MINUTES ON o.id = s.order_id
  EMIT CHANGES LIMIT 2;

-- LEFT with a grace period: an order without a shipment comes out NULL-padded
-- once its window has closed (stream time past its time + 1 hour + 5 minutes)
-- without a match: o2 and o3, when o3's shipment, 2 hours in, moves stream time
-- past their windows. Rows come out in event-time order: o4's match (at 15
-- minutes) before o1's (at 31 minutes).
SELECT o.id, amount, carrier FROM orders o
  LEFT JOIN shipments s WITHIN 1 HOUR GRACE PERIOD 5 MINUTES
  ON o.id = s.order_id
  EMIT CHANGES LIMIT 4;

-- TABLE-TABLE on both keys: customers and their loyalty level. The result is a
-- table that changes when either side does; FULL OUTER keeps keys found on
-- either side (keyed ROWKEY).
CREATE TABLE loyalty (name STRING PRIMARY KEY, level STRING)
  WITH (KAFKA_TOPIC='lesson4_loyalty', VALUE_FORMAT='JSON', PARTITIONS=1);
INSERT INTO loyalty (ROWTIME, name, level) VALUES (100000, 'bob', 'gold');
INSERT INTO loyalty (ROWTIME, name, level) VALUES (200000, 'eve', 'silver');

SELECT ROWKEY, city, level FROM customers c
  FULL OUTER JOIN loyalty l ON c.name = l.name EMIT CHANGES LIMIT 5;

-- FOREIGN KEY: the orders topic read as a table (one row per order id), joined
-- from its customer column to the customers' key: many orders, one customer.
-- When ann moved to Lyon, her order o1 was emitted again with the new city.
CREATE TABLE order_rows (id STRING PRIMARY KEY, customer STRING, amount INT)
  WITH (KAFKA_TOPIC='lesson4_orders', VALUE_FORMAT='JSON');

SELECT o.id, amount, city FROM order_rows o
  JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 4;

-- Next: lesson 5, changelogs and materialized views
-- (examples/lessons/05_changelogs_and_materialized_views.sql).
