/**
 * Scan dispatch (leader only): queued scans go to their engine once it is connected
 * (queued → dispatched), and queued engine commands are sent in order. When an engine
 * (re)connects, every scan that should be running on it is sent again as scan.start, which
 * the engine treats as "resume" for a scan it already knows.
 */
import { toFarsightError } from '@farsight/common';
import { createMessage, type ConsoleMessage } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { scanSignals } from '../services/scans.ts';
import { maybeIntegrate, requeueEngineScans, startCommandBody } from '../services/scans-engine.ts';
import { appendScanLog, queueCommand, setScanStatus } from '../services/scans-status.ts';
import { credentialsForScan } from '../services/scans-credentials.ts';
import { engineScanLimits } from '../services/engines-registry-settings.ts';
import type { Keyring } from '../services/credentials-crypto.ts';
import type { EngineLink, EngineLinks } from './links.ts';
import { applyMaintenance, blockedEngines } from './maintenance-gate.ts';
import { applyBlackouts } from './blackout-gate.ts';
import { PoolCoordinator } from './pool-coordinator.ts';
import { thresholdsFromEnv } from './remote-status.ts';
import { admitQueued } from './pool-queue.ts';
import type { Log } from './session.ts';

/** Default most concurrent scans per engine (FARSIGHT_ENGINE_SCAN_LIMIT overrides it, an engine's own scanLimit overrides both). */
export const DEFAULT_ENGINE_SCAN_LIMIT = 4;

/** The console-wide per-engine limit: FARSIGHT_ENGINE_SCAN_LIMIT (a positive integer), else 4. */
export function defaultEngineScanLimit(): number {
  return envNumber('FARSIGHT_ENGINE_SCAN_LIMIT') ?? DEFAULT_ENGINE_SCAN_LIMIT;
}

