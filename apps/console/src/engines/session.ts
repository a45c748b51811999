/**
 * The console side of one engine link: validates every frame (the console trusts nothing an
 * engine says), answers hello, and feeds scan reports and result batches to the services in
 * arrival order. A batch is acknowledged only after its transaction committed, with the
 * highest seq up to which every batch is in.
 */
import { toFarsightError } from '@farsight/common';
import {
  PROTOCOL_VERSION, createMessage, negotiateVersion, parseMessage,
  type ConsoleMessage, type EngineMessage, type MaintenanceRule, type MessageInput, type MessageType,
} from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { ingestBatch } from '../services/ingest.ts';
import { contentDefinitionsFor, findingIdsOf } from '../services/vulnerabilities-content.ts';
import { maybeIntegrate, onCommandRejected, onScanAccepted, onScanFailed, onScanFinished, onScanLog, onScanProgress, onScanState } from '../services/scans-engine.ts';
import { setEngineStatus } from '../services/engines-registry.ts';
import { saveEngineMaintenance } from '../services/engines-maintenance.ts';
import type { EngineLink } from './links.ts';
import { adaptWindow, INITIAL_WINDOW } from './flow-window.ts';

/** Minimal logger (Fastify's or a test's). */
export interface Log { info(msg: string): void; warn(msg: string): void; error(msg: string): void }

/** Options of a session. */
export interface SessionOptions {
  db: Db;
  engineId: number;
  /** Writes a frame to the transport; false when it is closed. */
  send: (message: ConsoleMessage) => boolean;
  log: Log;
  /** Batches an engine may have in flight per scan (hello-ack window). */
  window?: number;
  /** Called once the hello was accepted, with the link to register. */
  onReady: (link: EngineLink) => void;
  /** Called when the engine spoke an incompatible protocol; the transport should close. */
  onIncompatible?: (message: string) => void;
}

type Body<T extends MessageType> = Omit<MessageInput<T>, 'v' | 'id' | 'type' | 'ts'>;

/** One engine link's protocol state. */
export class EngineSession {
  readonly #o: SessionOptions;
  #version = PROTOCOL_VERSION;
  #ready = false;
  #closed = false;
  #chain: Promise<void> = Promise.resolve();
  #invalid = 0;
  #lastBeatWrite = 0;
  #keptMaintenance: string | undefined;
  /** The window granted to the engine now (flow-window.ts). */
  #window: number;
  readonly link: EngineLink;

