// Runs one workload of bench/compare/compare.py in DuckDB or chDB (npm packages, one thread)
// and writes its rows as CSV without a header: node peers.js duckdb|chdb a|b|c INPUT OUTPUT.
// The SQL mirrors riffle's queries in compare.py: declared columns, same filter and groups.
'use strict';
const fs = require('fs');

const [engine, workload, input, output] = process.argv.slice(2);
if (!engine || !workload || !input || !output) {
  console.error('usage: node peers.js duckdb|chdb a|b|c INPUT.json OUTPUT.csv');
  process.exit(2);
}
const quote = (s) => "'" + s.replace(/'/g, "''") + "'";
const kPriceAbove = 90099;

async function duckdb() {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  const src = `read_json(${quote(input)}, format='newline_delimited', columns={AUCTION: 'BIGINT',
    BIDDER: 'BIGINT', PRICE: 'BIGINT', CHANNEL: 'VARCHAR', URL: 'VARCHAR', DATETIME: 'BIGINT',
    EXTRA: 'VARCHAR'})`;
  const queries = {
    a: `SELECT AUCTION, BIDDER, PRICE FROM ${src} WHERE PRICE > ${kPriceAbove}`,
    b: `SELECT AUCTION, count(*) FROM ${src} GROUP BY AUCTION`,
    c: `SELECT AUCTION, DATETIME // 60000 * 60000 AS WS, count(*) FROM ${src} GROUP BY ALL`,
  };
  await con.run(`COPY (${queries[workload]}) TO ${quote(output)} (FORMAT csv, HEADER false)`);
}

function chdb() {
  const { query } = require('chdb');
  const src = `file(${quote(input)}, JSONEachRow, 'AUCTION Int64, BIDDER Int64, PRICE Int64,
    CHANNEL String, URL String, DATETIME Int64, EXTRA String')`;
  const queries = {
    a: `SELECT AUCTION, BIDDER, PRICE FROM ${src} WHERE PRICE > ${kPriceAbove}`,
    b: `SELECT AUCTION, count() FROM ${src} GROUP BY AUCTION`,
    c: `SELECT AUCTION, intDiv(DATETIME, 60000) * 60000 AS WS, count() FROM ${src}
        GROUP BY AUCTION, WS`,
  };
  const csv = query(`${queries[workload]} SETTINGS max_threads = 1`, 'CSV');
  fs.writeFileSync(output, csv);
}

(async () => {
  if (engine === 'duckdb') await duckdb();
  else if (engine === 'chdb') chdb();
  else throw new Error(`unknown engine ${engine}`);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
