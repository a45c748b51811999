/**
 * Leader election among console processes sharing one PostgreSQL: the process holding a
 * session-level `pg_try_advisory_lock` on a dedicated connection runs the scheduler and scan
 * dispatch. The lock dies with its connection, so when the leader is killed (even kill -9)
 * PostgreSQL releases it and a follower, retrying every `retryMs`, takes over. With SQLite
 * the single process is always leader.
 *
 * Usage: `leader.on('leader', start)`, `leader.on('follower', stop)`, `leader.isLeader()`.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** Advisory lock key: 64-bit, fixed ("farsight" in ASCII) so every console version agrees. */
export const LEADER_LOCK_KEY = '7377861383779659892';

/** Events: 'leader' when this process becomes leader, 'follower' when it loses leadership. */
export interface Leader {
  isLeader(): boolean;
  on(event: 'leader' | 'follower', fn: () => void): this;
  off(event: 'leader' | 'follower', fn: () => void): this;
  /** Gives up leadership (releases the lock) and stops retrying. */
  stop(): Promise<void>;
}

class StaticLeader extends EventEmitter implements Leader {
  #leader = true;
  isLeader(): boolean { return this.#leader; }
  start(): void { queueMicrotask(() => this.emit('leader')); }
  stop(): Promise<void> {
    if (this.#leader) { this.#leader = false; this.emit('follower'); }
    return Promise.resolve();
  }
}

class PgLeader extends EventEmitter implements Leader {
  #url: string; #retryMs: number; #client: pg.Client | null = null; #leader = false; #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  constructor(url: string, retryMs: number) { super(); this.#url = url; this.#retryMs = retryMs; }
  isLeader(): boolean { return this.#leader; }

  #set(v: boolean): void {
    if (this.#leader === v) return;
    this.#leader = v;
    this.emit(v ? 'leader' : 'follower');
  }

  async #connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: this.#url, application_name: 'farsight-console-leader', connectionTimeoutMillis: 10_000 });
    c.on('error', () => this.#drop(c));
    c.on('end', () => this.#drop(c));
    await c.connect();
    return c;
  }

  #drop(c: pg.Client): void {
    if (this.#client !== c) return;
    this.#client = null;
    this.#set(false);
    c.end().catch(() => {});
  }

  /** One attempt: become leader, or (when leader) check the lock's connection is alive. */
  async tick(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.#client ??= await this.#connect();
      const c = this.#client;
      if (this.#leader) await c.query('SELECT 1');
      else {
        const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [LEADER_LOCK_KEY]);
        if (this.#stopped) return;
        this.#set(r.rows[0]?.ok === true);
      }
    } catch {
      if (this.#client) this.#drop(this.#client);
    }
  }

  start(): void {
    const loop = (): void => {
      if (this.#stopped) return;
      this.tick().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(loop, this.#leader ? Math.max(this.#retryMs, 1000) : this.#retryMs);
      }).catch(() => {});
    };
    loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const c = this.#client;
    this.#client = null;
    this.#set(false);
    if (c) await c.end().catch(() => {});
  }
}

/** Starts leader election: PostgreSQL advisory lock when `databaseUrl` is set, otherwise always leader. */
export function startLeaderElection(databaseUrl: string | undefined, retryMs = 3000): Leader {
  const l = databaseUrl ? new PgLeader(databaseUrl, retryMs) : new StaticLeader();
  l.start();
  return l;
}
