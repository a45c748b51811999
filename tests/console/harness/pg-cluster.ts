/**
 * A throwaway PostgreSQL 15 cluster: initdb into a temp dir owned by the `postgres` user (run
 * through `runuser` when we are root), listening on 127.0.0.1 at a free port with fsync off,
 * deleted on stop() or at process exit. Used by the console tests (harness/postgres.ts adds the
 * per-process singleton and the node:test hook) and by the console benchmarks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, chownSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's PostgreSQL 15 binaries live. */
export const PG_BIN = process.env.FARSIGHT_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running throwaway cluster. */
export interface PgCluster {
  host: string;
  port: number;
  /** URL of database `db` as the superuser `postgres` (trust auth on loopback). */
  url(db?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** True when the PostgreSQL binaries are installed. */
export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

const isRoot = process.getuid?.() === 0;
// Absolute: a root shell's PATH may lack /usr/sbin (e.g. PATH=/usr/bin:/bin), and `runuser` lives there.
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p)) ?? 'runuser';

function asPostgres(cmd: string, args: string[]): void {
  const [file, argv] = isRoot ? [RUNUSER, ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args]] : [join(PG_BIN, cmd), args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a cluster; `extraOptions` are more `-c name=value` server settings. */
export async function startPgCluster(extraOptions = ''): Promise<PgCluster> {
  const root = mkdtempSync(join(tmpdir(), 'farsight-pg-'));
  const data = join(root, 'data');
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 ${extraOptions}`;
    try {
      asPostgres('pg_ctl', ['-D', data, '-l', join(root, 'log'), '-w', '-t', '60', '-o', opts, 'start']);
      break;
    } catch (e) {
      if (attempt >= 2) throw new Error(`PostgreSQL did not start (log: ${join(root, 'log')})`, { cause: e });
    }
  }
  let n = 0;
  let stopped = false;
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    const [file, argv] = isRoot ? [RUNUSER, ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']] : [join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']];
    spawnSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  const url = (db = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    host: '127.0.0.1', port, url,
    async createDatabase() {
      const name = `farsight_${process.pid}_${++n}`;
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try { await c.query(`CREATE DATABASE ${name}`); } finally { await c.end(); }
      return url(name);
    },
    stop() { stopSync(); return Promise.resolve(); },
  };
}
