/**
 * The engine side of the engine protocol, transport-agnostic: says hello, executes commands
 * at most once, runs scans as ScanJobs, sends spooled batches within the flow-control window,
 * forgets them when acknowledged and resends the rest after a reconnect. The Local engine
 * (local-main.ts) drives it over Node IPC; a distributed engine will drive it over mTLS.
 */
import { parseTargetList, toFarsightError, type AddressSet } from '@farsight/common';
import type { FingerprintDb } from '@farsight/content';
import type { ActiveContent } from '@farsight/content/store/index';
import {
  LIMITS, PROTOCOL_VERSION, activeWindow, createMessage, negotiateVersion, parseMessage, parseProtocolVersion,
  type CommandMessage, type MaintenanceRule, type ConsoleMessage, type Message, type MessageInput, type MessageType, type ScanCredential,
} from '@farsight/engine-protocol';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runScan as realRunScan, FARSIGHT_VERSION, type ScanEvents, type ScanOptions, type ScanReport } from '@farsight/scanner';
import { ScanJob, type JobOutcome } from './scan-job.ts';
import { outsideMessage, parseAllowedNetworks, targetsOutside } from './cloud-scope.ts';
import type { ScanSpec, Spool, SpoolScan } from './spool.ts';

/** Options of an EngineRunner. */
export interface RunnerOptions {
  spool: Spool;
  /** Sends one frame to the console (dropped by the runner while not connected). */
  send: (message: Message) => void;
  fingerprints: () => Promise<FingerprintDb>;
  engineName?: string;
  engineVersion?: string;
  /** Published in hello and every heartbeat (a function is re-read each time: EngineContent.version). */
  contentVersion?: string | (() => string);
  /** The engine's active content, passed to every scan (EngineContent.get). */
  content?: () => Promise<ActiveContent>;
  /** The scanner entry point (tests substitute one). */
  runScan?: (options: ScanOptions, events: ScanEvents) => Promise<ScanReport>;
  heartbeatMs?: number;
  maxConcurrentScans?: number;
  batchHosts?: number;
  flushMs?: number;
  /**
   * Backpressure: probing of a scan holds while it has this many times the console's window of
   * batches spooled but unacknowledged (default 4); a slow or absent console pauses probing,
   * and nothing is ever dropped.
   */
  holdFactor?: number;
  /** Cloud-image mode: the only networks this engine may scan (CIDRs, ranges); other targets are refused. */
  allowedNetworks?: readonly string[];
  /** The engine's maintenance windows, published in hello and every heartbeat (re-read each time). */
  maintenance?: () => readonly MaintenanceRule[];
  /** Called when the console refused our protocol version. */
  onIncompatible?: (message: string) => void;
  /** Diagnostics (a frame refused, a command ignored). */
  onDiagnostic?: (message: string) => void;
  /** Host keys of authenticated scans, pinned on first use (default: `known_hosts` beside the spool). */
  knownHostsPath?: string;
  now?: () => Date;
}

type Body<T extends MessageType> = Omit<MessageInput<T>, 'v' | 'id' | 'type' | 'ts'>;

/** Runs scans for one console link. */
export class EngineRunner {
  readonly #o: RunnerOptions;
  readonly #jobs = new Map<string, ScanJob>();
  readonly #queue: string[] = [];
  /** Highest seq sent on this connection, per scan. */
  readonly #sent = new Map<string, number>();
  /** Scans whose end message went out on this connection. */
  readonly #endSent = new Set<string>();
  readonly #windows = new Map<string, number>();
  /** Scans resumed while their pause was still taking effect: relaunched once it has. */
  readonly #resumeAfter = new Set<string>();
  /** Credentials of each scan (scan.start, protocol 1.2): memory only, dropped when the scan ends. */
  readonly #credentials = new Map<string, readonly ScanCredential[]>();
  #window = 8;
  #version = PROTOCOL_VERSION;
  #connected = false;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #settled = new Set<Promise<unknown>>();

  readonly #allowed: AddressSet | undefined;
  /** Hosts waiting to be probed until the console catches up, per scan. */
  readonly #waiting = new Map<string, Array<() => void>>();
  #holds = 0;

  constructor(options: RunnerOptions) {
    this.#o = options;
    this.#allowed = options.allowedNetworks ? parseAllowedNetworks(options.allowedNetworks) : undefined;
  }