  constructor(options: SessionOptions) {
    this.#o = options;
    this.#window = options.window ?? 16;
    this.link = { engineId: options.engineId, send: (m) => !this.#closed && this.#o.send(m) };
  }

  /** True after a compatible hello. */
  get ready(): boolean { return this.#ready; }

  /** Stops handling frames (the transport closed). */
  close(): void { this.#closed = true; }

  /** Settles when every frame received so far is handled (tests, shutdown). */
  drained(): Promise<void> { return this.#chain; }

  #send<T extends MessageType>(type: T, body: Body<T>): void {
    try {
      this.link.send(createMessage(type, body, { version: this.#version }) as ConsoleMessage);
    } catch (e) {
      this.#o.log.error(`engine ${this.#o.engineId}: cannot send ${type}: ${toFarsightError(e).message}`);
    }
  }

  /** Handles one frame from the engine (never throws). */
  receive(raw: unknown): void {
    if (this.#closed) return;
    const r = parseMessage(raw, { from: 'engine', version: this.#version });
    if (!r.ok) {
      this.#invalid++;
      // Log the first few and then every hundredth: a hostile engine must not flood the log.
      if (this.#invalid <= 5 || this.#invalid % 100 === 0) this.#o.log.warn(`engine ${this.#o.engineId}: dropped frame #${this.#invalid} (${r.error.code}): ${r.error.message}`);
      return;
    }
    const m = r.message as EngineMessage;
    if (m.type === 'hello') { this.#hello(m); return; }
    if (!this.#ready) { this.#o.log.warn(`engine ${this.#o.engineId}: '${m.type}' before hello; dropped`); return; }
    this.#chain = this.#chain.then(() => this.#handle(m)).catch((e: unknown) => {
      this.#o.log.error(`engine ${this.#o.engineId}: handling ${m.type} failed: ${toFarsightError(e).message}`);
      if (m.type === 'results.batch') this.#retryLater(m.scanId);
    });
  }

  #retryLater(scanId: string): void {
    // The batch was not committed (database trouble): ask for it again a little later.
    const t = setTimeout(() => {
      if (this.#closed) return;
      this.#chain = this.#chain.then(async () => {
        const s = await this.#o.db.selectFrom('scans').select('committed_seq').where('id', '=', Number(scanId)).executeTakeFirst();
        if (s) this.#send('results.resend', { scanId, fromSeq: s.committed_seq + 1 });
      }).catch(() => undefined);
    }, 2000);
    t.unref();
  }

  /** Backpressure: slow commits shrink the engine's window (flow.grant), fast ones restore it. */
  #adapt(ingestMs: number): void {
    const next = adaptWindow(this.#window, this.#o.window ?? 16, ingestMs);
    if (next === this.#window) return;
    this.#window = next;
    this.#send('flow.grant', { window: next });
  }

  /** Keeps the engine's published windows in the database when they change (read while it is offline). */
  #keepMaintenance(rules: readonly MaintenanceRule[]): void {
    const text = JSON.stringify(rules);
    if (text === this.#keptMaintenance) return;
    this.#keptMaintenance = text;
    this.#chain = this.#chain.then(() => saveEngineMaintenance(this.#o.db, this.#o.engineId, rules))
      .catch((e: unknown) => this.#o.log.error(`engine ${this.#o.engineId}: keeping its maintenance windows failed: ${toFarsightError(e).message}`));
  }

  #hello(m: Extract<EngineMessage, { type: 'hello' }>): void {
    const n = negotiateVersion(m.protocolVersion);
    if (!n.ok) {
      this.#send('hello-ack', { result: 'incompatible', protocolVersion: PROTOCOL_VERSION, window: 1, message: n.message });
      this.#chain = this.#chain.then(() => setEngineStatus(this.#o.db, this.#o.engineId, 'incompatible-version', n.message, { productVersion: m.engineVersion }));
      this.#o.onIncompatible?.(n.message);
      return;
    }
    this.#version = n.version;
    this.link.maintenance = m.maintenance ?? [];
    this.#keepMaintenance(this.link.maintenance);
    this.link.protocolVersion = n.version;
    // Slow start: the window grows from INITIAL_WINDOW with each fast commit (adaptWindow).
    this.#window = Math.min(INITIAL_WINDOW, this.#o.window ?? 16);
    this.#send('hello-ack', { result: 'ok', protocolVersion: n.version, window: this.#window });
    this.#ready = true;
    this.#chain = this.#chain
      .then(() => setEngineStatus(this.#o.db, this.#o.engineId, 'active', `connected (protocol ${n.version})`, { productVersion: m.engineVersion, contentVersion: m.contentVersion }))
      .catch((e: unknown) => this.#o.log.error(`engine ${this.#o.engineId}: status update failed: ${toFarsightError(e).message}`))
      .then(() => this.#o.onReady(this.link));
  }

  async #handle(m: EngineMessage): Promise<void> {
    const db = this.#o.db;
    switch (m.type) {
      case 'hello': return;
      case 'heartbeat': {
        if (m.maintenance) {
          this.link.maintenance = m.maintenance;
          this.#keepMaintenance(m.maintenance);
        }
        // Heartbeats keep the engine's status fresh; writing every one would only churn the row.
        if (Date.now() - this.#lastBeatWrite < 60_000) return;
        this.#lastBeatWrite = Date.now();
        const skew = Math.abs(Date.parse(m.clock) - Date.now());
        await setEngineStatus(db, this.#o.engineId, 'active', skew > 300_000 ? `clock differs from the console's by ${Math.round(skew / 1000)} s` : `heartbeat: ${m.runningScans.length} scan(s), queue ${m.queueDepth}`,
          { productVersion: m.engineVersion, contentVersion: m.contentVersion });
        return;
      }
      case 'results.batch': {
        // Definitions first (from the console's content), so a finding never shows without one it could have.
        await contentDefinitionsFor(db).ensure(findingIdsOf(m.hosts)).catch((e: unknown) => this.#o.log.error(`engine ${this.#o.engineId}: vulnerability definitions from content not written: ${toFarsightError(e).message}`));
        const started = Date.now();
        const r = await ingestBatch(db, this.#o.engineId, m);
        this.#send('results.ack', { scanId: m.scanId, upTo: r.committedSeq });
        this.#adapt(Date.now() - started);
        if (r.lastSeq !== null && r.committedSeq >= r.lastSeq && !r.duplicate) await maybeIntegrate(db, Number(m.scanId));
        return;
      }
      case 'scan.finished': {
        const r = await onScanFinished(db, m);
        if (r.resendFrom !== undefined) this.#send('results.resend', { scanId: m.scanId, fromSeq: r.resendFrom });
        return;
      }
      case 'scan.accepted': return onScanAccepted(db, this.#o.engineId, m);
      case 'scan.state': return onScanState(db, m);
      case 'scan.failed': return onScanFailed(db, m);
      case 'command.rejected': return onCommandRejected(db, m);
      case 'scan.log': return onScanLog(db, m);
      case 'scan.progress': return onScanProgress(db, m);
    }
  }
}
