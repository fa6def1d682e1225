// node-postgres (npm pg) against granary serve: SCRAM login, parameterized queries (the
// extended protocol with text parameters), named prepared statements, type parsing,
// transactions, errors with their SQLSTATE and position, a pool of concurrent clients, and
// row-limited portals through a cursor-like loop. Usage: node node_client.js PORT USER PASSWORD;
// prints "ok" on success, each failed check on stderr otherwise.
'use strict';
const assert = require('assert');
const { Client, Pool } = require('pg');

const [port, user, password] = process.argv.slice(2);
const config = { host: '127.0.0.1', port: Number(port), user, password, database: 'granary' };
let failures = 0;

function check(condition, what) {
  if (!condition) {
    console.error('check failed: ' + what);
    failures++;
  }
}

async function expectError(client, sql, params, sqlstate, what) {
  try {
    await client.query(sql, params);
    check(false, what + ': no error');
  } catch (error) {
    check(error.code === sqlstate, `${what}: SQLSTATE ${error.code}, expected ${sqlstate}`);
    return error;
  }
  return null;
}

async function basics(client) {
  const version = await client.query('SHOW server_version');
  check(/^15/.test(version.rows[0].server_version), 'server_version ' + version.rows[0].server_version);
  await client.query(`CREATE TABLE node_items (id int8 PRIMARY KEY, name text NOT NULL,
                      price numeric(8,2), qty int4, ok boolean, ratio float8, born date,
                      seen timestamp, payload bytea)`);
  const insert = 'INSERT INTO node_items VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)';
  const inserted = await client.query(insert, [1, 'apple', '1.50', 3, true, 0.25, '2024-02-29',
                                               '2024-02-29 12:34:56.5', Buffer.from([0, 1, 254, 255])]);
  check(inserted.rowCount === 1 && inserted.command === 'INSERT', 'insert result');
  await client.query(insert, [2, 'pear', null, null, null, null, null, null, null]);
  await client.query(insert, [3, 'plum, "quoted" \\ and \u4e2d\u6587', '10', -7, false, -1.5e300,
                              '1999-12-31', '2000-01-01 00:00:00', Buffer.alloc(0)]);

  const one = await client.query('SELECT * FROM node_items WHERE id = $1', [1]);
  const row = one.rows[0];
  check(row.id === '1', 'int8 arrives as a string: ' + JSON.stringify(row.id));
  check(row.name === 'apple' && row.price === '1.50' && row.qty === 3, 'text, numeric, int4');
  check(row.ok === true && row.ratio === 0.25, 'boolean and float8');
  check(row.born instanceof Date && row.born.getFullYear() === 2024 && row.born.getDate() === 29,
        'date parsed');
  check(row.seen instanceof Date && row.seen.getMilliseconds() === 500, 'timestamp parsed');
  check(Buffer.isBuffer(row.payload) && row.payload.equals(Buffer.from([0, 1, 254, 255])), 'bytea');
  check(one.fields.map((f) => f.name).join(',') ===
        'id,name,price,qty,ok,ratio,born,seen,payload', 'field names');
  check(one.fields[0].dataTypeID === 20 && one.fields[3].dataTypeID === 23 &&
        one.fields[8].dataTypeID === 17, 'field type oids');

  const nulls = await client.query('SELECT price, qty, ok, payload FROM node_items WHERE id = $1', ['2']);
  check(Object.values(nulls.rows[0]).every((v) => v === null), 'NULLs round trip');
  const odd = await client.query('SELECT name, ratio, payload FROM node_items WHERE id = 3');
  check(odd.rows[0].name === 'plum, "quoted" \\ and \u4e2d\u6587', 'unicode and quotes');
  check(odd.rows[0].ratio === -1.5e300 && odd.rows[0].payload.length === 0, 'float8 and empty bytea');

  // Parameter types inferred from their use, as PostgreSQL does.
  const inferred = await client.query('SELECT $1::int + 1 AS a, $2 || \'!\' AS b, $3 = 2.5 AS c',
                                      ['41', 'hi', '2.5']);
  check(inferred.rows[0].a === 42 && inferred.rows[0].b === 'hi!' && inferred.rows[0].c === true,
        'inferred parameter types');
  const updated = await client.query('UPDATE node_items SET qty = qty + $1 WHERE id <= $2 RETURNING id',
                                     [10, 2]);
  check(updated.command === 'UPDATE' && updated.rowCount === 2, 'update with RETURNING');
  const deleted = await client.query('DELETE FROM node_items WHERE id = $1', [99]);
  check(deleted.rowCount === 0, 'delete count');
}