  #contentVersion(): string {
    const v = this.#o.contentVersion;
    return (typeof v === 'function' ? v() : v) ?? FARSIGHT_VERSION;
  }

  /** True between an accepted hello-ack and disconnect(). */
  get connected(): boolean { return this.#connected; }

  /** Starts a session: sends hello (the console answers hello-ack). */
  connect(): void {
    this.#sent.clear();
    this.#endSent.clear();
    this.#o.send(createMessage('hello', {
      protocolVersion: PROTOCOL_VERSION, engineName: this.#o.engineName ?? 'Local scan engine',
      engineVersion: this.#o.engineVersion ?? FARSIGHT_VERSION, contentVersion: this.#contentVersion(),
      ...this.#maintenance(),
    }));
  }

  #maintenance(): { maintenance?: MaintenanceRule[] } {
    const rules = this.#o.maintenance?.();
    return rules && rules.length > 0 ? { maintenance: [...rules].slice(0, 64) } : {};
  }

  /** The link went away: stop sending (scans go on and spool; a reconnect resends). */
  disconnect(): void {
    this.#connected = false;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /** Handles one received frame; invalid frames are dropped with a diagnostic, never thrown. */
  handle(raw: unknown): void {
    const r = parseMessage(raw, { from: 'console', version: this.#version });
    if (!r.ok) { this.#diag(`dropped frame: ${r.error.code}: ${r.error.message}`); return; }
    const m = r.message as ConsoleMessage;
    if (m.type !== 'hello-ack' && !this.#connected) { this.#diag(`dropped '${m.type}' before hello-ack`); return; }
    switch (m.type) {
      case 'hello-ack': return this.#helloAck(m);
      case 'results.ack': { this.#o.spool.ack(m.scanId, m.upTo); this.#pump(m.scanId); this.#release(m.scanId); return; }
      case 'results.resend': { this.#sent.set(m.scanId, m.fromSeq - 1); this.#endSent.delete(m.scanId); this.#pump(m.scanId); return; }
      case 'flow.grant': {
        if (m.scanId) this.#windows.set(m.scanId, m.window); else this.#window = m.window;
        for (const s of this.#o.spool.listScans()) { this.#pump(s.scanId); this.#release(s.scanId); }
        return;
      }
      default: return this.#command(m);
    }
  }

  /** Aborts every running scan, leaving it resumable (state stays running in the spool). */
  async shutdown(): Promise<void> {
    this.disconnect();
    this.#queue.length = 0;
    await Promise.all([...this.#jobs.values()].map((j) => j.abort('shutdown')));
    await this.idle();
  }

  /** Settles once every job and its bookkeeping are done (tests). */
  async idle(): Promise<void> {
    while (this.#settled.size > 0) await Promise.all([...this.#settled]);
  }

  #send<T extends MessageType>(type: T, body: Body<T>): void {
    if (!this.#connected) return;
    try {
      this.#o.send(createMessage(type, body, { version: this.#version, now: this.#now() }));
    } catch (e) {
      this.#diag(`could not send ${type}: ${toFarsightError(e).message}`);
    }
  }

  #now(): Date { return this.#o.now?.() ?? new Date(); }
  #diag(message: string): void { this.#o.onDiagnostic?.(message); }

  #helloAck(m: Extract<ConsoleMessage, { type: 'hello-ack' }>): void {
    const n = negotiateVersion(m.protocolVersion);
    if (m.result !== 'ok' || !n.ok) {
      this.disconnect();
      this.#o.onIncompatible?.(m.message ?? (n.ok ? 'the console refused the session' : n.message));
      return;
    }
    this.#version = n.version;
    this.#window = m.window;
    this.#connected = true;
    this.#sent.clear();
    this.#endSent.clear();
    this.#heartbeat = setInterval(() => this.#beat(), this.#o.heartbeatMs ?? 5000);
    this.#heartbeat.unref();
    this.#beat();
    // Everything not acknowledged goes again, in seq order; ended scans then say so again.
    for (const s of this.#o.spool.listScans()) if (s.ackedSeq < s.nextSeq - 1) this.#pump(s.scanId);
    for (const id of [...this.#waiting.keys()]) this.#release(id);
  }

  #beat(): void {
    const running = [...this.#jobs.values()].map((j) => ({ scanId: j.scanId, state: 'running' as const, ...j.progress }));
    const paused = this.#o.spool.listScans().filter((s) => s.state === 'paused')
      .map((s) => ({ scanId: s.scanId, state: 'paused' as const, hostsDone: s.hostsDone, hostsTotal: s.hostsTotal }));
    this.#send('heartbeat', {
      engineVersion: this.#o.engineVersion ?? FARSIGHT_VERSION, contentVersion: this.#contentVersion(),
      runningScans: [...running, ...paused].slice(0, LIMITS.runningScans), queueDepth: this.#queue.length, clock: this.#now().toISOString(),
      ...this.#maintenance(),
    });
  }

  /** Sends spooled batches of a scan while the window allows, then its end message once all are out. */
  #pump(scanId: string): void {
    if (!this.#connected) return;
    const scan = this.#o.spool.getScan(scanId);
    if (!scan) return;
    const window = this.#windows.get(scanId) ?? this.#window;
    let next = Math.max(this.#sent.get(scanId) ?? 0, scan.ackedSeq) + 1;
    while (next < scan.nextSeq && next - 1 - scan.ackedSeq < window) {
      const [batch] = this.#o.spool.unacked(scanId, next, 1);
      if (!batch) break;
      this.#send('results.batch', { scanId, seq: batch.seq, hosts: batch.hosts });
      this.#sent.set(scanId, batch.seq);
      next = batch.seq + 1;
    }
    if (next >= scan.nextSeq && !this.#jobs.has(scanId) && !this.#endSent.has(scanId)) this.#sendEnd(scan);
  }

  #sendEnd(scan: SpoolScan, commandId?: string): void {
    const lastSeq = scan.nextSeq - 1;
    if (scan.state === 'finished') {
      this.#send('scan.finished', {
        scanId: scan.scanId, lastSeq, hostsTotal: scan.hostsTotal, hostsDone: scan.hostsDone, hostsUp: scan.hostsUp,
        startedAt: scan.startedAt, finishedAt: scan.finishedAt ?? this.#now().toISOString(),
      });
    } else if (scan.state === 'failed') {
      this.#send('scan.failed', { scanId: scan.scanId, lastSeq, code: (scan.endCode ?? 'INTERNAL').slice(0, 256), message: (scan.endMessage ?? '').slice(0, 4000) });
    } else if (scan.state === 'stopped') {
      this.#send('scan.state', { scanId: scan.scanId, state: 'stopped', ...(commandId ? { commandId } : {}) });
    } else return;
    this.#endSent.add(scan.scanId);
  }

  #reject(m: CommandMessage, code: 'expired' | 'unknown-scan' | 'invalid-state' | 'invalid' | 'busy', message: string): void {
    this.#send('command.rejected', { commandId: m.commandId, scanId: m.scanId, code, message });
  }

  #command(m: CommandMessage): void {
    if (Date.parse(m.expiresAt) < this.#now().getTime()) { this.#reject(m, 'expired', `command expired at ${m.expiresAt}`); return; }
    // At most once: a command id already executed (before a crash, or resent) is ignored.
    if (!this.#o.spool.claimCommand(m.commandId, m.expiresAt, this.#now())) { this.#diag(`command ${m.commandId} already executed; ignored`); return; }
    switch (m.type) {
      case 'scan.start': return this.#start(m);
      case 'scan.pause': return this.#pauseOrStop(m, 'pause');
      case 'scan.stop': return this.#pauseOrStop(m, 'stop');
      case 'scan.resume': return this.#resume(m);
    }
  }

  #start(m: Extract<CommandMessage, { type: 'scan.start' }>): void {
    // A 1.1 console knows our windows and holds scans itself; a 1.0 console does not, so we refuse.
    const window = (parseProtocolVersion(this.#version)?.minor ?? 0) < 1 ? activeWindow(this.#o.maintenance?.() ?? [], this.#now()) : undefined;
    if (window && !this.#jobs.has(m.scanId)) {
      this.#reject(m, 'busy', `engine is in maintenance window '${window.ruleId}' until ${window.end.toISOString()}; the scan waits`);
      return;
    }
    const { v: _v, id: _id, type: _t, ts: _ts, commandId: _c, expiresAt: _e, credentials, ...spec } = m;
    // Every scan.start (first or resume) carries the credentials anew; the spool never sees them.
    if (credentials && credentials.length > 0) this.#credentials.set(m.scanId, credentials);
    else this.#credentials.delete(m.scanId);
    let scan = this.#o.spool.getScan(m.scanId);
    if (this.#jobs.has(m.scanId) || this.#queue.includes(m.scanId)) {
      const s = scan as SpoolScan;
      if (this.#jobs.get(m.scanId)?.aborting) this.#resumeAfter.add(m.scanId);
      this.#send('scan.accepted', { scanId: m.scanId, commandId: m.commandId, hostsTotal: s.hostsTotal, hostsDone: s.hostsDone, resumed: true });
      return;
    }
    if (!scan) {
      let total: number;
      try { total = parseTargetList(spec.targets).count; } catch (e) { this.#reject(m, 'invalid', toFarsightError(e).message); return; }
      if (this.#allowed) {
        const outside = targetsOutside(spec.targets, this.#allowed);
        if (outside.length > 0) { this.#reject(m, 'invalid', outsideMessage(outside, this.#allowed)); return; }
      }
      scan = this.#o.spool.createScan(spec as ScanSpec, total, this.#now());
      this.#send('scan.accepted', { scanId: m.scanId, commandId: m.commandId, hostsTotal: total, hostsDone: 0, resumed: false });
      this.#launch(scan.scanId);
      return;
    }
    this.#send('scan.accepted', { scanId: m.scanId, commandId: m.commandId, hostsTotal: scan.hostsTotal, hostsDone: scan.hostsDone, resumed: true });
    if (scan.state === 'running' || scan.state === 'paused') {
      if (scan.state === 'paused') this.#o.spool.setState(scan.scanId, 'running');
      this.#launch(scan.scanId);
    } else {
      // Ended before: answer again with what we have (the console may have missed it).
      this.#sent.set(scan.scanId, scan.ackedSeq);
      this.#endSent.delete(scan.scanId);
      this.#pump(scan.scanId);
    }
  }

  #resume(m: Extract<CommandMessage, { type: 'scan.resume' }>): void {
    const scan = this.#o.spool.getScan(m.scanId);
    if (!scan) { this.#reject(m, 'unknown-scan', `scan ${m.scanId} is not known to this engine; start it instead`); return; }
    if (this.#jobs.has(m.scanId) || this.#queue.includes(m.scanId)) {
      if (this.#jobs.get(m.scanId)?.aborting) this.#resumeAfter.add(m.scanId);
      this.#send('scan.state', { scanId: m.scanId, commandId: m.commandId, state: 'running' });
      return;
    }
    if (scan.state !== 'paused' && scan.state !== 'running') { this.#reject(m, 'invalid-state', `scan ${m.scanId} is ${scan.state} and cannot be resumed`); return; }
    this.#o.spool.setState(m.scanId, 'running');
    this.#send('scan.state', { scanId: m.scanId, commandId: m.commandId, state: 'running' });
    this.#launch(m.scanId);
  }

  #pauseOrStop(m: Extract<CommandMessage, { type: 'scan.pause' | 'scan.stop' }>, what: 'pause' | 'stop'): void {
    const scan = this.#o.spool.getScan(m.scanId);
    if (!scan) { this.#reject(m, 'unknown-scan', `scan ${m.scanId} is not known to this engine`); return; }
    const target = what === 'pause' ? 'paused' : 'stopped';
    const job = this.#jobs.get(m.scanId);
    const queued = this.#queue.indexOf(m.scanId);
    if (queued >= 0) this.#queue.splice(queued, 1);
    if (job) {
      // The job's end handler records the state and answers, after hosts in flight are spooled.
      if (what === 'stop') this.#resumeAfter.delete(m.scanId);
      this.#track(job.abort(what).then(() => this.#answer(m.scanId, target, m.commandId)));
      return;
    }
    if (scan.state === target) { this.#answer(m.scanId, target, m.commandId); return; }
    if (scan.state === 'running' || scan.state === 'paused') {
      this.#o.spool.setState(m.scanId, target, what === 'stop' ? { code: 'STOPPED', message: 'stopped by the console' } : {}, this.#now());
      this.#answer(m.scanId, target, m.commandId);
      return;
    }
    this.#reject(m, 'invalid-state', `scan ${m.scanId} is ${scan.state}; it cannot be ${target}`);
  }

  #answer(scanId: string, state: 'paused' | 'stopped', commandId: string): void {
    // Resumed while pausing (it runs again, and said so when the resume came), or stopped
    // while pausing (the stop answers): only a scan that is paused now says paused.
    if (state === 'paused' && (this.#jobs.has(scanId) || this.#o.spool.getScan(scanId)?.state !== 'paused')) return;
    if (state === 'stopped') {
      const scan = this.#o.spool.getScan(scanId);
      if (scan) { this.#sendEnd(scan, commandId); return; }
    }
    this.#send('scan.state', { scanId, commandId, state });
  }

  #track(p: Promise<unknown>): void {
    const q = p.catch((e: unknown) => this.#diag(`internal: ${toFarsightError(e).message}`)).finally(() => this.#settled.delete(q));
    this.#settled.add(q);
  }

  #launch(scanId: string): void {
    if (this.#jobs.size >= (this.#o.maxConcurrentScans ?? 4)) { this.#queue.push(scanId); return; }
    const scan = this.#o.spool.getScan(scanId);
    if (!scan) return;
    const job = new ScanJob(scan, {
      spool: this.#o.spool, fingerprints: this.#o.fingerprints, runScan: this.#o.runScan ?? realRunScan,
      ...(this.#o.content ? { content: this.#o.content } : {}),
      emit: (e) => this.#send(e.type, e.body as never), onBatch: (id) => this.#pump(id),
      ...(this.#o.batchHosts !== undefined ? { batchHosts: this.#o.batchHosts } : {}),
      ...(this.#o.flushMs !== undefined ? { flushMs: this.#o.flushMs } : {}),
      ...(this.#o.allowedNetworks ? { allow: [...this.#o.allowedNetworks] } : {}),
      hold: (id, signal) => this.#hold(id, signal),
      credentials: () => this.#credentials.get(scanId),
      knownHostsPath: this.#o.knownHostsPath ?? (this.#o.spool.path === ':memory:' ? join(tmpdir(), `farsight-engine-${process.pid}-known_hosts`) : join(dirname(this.#o.spool.path), 'known_hosts')),
    });
    this.#jobs.set(scanId, job);
    this.#track(job.run().then((outcome) => this.#ended(scanId, outcome)));
  }

  /** Batches of a scan spooled but not acknowledged. */
  #backlog(scanId: string): number {
    const s = this.#o.spool.getScan(scanId);
    return s ? s.nextSeq - 1 - s.ackedSeq : 0;
  }

  #holdLimit(scanId: string): number {
    return (this.#windows.get(scanId) ?? this.#window) * (this.#o.holdFactor ?? 4);
  }

  /** Settles once the scan's backlog is under its limit (or the job aborts). */
  #hold(scanId: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.#backlog(scanId) < this.#holdLimit(scanId)) return Promise.resolve();
    this.#holds++;
    return new Promise((resolve) => {
      const done = (): void => { signal.removeEventListener('abort', done); resolve(); };
      signal.addEventListener('abort', done, { once: true });
      const list = this.#waiting.get(scanId) ?? [];
      list.push(done);
      this.#waiting.set(scanId, list);
    });
  }

  #release(scanId: string): void {
    const list = this.#waiting.get(scanId);
    if (!list || this.#backlog(scanId) >= this.#holdLimit(scanId)) return;
    this.#waiting.delete(scanId);
    for (const r of list) r();
  }

  /** Times probing held for the console (tests, diagnostics). */
  get holds(): number { return this.#holds; }

  #ended(scanId: string, outcome: JobOutcome): void {
    this.#jobs.delete(scanId);
    if (outcome.kind !== 'aborted' || outcome.reason === 'stop') this.#credentials.delete(scanId);
    const now = this.#now();
    if (outcome.kind === 'finished') this.#o.spool.setState(scanId, 'finished', {}, now);
    else if (outcome.kind === 'failed') this.#o.spool.setState(scanId, 'failed', { code: outcome.code, message: outcome.message }, now);
    else if (outcome.reason === 'pause') {
      if (this.#resumeAfter.delete(scanId)) {
        this.#pump(scanId);
        this.#launch(scanId);
        return;
      }
      this.#o.spool.setState(scanId, 'paused', {}, now);
    }
    else if (outcome.reason === 'stop') { this.#o.spool.setState(scanId, 'stopped', { code: 'STOPPED', message: 'stopped by the console' }, now); this.#endSent.add(scanId); }
    // shutdown: the spool keeps it running, so the next session resumes it.
    if (outcome.kind !== 'aborted' || outcome.reason !== 'shutdown') this.#pump(scanId);
    const next = this.#queue.shift();
    if (next !== undefined) this.#launch(next);
  }
}
