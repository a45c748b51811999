/**
 * Remote engines (leader only): the engine listener (engine → console), one dialer per
 * standard-direction engine (console → engine), one RemoteLink per live connection feeding the
 * shared EngineSession, and the status monitor. Link settings are re-read every couple of
 * seconds and on every change signal, so adding an engine or switching its direction needs no
 * restart; revoking an engine drops its connection at once.
 */
import type { WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { linkRecords, remoteEngineSignals, type EngineDirection } from '../services/engines-remote.ts';
import { ENGINE_STATUSES } from '../services/engines-registry.ts';
import { loadOrCreateEngineCa, type EngineCa } from './remote-ca.ts';
import { EngineDialer } from './remote-dialer.ts';
import { RemoteLink } from './remote-link.ts';
import { refuseSession, startEngineListener, type EngineListener } from './remote-listener.ts';
import type { PairLimits } from './pair-limiter.ts';
import { StatusMonitor, type EngineLive } from './remote-monitor.ts';
import { V3_STATUS, type EngineState, type StatusThresholds } from './remote-status.ts';
import type { EngineLinks } from './links.ts';
import type { Log } from './session.ts';

/** Options of the remote engine service. */
export interface RemoteEnginesOptions {
  db: Db;
  dataDir: string;
  links: EngineLinks;
  log: Log;
  /** Listener address and port (port 0 = any free port). */
  host: string;
  port: number;
  thresholds: StatusThresholds;
  /** First delay between dial attempts of standard-direction engines (doubles per failed attempt). */
  dialRetryMs: number;
  /** Largest delay between dial attempts (default 5 minutes). */
  dialRetryMaxMs?: number;
  consoleName: string;
  certTtlMs?: number;
  /** Abuse bound of the /pair endpoint (pair-limiter.ts). */
  pairLimits?: Partial<PairLimits>;
  now?: () => Date;
}

const FROM_V3: Record<string, EngineState> = Object.fromEntries(Object.entries(V3_STATUS).map(([k, v]) => [v, k as EngineState]));

/** The running remote engine service. */
export class RemoteEngines {
  readonly #o: RemoteEnginesOptions;
  readonly monitor: StatusMonitor;
  readonly #links = new Map<number, RemoteLink>();
  readonly #dialers = new Map<number, EngineDialer>();
  /** The last refusal of each engine's most recent connection (kept after the link closed, for Refresh). */
  readonly #refusals = new Map<number, { code: string; message: string }>();
  #listener: EngineListener | undefined;
  #ca: EngineCa | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reconciling: Promise<void> = Promise.resolve();
  readonly #onChanged = (): void => { this.reconcile(); };
  readonly #onRevoked = (id: number): void => { this.#links.get(id)?.close(1008, 'revoked'); this.monitor.event(id, 'revoked', 'certificate revoked by an administrator', { connected: false }); this.reconcile(); };

  constructor(options: RemoteEnginesOptions) {
    this.#o = options;
    this.monitor = new StatusMonitor({ db: options.db, log: options.log, thresholds: options.thresholds, onDown: (id) => this.#links.get(id)?.close(1001, 'silent too long') });
  }

  /** The listener's port. */
  get port(): number { return this.#listener?.port ?? 0; }
  /** The engine CA (fingerprint engines pin). */
  get ca(): EngineCa | undefined { return this.#ca; }

  /** Loads the CA, listens, starts the monitor and the dialers. */
  async start(): Promise<void> {
    this.#ca = await loadOrCreateEngineCa(this.#o.dataDir);
    const now = this.#o.now ?? (() => new Date());
    await this.#listen(now);
    const rows = await this.#o.db.selectFrom('scan_engines').select(['id', 'status', 'status_reason']).where('kind', '=', 'remote').execute();
    const recs = await linkRecords(this.#o.db);
    for (const r of rows) this.monitor.track(r.id, recs.get(r.id)?.direction ?? 'standard', FROM_V3[r.status] ?? 'unknown', r.status_reason ?? '');
    this.monitor.start();
    remoteEngineSignals.on('changed', this.#onChanged);
    remoteEngineSignals.on('revoked', this.#onRevoked);
    this.reconcile();
    this.#timer = setInterval(() => this.reconcile(), 2000);
    this.#timer.unref();
  }

  #stopped = false;
  #listenFailures = 0;

  /** Starts the engine listener; when the port is taken, logs it and tries again every 30 s (dialers and status keep working meanwhile). */
  async #listen(now: () => Date): Promise<void> {
    const ca = this.#ca;
    if (!ca || this.#stopped || this.#listener) return;
    try {
      this.#listener = await startEngineListener({
        db: this.#o.db, ca, host: this.#o.host, port: this.#o.port, log: this.#o.log, now, ...(this.#o.certTtlMs ? { certTtlMs: this.#o.certTtlMs } : {}), ...(this.#o.pairLimits ? { pairLimits: this.#o.pairLimits } : {}),
        onEngine: (ws, id) => {
          // An engine the console dials itself (standard) must not also dial in: two links would replace each other forever.
          linkRecords(this.#o.db, [id]).then((recs) => {
            if (recs.get(id)?.direction === 'standard') refuseSession(ws, 'busy', `this console dials engine ${id} itself (direction standard); switch it to reverse to let the engine dial in`);
            else this.#attach(ws, id, 'reverse');
          }).catch(() => ws.terminate());
        },
      });
      this.#o.log.info(`engine listener on ${this.#o.host}:${this.#listener.port} (engine CA ${ca.fingerprint256})`);
    } catch (e) {
      if (this.#listenFailures++ === 0) this.#o.log.error(`engine listener: cannot listen on ${this.#o.host}:${this.#o.port} (${(e as Error).message}); engines cannot dial in until it can — retrying every 30 s (FARSIGHT_ENGINE_LISTEN_PORT changes the port)`);
      const t = setTimeout(() => { void this.#listen(now); }, 30_000);
      t.unref();
    }
  }

  /** Stops everything. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    remoteEngineSignals.off('changed', this.#onChanged);
    remoteEngineSignals.off('revoked', this.#onRevoked);
    await this.#reconciling;
    for (const d of this.#dialers.values()) d.stop();
    this.#dialers.clear();
    for (const l of this.#links.values()) l.close(1001, 'console stopping');
    await Promise.all([...this.#links.values()].map((l) => l.session.drained()));
    await this.#listener?.close();
    await this.monitor.stop();
  }

  #attach(ws: WebSocket, engineId: number, direction: EngineDirection): void {
    const ca = this.#ca;
    if (!ca) { ws.terminate(); return; }
    // One live link per engine: a newer connection replaces an older one (the engine reconnected).
    const old = this.#links.get(engineId);
    if (old) { old.replaced = true; old.close(1000, 'replaced by a newer connection'); }
    const link = new RemoteLink({
      db: this.#o.db, ws, engineId, direction, links: this.#o.links, monitor: this.monitor, ca, log: this.#o.log,
      ...(this.#o.certTtlMs ? { certTtlMs: this.#o.certTtlMs } : {}),
      onClose: (l) => {
        if (l.refusal) this.#refusals.set(engineId, l.refusal); else this.#refusals.delete(engineId);
        if (this.#links.get(engineId) === l) this.#links.delete(engineId);
      },
    });
    this.#links.set(engineId, link);
  }

  /** Re-reads link settings: starts/stops dialers (serialised). */
  reconcile(): void {
    this.#reconciling = this.#reconciling.then(() => this.#reconcile()).catch((e: unknown) => this.#o.log.warn(`remote engines: ${toFarsightError(e).message}`));
  }

  async #reconcile(): Promise<void> {
    const ca = this.#ca;
    if (!ca) return;
    const rows = await this.#o.db.selectFrom('scan_engines').select(['id', 'address', 'port', 'status', 'status_reason']).where('kind', '=', 'remote').execute();
    const recs = await linkRecords(this.#o.db);
    const want = new Map<number, { address: string; port: number }>();
    for (const r of rows) {
      const rec = recs.get(r.id);
      this.monitor.track(r.id, rec?.direction ?? 'standard', (ENGINE_STATUSES as readonly string[]).includes(r.status) ? FROM_V3[r.status] ?? 'unknown' : 'unknown', r.status_reason ?? '');
      if (rec?.revokedAt) { this.#links.get(r.id)?.close(1008, 'revoked'); continue; }
      if ((rec?.direction ?? 'standard') === 'standard' && r.port > 0) want.set(r.id, { address: r.address, port: r.port });
    }
    for (const id of [...this.monitor.all().map((e) => e.engineId)]) if (!rows.some((r) => r.id === id)) { this.monitor.forget(id); this.#links.get(id)?.close(1000, 'engine deleted'); }
    for (const [id, d] of this.#dialers) {
      const w = want.get(id);
      if (!w || `${w.address}:${w.port}` !== d.target) { d.stop(); this.#dialers.delete(id); }
    }
    for (const [id, w] of want) {
      if (this.#dialers.has(id)) continue;
      const d = new EngineDialer({
        db: this.#o.db, engineId: id, address: w.address, port: w.port, ca, monitor: this.monitor, log: this.#o.log, consoleName: this.#o.consoleName,
        retryMs: this.#o.dialRetryMs, ...(this.#o.dialRetryMaxMs ? { retryMaxMs: this.#o.dialRetryMaxMs } : {}), onOpen: (ws) => this.#attach(ws, id, 'standard'),
      });
      this.#dialers.set(id, d);
      d.start();
    }
  }

  /** Re-probes engines now: pings live links, dials standard engines that are not connected. Resolves `waitMs` later when anything was probed. */
  async refresh(ids: number[] | undefined, waitMs = 1500): Promise<number> {
    const targets = ids ?? this.monitor.all().map((e) => e.engineId);
    let probed = 0;
    for (const id of targets) {
      const link = this.#links.get(id);
      const dialer = this.#dialers.get(id);
      if (link && !link.closed) { link.ping(); probed++; } else if (dialer) { dialer.refresh(); probed++; }
    }
    if (probed > 0) await new Promise((r) => setTimeout(r, waitMs));
    return probed;
  }

  /** Live status of engines (all tracked, or the given ones). */
  status(ids?: number[]): EngineLive[] {
    return ids ? ids.map((id) => this.monitor.get(id)).filter((e): e is EngineLive => e !== undefined) : this.monitor.all();
  }

  /** Consecutive failed or refused dials of a standard-direction engine (its backoff step); undefined when the console does not dial it. */
  dialFailures(id: number): number | undefined {
    return this.#dialers.get(id)?.failures;
  }

  /** The refusal of an engine's last connection, if it refused us. */
  refusalOf(id: number): { code: string; message: string } | undefined {
    const live = this.#links.get(id);
    if (live && !live.closed) return live.refusal;
    return this.#refusals.get(id);
  }
}