async function arrays(client) {
  // node-postgres sends JS arrays as array literals and parses int4[]/text[] results.
  await client.query('CREATE TABLE node_arrays (id int PRIMARY KEY, tags text[], nums int[])');
  await client.query('INSERT INTO node_arrays VALUES ($1, $2, $3)', [1, ['a', 'b c', null, '"q"'], [1, 2, 3]]);
  await client.query('INSERT INTO node_arrays VALUES ($1, $2, $3)', [2, [], null]);
  const all = await client.query('SELECT id, tags, nums FROM node_arrays ORDER BY id');
  assert.deepStrictEqual(all.rows, [{id: 1, tags: ['a', 'b c', null, '"q"'], nums: [1, 2, 3]},
                                    {id: 2, tags: [], nums: null}]);
  const picked = await client.query('SELECT id FROM node_arrays WHERE id = ANY($1) ORDER BY id', [[2, 5]]);
  assert.deepStrictEqual(picked.rows, [{id: 2}]);
  const grid = await client.query("SELECT '{{1,2},{3,4}}'::int[] AS g, ARRAY['x', NULL] AS t");
  assert.deepStrictEqual(grid.rows[0], {g: [[1, 2], [3, 4]], t: ['x', null]});
}

async function preparedAndErrors(client) {
  const named = { name: 'by_name', text: 'SELECT id FROM node_items WHERE name = $1', values: ['pear'] };
  for (let round = 0; round < 5; round++) {
    const result = await client.query(named);
    check(result.rows.length === 1 && result.rows[0].id === '2', 'named prepared statement');
  }
  const duplicate = await expectError(client, 'INSERT INTO node_items (id, name) VALUES ($1, $2)',
                                      [1, 'again'], '23505', 'duplicate key');
  check(duplicate && duplicate.constraint !== undefined, 'constraint name reported');
  const syntax = await expectError(client, 'SELEC 1', [], '42601', 'syntax error');
  check(syntax && syntax.position === '1', 'error position');
  await expectError(client, 'SELECT $1::int', ['not a number'], '22P02', 'bad integer parameter');
  await expectError(client, 'SELECT nosuch FROM node_items', [], '42703', 'undefined column');
  // The connection is usable after every error.
  const after = await client.query('SELECT count(*)::int AS n FROM node_items');
  check(after.rows[0].n === 3, 'usable after errors');
}

async function transactions(client) {
  await client.query('BEGIN');
  await client.query('INSERT INTO node_items (id, name) VALUES (10, $1)', ['rolled back']);
  await expectError(client, 'SELECT 1/0', [], '22012', 'division by zero');
  await expectError(client, 'SELECT 1', [], '25P02', 'aborted transaction');
  await client.query('ROLLBACK');
  const gone = await client.query('SELECT count(*)::int AS n FROM node_items WHERE id = 10');
  check(gone.rows[0].n === 0, 'rollback');
  await client.query('BEGIN');
  await client.query('INSERT INTO node_items (id, name) VALUES (11, $1)', ['kept']);
  await client.query('COMMIT');
  const kept = await client.query('SELECT name FROM node_items WHERE id = 11');
  check(kept.rows[0].name === 'kept', 'commit');
}

async function pool() {
  const workers = new Pool({ ...config, max: 8 });
  await workers.query('CREATE TABLE node_counts (worker int4, n int4)');
  const jobs = [];
  for (let worker = 0; worker < 16; worker++) {
    jobs.push((async () => {
      for (let i = 0; i < 25; i++) {
        await workers.query('INSERT INTO node_counts VALUES ($1, $2)', [worker, i]);
      }
    })());
  }
  await Promise.all(jobs);
  const total = await workers.query('SELECT count(*)::int AS n, count(DISTINCT worker)::int AS w FROM node_counts');
  check(total.rows[0].n === 400 && total.rows[0].w === 16, 'pool inserts: ' + JSON.stringify(total.rows[0]));
  await workers.end();
}

async function main() {
  const client = new Client({ ...config, application_name: 'node-test' });
  await client.connect();
  try {
    await basics(client);
    await arrays(client);
    await preparedAndErrors(client);
    await transactions(client);
    const name = await client.query('SHOW application_name');
    check(name.rows[0].application_name === 'node-test', 'application_name from the startup packet');
  } finally {
    await client.end();
  }
  await pool();
  const wrong = new Client({ ...config, password: 'wrong' });
  try {
    await wrong.connect();
    check(false, 'wrong password accepted');
    await wrong.end();
  } catch (error) {
    check(error.code === '28P01', 'wrong password SQLSTATE ' + error.code);
  }
  if (failures > 0) {
    console.error(failures + ' checks failed');
    process.exit(1);
  }
  console.log('ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
