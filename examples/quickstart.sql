-- The getting-started data that `make demo` loads into a new catalog. The local broker keeps
-- the records on disk, so `make demo` runs this only once; running it again by hand adds the
-- same rows a second time (OR REPLACE keeps the catalog entries).

CREATE OR REPLACE STREAM pageviews (
  user_id STRING KEY,
  page STRING,
  duration_ms INT,
  viewed_at TIMESTAMP
) WITH (KAFKA_TOPIC='pageviews', PARTITIONS=1, VALUE_FORMAT='JSON', TIMESTAMP='viewed_at');

CREATE OR REPLACE STREAM orders (
  order_id BIGINT KEY,
  customer STRUCT<name STRING, city STRING>,
  items ARRAY<STRING>,
  amount DECIMAL(10, 2),
  status STRING
) WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');

CREATE OR REPLACE STREAM sensor_readings (
  sensor STRING KEY,
  celsius DOUBLE,
  ok BOOLEAN
) WITH (KAFKA_TOPIC='sensor_readings', PARTITIONS=1, VALUE_FORMAT='DELIMITED');

INSERT INTO pageviews (user_id, page, duration_ms, viewed_at) VALUES ('alice', '/home', 1200, '2026-01-05T09:00:00');
INSERT INTO pageviews (user_id, page, duration_ms, viewed_at) VALUES ('bob', '/pricing', 4300, '2026-01-05T09:00:07');
INSERT INTO pageviews (user_id, page, duration_ms, viewed_at) VALUES ('alice', '/docs/quickstart', 61000, '2026-01-05T09:01:30');
INSERT INTO pageviews (user_id, page, duration_ms, viewed_at) VALUES ('carol', '/home', 800, '2026-01-05T09:02:11');
INSERT INTO pageviews (user_id, page, duration_ms, viewed_at) VALUES ('bob', '/signup', 15000, '2026-01-05T09:03:42');

INSERT INTO orders VALUES (1001, STRUCT(name := 'Alice', city := 'Lyon'), ARRAY['book', 'pen'], 23.50, 'PAID');
INSERT INTO orders VALUES (1002, STRUCT(name := 'Bob', city := 'Oslo'), ARRAY['laptop'], 1299.00, 'PENDING');
INSERT INTO orders VALUES (1003, STRUCT(name := 'Carol', city := 'Lima'), ARRAY['mug', 'tea', 'honey'], 31.25, 'PAID');

INSERT INTO sensor_readings VALUES ('s-1', 21.5, true);
INSERT INTO sensor_readings VALUES ('s-2', 38.9, false);
INSERT INTO sensor_readings VALUES ('s-1', 22.0, true);

-- Generated data that keeps coming (5 trades a second), so push queries always have something
-- to show: SELECT symbol, side, price FROM trades EMIT CHANGES;
CREATE OR REPLACE STREAM trades WITH (CONNECTOR='datagen', GENERATOR='trades', RATE=5);

SET 'auto.offset.reset' = 'earliest';
