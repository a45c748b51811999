/**
 * The dispatcher's pool work, once per tick: splits queued pool scans over the pool's
 * connected engines, moves the unfinished hosts of a chunk whose engine stayed away longer
 * than the failover wait to another engine of the pool, and finishes pool scans whose chunks
 * all ended. Transport-independent: it only looks at which engines have a link.
 */
import { toFarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { chunksOnEngines, moveChunk, planPoolScan, poolMembers, syncPoolScans } from '../services/scans-pool.ts';
import type { Log } from './session.ts';

/** Fallback wait before an engine that lost its link counts as Down for failover (the dispatcher passes the Down threshold). */
export const DEFAULT_FAILOVER_MS = 60_000;

/** Options of the coordinator. */
export interface PoolCoordinatorOptions {
  db: Db;
  log: Log;
  /** How long an engine may be disconnected before its chunks move (default DEFAULT_FAILOVER_MS). */
  failoverMs?: number;
  /** Engines that take no new scans now (maintenance), with the reason. */
  blocked?: () => ReadonlyMap<number, string>;
  now?: () => number;
}

/** Pool planning, failover and completion. */
export class PoolCoordinator {
  readonly #o: PoolCoordinatorOptions;
  /** Since when each engine with pool chunks has had no link. */
  readonly #awaySince = new Map<number, number>();
  readonly #noTarget = new Set<number>();

  constructor(options: PoolCoordinatorOptions) {
    this.#o = options;
  }

  #now(): number { return this.#o.now?.() ?? Date.now(); }

  /** One pass; `connected` are the engines with a live link. */
  async tick(connected: readonly number[]): Promise<void> {
    const usable = this.#usable(connected);
    await this.#plan(usable);
    await this.#failover(connected, usable);
    const ended = await syncPoolScans(this.#o.db);
    for (const id of ended) this.#o.log.info(`pool scan ${id} ended`);
  }

  #usable(connected: readonly number[]): Set<number> {
    const blocked = this.#o.blocked?.() ?? new Map<number, string>();
    return new Set(connected.filter((e) => !blocked.has(e)));
  }

  async #plan(usable: ReadonlySet<number>): Promise<void> {
    const db = this.#o.db;
    const queued = await db.selectFrom('scans').innerJoin('scan_engines', 'scan_engines.id', 'scans.engine_id')
      .select(['scans.id as id', 'scans.engine_id as poolId', 'scans.status_reason as reason'])
      .where('scans.status', '=', 'queued').where('scan_engines.kind', '=', 'pool').orderBy('scans.id').limit(100).execute();
    for (const s of queued) {
      const members = await poolMembers(db, s.poolId);
      const engines = members.filter((e) => usable.has(e));
      if (engines.length === 0) {
        const reason = `queued: no engine of pool ${s.poolId} is connected and free of maintenance (members: ${members.join(', ') || 'none'})`;
        if (s.reason !== reason) await db.updateTable('scans').set({ status_reason: reason }).where('id', '=', s.id).execute();
        continue;
      }
      const ids = await planPoolScan(db, s.id, engines);
      this.#o.log.info(`pool scan ${s.id}: chunks ${ids.join(', ')} on engines ${engines.join(', ')}`);
    }
  }

  async #failover(connected: readonly number[], usable: ReadonlySet<number>): Promise<void> {
    const db = this.#o.db;
    const now = this.#now();
    for (const e of connected) this.#awaySince.delete(e);
    const rows = await db.selectFrom('scans').select('engine_id').distinct().where('parent_scan_id', 'is not', null)
      .where('status', 'in', ['queued', 'dispatched', 'running']).execute();
    const away = rows.map((r) => r.engine_id).filter((e) => !connected.includes(e));
    for (const e of [...this.#awaySince.keys()]) if (!away.includes(e)) this.#awaySince.delete(e);
    const due: number[] = [];
    for (const e of away) {
      const since = this.#awaySince.get(e);
      if (since === undefined) this.#awaySince.set(e, now);
      else if (now - since >= (this.#o.failoverMs ?? DEFAULT_FAILOVER_MS)) due.push(e);
    }
    for (const chunk of await chunksOnEngines(db, due)) {
      const parent = await db.selectFrom('scans').select('engine_id').where('id', '=', chunk.parent_scan_id).executeTakeFirst();
      if (!parent) continue;
      const target = await this.#pickTarget(parent.engine_id, chunk.engine_id, usable);
      if (target === undefined) {
        if (!this.#noTarget.has(chunk.id)) this.#o.log.warn(`chunk ${chunk.id}: engine ${chunk.engine_id} is down and no other engine of pool ${parent.engine_id} is connected; it waits`);
        this.#noTarget.add(chunk.id);
        continue;
      }
      this.#noTarget.delete(chunk.id);
      const away = Math.round((now - (this.#awaySince.get(chunk.engine_id) ?? now)) / 1000);
      try {
        const moved = await moveChunk(db, chunk.id, target, `engine ${chunk.engine_id} has been disconnected for ${away} s`);
        this.#o.log.warn(`chunk ${chunk.id}: engine ${chunk.engine_id} down; ${moved === undefined ? 'nothing left to scan' : `unfinished hosts moved to engine ${target} (chunk ${moved})`}`);
      } catch (e) {
        this.#o.log.error(`chunk ${chunk.id}: failover failed: ${toFarsightError(e).message}`);
      }
    }
  }

  /** The usable member of the pool (not `dead`) with the fewest active scans. */
  async #pickTarget(poolId: number, dead: number, usable: ReadonlySet<number>): Promise<number | undefined> {
    const members = (await poolMembers(this.#o.db, poolId)).filter((e) => e !== dead && usable.has(e));
    if (members.length === 0) return undefined;
    const load = await this.#o.db.selectFrom('scans').select(['engine_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('engine_id', 'in', members).where('status', 'in', ['queued', 'dispatched', 'running']).groupBy('engine_id').execute();
    const n = (e: number): number => Number(load.find((l) => l.engine_id === e)?.n ?? 0);
    return [...members].sort((a, b) => n(a) - n(b) || a - b)[0];
  }
}
