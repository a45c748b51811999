import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely } from 'kysely';
import { bulkInsert, forIdChunks, postgresInsertText, sqliteChunkRows, sqliteInsertText, SQLITE_MAX_ROWS } from './bulk.ts';
import { openSqlite } from './sqlite-dialect.ts';
import type { Database } from './schema.ts';

test('bulk statement texts: placeholders per row on SQLite, one array per column on PostgreSQL', () => {
  const cols = [['a', 'integer'], ['b', 'text']] as const;
  assert.equal(sqliteInsertText('t', cols, 2, 'ON CONFLICT DO NOTHING'), 'INSERT INTO "t" ("a","b") VALUES (?,?),(?,?) ON CONFLICT DO NOTHING');
  assert.equal(postgresInsertText('t', cols, ''), 'INSERT INTO "t" ("a","b") SELECT * FROM unnest($1::integer[],$2::text[])');
  assert.equal(sqliteChunkRows(15), SQLITE_MAX_ROWS);
  assert.equal(sqliteChunkRows(100), 160);
  assert.equal(sqliteChunkRows(100_000), 1);
});

test('bulkInsert chunks many rows, keeps nulls, returns RETURNING rows; forIdChunks binds params then ids', async () => {
  const { dialect } = openSqlite({ path: ':memory:' });
  const db = new Kysely<Database>({ dialect });
  try {
    await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('v', 'text').execute();
    const rows = Array.from({ length: 1234 }, (_, i) => [i + 1, i % 2 ? `v${i}` : null]);
    const back = await bulkInsert<{ id: number }>(db, 't', [['id', 'integer'], ['v', 'text']], rows, 'RETURNING id');
    assert.equal(back.length, 1234);
    const again = await bulkInsert(db, 't', [['id', 'integer'], ['v', 'text']], [[1, 'dup']], 'ON CONFLICT (id) DO UPDATE SET v = excluded.v');
    assert.deepEqual(again, []);
    const t = db as unknown as Kysely<{ t: { id: number; v: string | null } }>;
    assert.equal((await t.selectFrom('t').select('v').where('id', '=', 1).executeTakeFirstOrThrow()).v, 'dup');
    assert.equal((await t.selectFrom('t').select('v').where('id', '=', 3).executeTakeFirstOrThrow()).v, null);
    await forIdChunks(db, 'UPDATE t SET v = ? WHERE id IN (:ids)', ['x'], Array.from({ length: 700 }, (_, i) => i + 1));
    const n = await t.selectFrom('t').select((eb) => eb.fn.countAll<number>().as('n')).where('v', '=', 'x').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 700);
  } finally {
    await db.destroy();
  }
});
