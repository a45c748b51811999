/**
 * The console tests' PostgreSQL: one throwaway cluster per test process (started on first use,
 * stopped in the root `after` hook or at exit), a fresh database per console.
 */
import { after } from 'node:test';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';

export { PG_BIN, postgresAvailable, startPgCluster, type PgCluster } from './pg-cluster.ts';

let shared: Promise<PgCluster> | null = null;

/** The test process's cluster (started on first call). */
export function startPostgres(): Promise<PgCluster> {
  shared ??= startPgCluster();
  return shared;
}

// Root-level hook: stop the cluster when this test file's tests are done. A cluster that never
// started must not fail this hook: a failing root hook skips the file's other `after` hooks, and
// the servers they would close keep the test process (and CI) alive forever.
after(async () => {
  const cluster = await shared?.catch(() => undefined);
  await cluster?.stop();
});
