/**
 * Live status of remote engines (leader only): feeds link events and the clock to the status
 * machine (remote-status.ts), keeps each engine's last heartbeat facts in memory, writes the
 * status to the database when it changes and the heartbeat facts at most every 30 s per engine
 * (1,000 engines must not cost 200 writes a second). `onDown` closes the link of an engine that
 * went silent for `downAfterMs`.
 */
import { toFarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { setEngineStatus } from '../services/engines-registry.ts';
import { recordHeartbeat, type EngineDirection } from '../services/engines-remote.ts';
import { V3_STATUS, nextState, silenceEvent, type EngineState, type StatusEvent, type StatusThresholds } from './remote-status.ts';
import type { Log } from './session.ts';

/** What the console knows about one engine right now. */
export interface EngineLive {
  engineId: number;
  state: EngineState;
  reason: string;
  direction: EngineDirection;
  connected: boolean;
  /** When the state last changed. */
  since: string;
  /** Last proof of life (hello, heartbeat, pong), ISO. */
  lastHeartbeatAt: string | null;
  clockSkewMs: number | null;
  runningScans: number;
  queueDepth: number;
  engineVersion: string | null;
  contentVersion: string | null;
}

/** Options of the monitor. */
export interface MonitorOptions {
  db: Db;
  log: Log;
  thresholds: StatusThresholds;
  now?: () => number;
  /** Called when an engine goes Down through silence (the transport closes its link). */
  onDown?: (engineId: number) => void;
}

const FACTS_EVERY_MS = 30_000;

/** Tracks every remote engine's status. */
export class StatusMonitor {
  readonly #o: MonitorOptions;
  readonly #live = new Map<number, EngineLive & { proofMs: number; factsWrittenMs: number }>();
  readonly #chains = new Map<number, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MonitorOptions) {
    this.#o = options;
  }

  #now(): number { return this.#o.now?.() ?? Date.now(); }

  /** Starts checking silences (every quarter heartbeat, at least every second). */
  start(): void {
    this.#timer = setInterval(() => this.tick(), Math.max(50, Math.min(1000, this.#o.thresholds.heartbeatMs / 4)));
    this.#timer.unref();
  }

  /** Stops the clock and waits for pending writes. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await Promise.all([...this.#chains.values()]);
  }

  /** Starts tracking an engine with its stored state (console start); silence counts from now. */
  track(engineId: number, direction: EngineDirection, state: EngineState, reason: string): void {
    if (this.#live.has(engineId)) return;
    const now = this.#now();
    this.#live.set(engineId, {
      engineId, state, reason, direction, connected: false, since: new Date(now).toISOString(), lastHeartbeatAt: null, clockSkewMs: null,
      runningScans: 0, queueDepth: 0, engineVersion: null, contentVersion: null, proofMs: now, factsWrittenMs: 0,
    });
  }

  /** Forgets an engine (deleted). */
  forget(engineId: number): void { this.#live.delete(engineId); }

  /** The live view of an engine. */
  get(engineId: number): EngineLive | undefined {
    const e = this.#live.get(engineId);
    if (!e) return undefined;
    const { proofMs: _p, factsWrittenMs: _f, ...view } = e;
    return view;
  }

  /** Every tracked engine. */
  all(): EngineLive[] { return [...this.#live.keys()].map((id) => this.get(id) as EngineLive); }

  /** Applies an event; writes the status when it changed. */
  event(engineId: number, event: StatusEvent, reason: string, extra: { direction?: EngineDirection; connected?: boolean; engineVersion?: string; contentVersion?: string } = {}): void {
    const e = this.#live.get(engineId) ?? (this.track(engineId, extra.direction ?? 'standard', 'unknown', reason), this.#live.get(engineId));
    if (!e) return;
    const now = this.#now();
    if (extra.direction) e.direction = extra.direction;
    if (extra.connected !== undefined) e.connected = extra.connected;
    if (extra.engineVersion !== undefined) e.engineVersion = extra.engineVersion;
    if (extra.contentVersion !== undefined) e.contentVersion = extra.contentVersion;
    if (event === 'session-ready' || event === 'heartbeat') { e.proofMs = now; e.lastHeartbeatAt = new Date(now).toISOString(); }
    const to = nextState(e.state, event);
    if (to === e.state && (event === 'heartbeat' || event === 'silent' || event === 'silent-long')) return;
    const changed = to !== e.state || e.reason !== reason;
    if (to !== e.state) { this.#o.log.info(`engine ${engineId}: ${e.state} → ${to} (${event}: ${reason})`); e.since = new Date(now).toISOString(); }
    e.state = to;
    e.reason = reason;
    if (changed) this.#write(engineId, () => setEngineStatus(this.#o.db, engineId, V3_STATUS[to], `${to === 'active' ? '' : `${event}: `}${reason}`.slice(0, 4000), {
      ...(e.engineVersion ? { productVersion: e.engineVersion } : {}), ...(e.contentVersion ? { contentVersion: e.contentVersion } : {}),
    }));
  }

  /** A heartbeat arrived (already validated): proof of life plus the engine's facts. */
  heartbeat(engineId: number, m: { clock: string; runningScans: unknown[]; queueDepth: number; engineVersion: string; contentVersion: string }): void {
    const now = this.#now();
    const e = this.#live.get(engineId);
    if (!e) return;
    e.clockSkewMs = Date.parse(m.clock) - now;
    e.runningScans = m.runningScans.length;
    e.queueDepth = m.queueDepth;
    e.engineVersion = m.engineVersion;
    e.contentVersion = m.contentVersion;
    this.event(engineId, 'heartbeat', Math.abs(e.clockSkewMs) > 300_000 ? `heartbeat; clock differs by ${Math.round(e.clockSkewMs / 1000)} s` : 'heartbeat');
    if (now - e.factsWrittenMs >= FACTS_EVERY_MS) {
      e.factsWrittenMs = now;
      const facts = { at: new Date(now).toISOString(), clockSkewMs: e.clockSkewMs, runningScans: e.runningScans, queueDepth: e.queueDepth };
      this.#write(engineId, () => recordHeartbeat(this.#o.db, engineId, facts));
    }
  }

  /** Checks every engine's silence against the thresholds. */
  tick(): void {
    const now = this.#now();
    for (const e of this.#live.values()) {
      if (e.state === 'pending-authorization' || e.state === 'incompatible' || e.state === 'down') continue;
      const ev = silenceEvent(now - e.proofMs, this.#o.thresholds);
      if (!ev) continue;
      const secs = Math.round((now - e.proofMs) / 1000);
      this.event(e.engineId, ev, ev === 'silent' ? `no heartbeat for ${secs} s` : `no heartbeat for ${secs} s; link closed`, ev === 'silent-long' ? { connected: false } : {});
      if (ev === 'silent-long') this.#o.onDown?.(e.engineId);
    }
  }

  #write(engineId: number, fn: () => Promise<void>): void {
    const prev = this.#chains.get(engineId) ?? Promise.resolve();
    const next = prev.then(fn).catch((err: unknown) => this.#o.log.warn(`engine ${engineId}: status write failed: ${toFarsightError(err).message}`));
    this.#chains.set(engineId, next);
    void next.then(() => { if (this.#chains.get(engineId) === next) this.#chains.delete(engineId); });
  }
}
