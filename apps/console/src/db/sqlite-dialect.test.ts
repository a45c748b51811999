import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, sql } from 'kysely';
import { StatementCache, openSqlite } from './sqlite-dialect.ts';
import type { SqliteStatement } from 'kysely';

function fakeStatement(): SqliteStatement {
  return { reader: false, all: () => [], run: () => ({ changes: 0, lastInsertRowid: 0 }), iterate: () => [][Symbol.iterator]() };
}

test('StatementCache prepares each SQL text once and evicts the least recently used', () => {
  const prepared: string[] = [];
  const cache = new StatementCache((s) => { prepared.push(s); return fakeStatement(); }, 2);
  const a = cache.get('A');
  assert.equal(cache.get('A'), a);
  cache.get('B');
  cache.get('A'); // A is now the most recently used
  cache.get('C'); // evicts B
  assert.equal(cache.size, 2);
  cache.get('A');
  cache.get('B'); // prepared again
  assert.deepEqual(prepared, ['A', 'B', 'C', 'B']);
});

test('a reused statement gives fresh results (reset between runs) and survives eviction churn', async () => {
  const { dialect } = openSqlite({ path: ':memory:' });
  const db = new Kysely<{ t: { id: number; v: string } }>({ dialect });
  try {
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(db);
    for (let i = 0; i < 5; i++) await db.insertInto('t').values({ id: i, v: `v${i}` }).execute();
    for (let i = 0; i < 5; i++) {
      const r = await db.selectFrom('t').select('v').where('id', '=', i).executeTakeFirst();
      assert.equal(r?.v, `v${i}`);
    }
    // More distinct texts than the cache holds: evicted statements must not break later queries.
    for (let i = 0; i < 300; i++) await sql.raw(`SELECT ${i} AS n`).execute(db);
    const rows = await db.selectFrom('t').select('id').orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.id), [0, 1, 2, 3, 4]);
    const streamed: number[] = [];
    for await (const r of db.selectFrom('t').select('id').orderBy('id').stream()) streamed.push(r.id);
    assert.deepEqual(streamed, [0, 1, 2, 3, 4]);
  } finally {
    await db.destroy();
  }
});
