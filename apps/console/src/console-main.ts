/**
 * Starts a whole console process: data directory, database + migrations, first admin,
 * leader election, background services, TLS, and the HTTPS API. `farsight console` calls
 * this and adds signal handling; tests call it directly on 127.0.0.x port 0.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { FarsightError } from '@farsight/common';
import { resolveConfig, type ConsoleConfig, type ConsoleConfigInput } from './config.ts';
import { openDb, migrateToLatest, type Db } from './db/index.ts';
import { ensureInitialAdmin } from './services/users.ts';
import { startLeaderElection, type Leader } from './leader.ts';
import { loadOrCreateTls, type TlsMaterial } from './tls.ts';
import { buildApp, type RouteInfo } from './http/app.ts';
import type { ConsoleApp } from './http/app-types.ts';
import { BACKGROUND } from './background/index.ts';

/** A running console. */
export interface RunningConsole {
  /** `https://host:port` clients use. */
  url: string;
  port: number;
  config: ConsoleConfig;
  app: ConsoleApp;
  db: Db;
  leader: Leader;
  tls: TlsMaterial;
  /** Set when this start created the first admin (password shown once). */
  initialAdmin: { login: string; password: string; generated: boolean } | null;
  /** Graceful stop: stop accepting, finish in-flight requests, stop background work, release the leader lock, close the DB. */
  stop(): Promise<void>;
}

/** Options besides the config. */
export interface StartOptions {
  /** Where human messages go (the admin password line). Default: stdout. */
  print?: (line: string) => void;
  /** Collects every registered route (RBAC test). */
  onRoute?: (r: RouteInfo) => void;
  /** The API's clock (default: the wall clock); tests move it to expire exceptions. */
  clock?: () => Date;
}

function urlOf(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `https://${h}:${port}`;
}

async function openAndMigrate(config: ConsoleConfig): Promise<Db> {
  const db = openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  try {
    await migrateToLatest(db);
    return db;
  } catch (e) {
    await db.destroy().catch(() => {});
    if (e instanceof FarsightError) throw e;
    const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : config.sqlitePath;
    throw new FarsightError('DB_UNAVAILABLE', `cannot open the console database (${where}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Starts the console; resolves once it listens. */
export async function startConsole(input: ConsoleConfig | ConsoleConfigInput = {}, opts: StartOptions = {}): Promise<RunningConsole> {
  const config = resolveConfig(input);
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = await openAndMigrate(config);
  const cleanups: (() => Promise<void>)[] = [() => db.destroy()];
  const undo = async (): Promise<void> => { for (const c of cleanups.reverse()) await c().catch(() => {}); };
  try {
    const initialAdmin = await ensureInitialAdmin(db, config.adminPassword);
    if (initialAdmin?.generated) {
      print(`farsight console: created global administrator '${initialAdmin.login}' with one-time password: ${initialAdmin.password}`);
      print('farsight console: this password is shown only now; store it, then create named users and API keys.');
    }
    const leader = startLeaderElection(config.databaseUrl, config.leaderRetryMs);
    cleanups.push(() => leader.stop());
    const tls = await loadOrCreateTls({ dataDir: config.dataDir, host: config.host, names: config.tlsNames, certFile: config.tlsCertFile, keyFile: config.tlsKeyFile });
    const app = await buildApp({ db, config, leader, https: { key: tls.key, cert: tls.cert }, onRoute: opts.onRoute, clock: opts.clock });
    cleanups.push(() => app.close());
    const stops: { name: string; stop(): Promise<void> }[] = [];
    for (const svc of BACKGROUND) {
      const h = await svc.start({ db, config, leader, log: app.log.child({ service: svc.name }) });
      stops.push({ name: svc.name, stop: () => h.stop() });
    }
    // Background services stop after the HTTP server has drained (cleanups run in reverse).
    cleanups.splice(1, 0, async () => { for (const s of stops.reverse()) await s.stop().catch((e: unknown) => app.log.error({ err: e }, `stopping ${s.name} failed`)); });
    // Fastify cannot tell our serverFactory serves TLS; say https in its startup line.
    await app.listen({ host: config.host, port: config.port, listenTextResolver: (address) => `console listening at ${address.replace(/^http:/, 'https:')}` });
    const port = (app.server.address() as AddressInfo).port;
    const url = urlOf(config.host, port);
    let stopping: Promise<void> | null = null;
    return { url, port, config, app, db, leader, tls, initialAdmin, stop: () => (stopping ??= undo()) };
  } catch (e) {
    await undo();
    throw e;
  }
}