/** Options of the dispatcher. */
export interface DispatcherOptions {
  db: Db;
  links: EngineLinks;
  log: Log;
  intervalMs?: number;
  /**
   * Most scans dispatched or running at once per engine. A function decides alone; otherwise an
   * engine's own limit (scan_engines.scan_limit, read once per tick) wins over this number, which
   * wins over FARSIGHT_ENGINE_SCAN_LIMIT, else 4.
   */
  engineScanLimit?: number | ((engineId: number) => number);
  /** How long a pool engine may be disconnected before its unfinished hosts move (default FARSIGHT_POOL_FAILOVER_MS, else the Down threshold FARSIGHT_ENGINE_DOWN_AFTER_MS, 60 s). */
  failoverMs?: number;
  /** Engines that take no new scans now (maintenance windows), with the reason. */
  blocked?: () => ReadonlyMap<number, string>;
  /** The credential keyring: scan.start carries the site's SSH credentials, decrypted only here. Absent: no credentials are sent. */
  keyring?: () => Keyring;
}

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Sends scans and commands to connected engines. */
export class Dispatcher {
  readonly #o: DispatcherOptions;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #tickQueued = false;
  #stopped = false;
  readonly #nudge = (): void => { this.kick(); };
  readonly #onConnected = (engineId: number): void => {
    this.#serial(async () => {
      const ids = await requeueEngineScans(this.#o.db, engineId);
      if (ids.length > 0) this.#o.log.info(`engine ${engineId} connected: resuming scan(s) ${ids.join(', ')}`);
    });
  };

  readonly #pools: PoolCoordinator;

  constructor(options: DispatcherOptions) {
    this.#o = options;
    // An engine counts as Down for failover after the status machine's Down threshold, unless set.
    const failoverMs = options.failoverMs ?? envNumber('FARSIGHT_POOL_FAILOVER_MS') ?? thresholdsFromEnv().downAfterMs;
    this.#pools = new PoolCoordinator({
      db: options.db, log: options.log,
      ...(failoverMs !== undefined ? { failoverMs } : {}),
      blocked: () => this.#blocked(),
    });
  }

  /** Engines that take no scans now: the option's, else the maintenance windows engines published. */
  #blocked(): ReadonlyMap<number, string> {
    return this.#o.blocked?.() ?? blockedEngines(this.#o.links);
  }

  /** The limit of an engine this tick: `own` = the limits set on engines (read once per tick). */
  #limit(engineId: number, own: ReadonlyMap<number, number>): number {
    const l = this.#o.engineScanLimit;
    if (typeof l === 'function') return l(engineId);
    return own.get(engineId) ?? l ?? defaultEngineScanLimit();
  }

  /** Starts the loop; finishes integrations a crash interrupted. */
  start(): void {
    scanSignals.on('changed', this.#nudge);
    this.#o.links.on('connected', this.#onConnected);
    this.#serial(async () => {
      const stuck = await this.#o.db.selectFrom('scans').select('id').where('status', '=', 'integrating').execute();
      for (const s of stuck) await maybeIntegrate(this.#o.db, s.id);
    });
    this.#timer = setInterval(() => this.kick(), this.#o.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Stops the loop (waits for a tick in progress). */
  async stop(): Promise<void> {
    this.#stopped = true;
    scanSignals.off('changed', this.#nudge);
    this.#o.links.off('connected', this.#onConnected);
    if (this.#timer) clearInterval(this.#timer);
    await this.#chain;
  }

  /** Runs a tick soon (kicks while one is waiting coalesce into it). */
  kick(): void {
    if (this.#tickQueued) return;
    this.#tickQueued = true;
    this.#serial(() => { this.#tickQueued = false; return this.#tick(); });
  }

  /** Runs `fn` after everything queued before it: ticks and reconnect work never interleave. */
  #serial(fn: () => Promise<void>): void {
    if (this.#stopped) return;
    this.#chain = this.#chain.then(fn).catch((e: unknown) => this.#fail(e));
  }

  #fail(e: unknown): void {
    this.#o.log.error(`dispatcher: ${toFarsightError(e).message}`);
  }

  async #tick(): Promise<void> {
    const db = this.#o.db;
    const connected = this.#o.links.connected();
    await this.#pools.tick(connected);
    if (connected.length === 0) return;
    const blocked = this.#blocked();
    await applyMaintenance(db, blocked, connected);
    const blackout = await applyBlackouts(db);
    const candidates = await db.selectFrom('scans').select(['id', 'engine_id', 'site_id', 'status_reason']).where('status', '=', 'queued').where('engine_id', 'in', connected).orderBy('id').limit(500).execute();
    // Scans of a site in a blackout wait, with the blackout as their reason.
    const queued = [];
    for (const s of candidates) {
      const why = blackout(s.site_id);
      if (why === undefined) queued.push(s);
      else if (s.status_reason !== `queued: ${why}`) await db.updateTable('scans').set({ status_reason: `queued: ${why}` }).where('id', '=', s.id).where('status', '=', 'queued').execute();
    }
    const active = await db.selectFrom('scans').select(['engine_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['dispatched', 'running']).where('engine_id', 'in', connected).groupBy('engine_id').execute();
    // Per-engine limits: one query per tick (none when nothing waits), never one per scan.
    const own = queued.length === 0 || typeof this.#o.engineScanLimit === 'function' ? new Map<number, number>() : await engineScanLimits(db, connected);
    const admission = admitQueued(queued.map((s) => ({ id: s.id, engineId: s.engine_id })), {
      active: new Map(active.map((a) => [a.engine_id, Number(a.n)])),
      limit: (e) => this.#limit(e, own),
      blocked,
    });
    for (const s of admission.dispatch) {
      await db.transaction().execute(async (tx) => {
        await setScanStatus(tx, s.id, 'dispatched', `sent to engine ${s.engineId}`);
        await queueCommand(tx, s.id, s.engineId, 'scan.start');
      });
    }
    for (const w of admission.waiting) {
      // The queue position and reason are the scan's status reason (v3 `message`); not logged each tick.
      if (queued.find((q) => q.id === w.id)?.status_reason !== w.reason) await db.updateTable('scans').set({ status_reason: w.reason }).where('id', '=', w.id).where('status', '=', 'queued').execute();
    }
    await this.#sendCommands(connected);
  }

  async #sendCommands(connected: number[]): Promise<void> {
    const db = this.#o.db;
    const now = nowIso();
    const expired = await db.selectFrom('scan_commands').select(['id', 'scan_id', 'type']).where('sent_at', 'is', null).where('expires_at', '<', now).execute();
    for (const c of expired) {
      await db.deleteFrom('scan_commands').where('id', '=', c.id).execute();
      await appendScanLog(db, c.scan_id, 'warn', `${c.type} expired before its engine connected; not sent`);
    }
    const pending = await db.selectFrom('scan_commands').selectAll().where('sent_at', 'is', null).where('engine_id', 'in', connected).orderBy('id').limit(500).execute();
    for (const c of pending) {
      const link = this.#o.links.get(c.engine_id);
      if (!link) continue;
      let message: ConsoleMessage | undefined;
      try {
        message = await this.#build(c, link);
      } catch (e) {
        const err = toFarsightError(e);
        await db.transaction().execute(async (tx) => {
          await tx.deleteFrom('scan_commands').where('id', '=', c.id).execute();
          const s = await tx.selectFrom('scans').select('status').where('id', '=', c.scan_id).executeTakeFirst();
          if (s && (s.status === 'dispatched' || s.status === 'running')) await setScanStatus(tx, c.scan_id, 'error', `cannot build ${c.type}: ${err.message}`);
        });
        continue;
      }
      if (!message) { await db.deleteFrom('scan_commands').where('id', '=', c.id).execute(); continue; }
      if (!link.send(message)) return;
      await db.updateTable('scan_commands').set({ sent_at: nowIso() }).where('id', '=', c.id).execute();
    }
  }

  async #build(c: { scan_id: number; engine_id: number; command_id: string; type: string; expires_at: string }, link: EngineLink): Promise<ConsoleMessage | undefined> {
    const base = { scanId: String(c.scan_id), commandId: c.command_id, expiresAt: c.expires_at };
    if (c.type === 'scan.start') {
      const body = await startCommandBody(this.#o.db, c.scan_id, c.engine_id);
      if (!body) return undefined;
      const { spec, nextSeq } = body;
      const credentials = this.#o.keyring ? await credentialsForScan(this.#o.db, this.#o.keyring(), c.scan_id, link.protocolVersion) : [];
      return createMessage('scan.start', {
        ...base, targets: spec.targets, exclusions: spec.exclusions, template: spec.template, nextSeq,
        ...(spec.testCheck ? { testCheck: spec.testCheck } : {}),
        ...(credentials.length > 0 ? { credentials } : {}),
      });
    }
    if (c.type === 'scan.pause' || c.type === 'scan.resume' || c.type === 'scan.stop') return createMessage(c.type, base);
    return undefined;
  }
}
