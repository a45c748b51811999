/** Console test harness: consoles on SQLite/PostgreSQL, the throwaway PostgreSQL, per-database test helper, v3 schema checks. */
import { test, type TestContext } from 'node:test';
import { postgresAvailable } from './postgres.ts';
import type { DbKind } from './console.ts';

export { startTestConsole, type TestConsole, type TestAuth, type TestResponse, type RequestOptions, type DbKind } from './console.ts';
export { startPostgres, postgresAvailable, type PgCluster } from './postgres.ts';
export { assertMatchesV3, v3Errors } from './v3-schema.ts';

/** Databases chosen by FARSIGHT_TEST_DB=sqlite|postgres|both (default both). */
export function testDbs(): DbKind[] {
  const v = (process.env.FARSIGHT_TEST_DB ?? 'both').toLowerCase();
  if (v === 'sqlite') return ['sqlite'];
  if (v === 'postgres' || v === 'postgresql' || v === 'pg') return ['postgres'];
  if (v === 'both' || v === '') return ['sqlite', 'postgres'];
  throw new Error(`FARSIGHT_TEST_DB must be sqlite, postgres or both (got ${v})`);
}

/**
 * Registers `name [sqlite]` and `name [postgres]` tests (per FARSIGHT_TEST_DB). When
 * PostgreSQL is not installed and FARSIGHT_TEST_DB is not explicitly `postgres`, the
 * PostgreSQL variant is skipped with a reason.
 */
export function forEachDb(name: string, fn: (t: TestContext, db: DbKind) => Promise<void>, opts: { timeout?: number } = {}): void {
  for (const db of testDbs()) {
    const skip = db === 'postgres' && !postgresAvailable() && process.env.FARSIGHT_TEST_DB !== 'postgres'
      ? 'PostgreSQL 15 binaries not installed (apt-get install postgresql)' : false;
    test(`${name} [${db}]`, { skip, timeout: opts.timeout ?? 240_000 }, (t) => fn(t, db));
  }
}
