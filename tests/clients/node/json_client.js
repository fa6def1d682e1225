// node-postgres (npm pg) and the json types: json and jsonb result columns arrive parsed
// (pg-types parses OIDs 114 and 3802 with JSON.parse), uuid as its canonical text; an object
// passed as a parameter is sent as its JSON text. Usage: node json_client.js PORT USER;
// prints "ok" on success.
'use strict';
const assert = require('assert');
const { Client } = require('pg');

const [port, user] = process.argv.slice(2);

async function main() {
  const client = new Client({ host: '127.0.0.1', port: Number(port), user, database: 'granary' });
  await client.connect();
  try {
    await client.query('CREATE TABLE node_docs (id uuid PRIMARY KEY, doc jsonb, raw json)');
    const doc = { b: [1, 2.5, null], a: { nested: true }, s: 'quote " and \u00e9' };
    await client.query('INSERT INTO node_docs VALUES ($1, $2, $3)',
                       ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', doc, JSON.stringify([1, 'x'])]);
    const result = await client.query('SELECT id, doc, raw, doc -> $1 AS a FROM node_docs', ['a']);
    const row = result.rows[0];
    assert.strictEqual(row.id, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    assert.deepStrictEqual(row.doc, doc);
    assert.deepStrictEqual(row.raw, [1, 'x']);
    assert.deepStrictEqual(row.a, { nested: true });
    assert.deepStrictEqual(result.fields.map((f) => f.dataTypeID), [2950, 3802, 114, 3802]);
    try {
      await client.query("SELECT '{\"a\":'::jsonb");
      assert.fail('no error');
    } catch (error) {
      assert.strictEqual(error.code, '22P02');
      assert.strictEqual(error.detail, 'The input string ended unexpectedly.');
    }
  } finally {
    await client.end();
  }
  console.log('ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
