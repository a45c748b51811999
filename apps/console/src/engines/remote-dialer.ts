/**
 * Console-to-engine ("standard") direction: the console dials the engine on its address and
 * port (40814 by default) with its engine-CA certificate as client certificate, over TLS 1.3.
 * The engine's key is pinned at first contact (its SPKI hash) and must match on every later
 * connection. Retries after `retryMs`, doubling (with jitter) per failed or refused attempt up
 * to `retryMaxMs` (engine-protocol backoff.ts); a session (the engine's hello) resets it.
 * Refresh dials at once.
 */
import type { TLSSocket } from 'node:tls';
import { WebSocket } from 'ws';
import { Backoff, DEFAULT_BACKOFF, LIMITS } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { pinEngineKey } from '../services/engines-remote.ts';
import { keyPinOf, type EngineCa } from './remote-ca.ts';
import type { StatusMonitor } from './remote-monitor.ts';
import type { Log } from './session.ts';

/** Options of a dialer. */
export interface DialerOptions {
  db: Db;
  engineId: number;
  address: string;
  port: number;
  ca: EngineCa;
  monitor: StatusMonitor;
  log: Log;
  consoleName: string;
  retryMs: number;
  /** Largest delay between attempts (default 5 minutes). */
  retryMaxMs?: number;
  /** A socket is up and the engine's key matches its pin: make the link. */
  onOpen: (ws: WebSocket) => void;
}

/** Keeps one standard-direction engine connected. */
export class EngineDialer {
  readonly #o: DialerOptions;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #ws: WebSocket | undefined;
  readonly #backoff: Backoff;

  constructor(options: DialerOptions) {
    this.#o = options;
    this.#backoff = new Backoff({ baseMs: options.retryMs, capMs: Math.max(options.retryMaxMs ?? DEFAULT_BACKOFF.capMs, options.retryMs) });
  }

  /** Consecutive failed or refused attempts (0 after a session). */
  get failures(): number { return this.#backoff.failures; }

  /** Where it dials. */
  get target(): string { return `${this.#o.address}:${this.#o.port}`; }

  /** Starts dialing. */
  start(): void { this.#dial(); }

  /** Stops dialing and closes the connection. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.terminate();
  }

  /** Dials now when not connected (Refresh). */
  refresh(): void {
    if (this.#busy || this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#dial();
  }

  #later(failed: boolean): void {
    if (this.#stopped) return;
    const ms = failed ? this.#backoff.fail() : this.#backoff.afterSession();
    if (failed && this.#backoff.failures > 1) this.#o.log.info(`engine ${this.#o.engineId}: ${this.#backoff.failures} failed or refused dials in a row; next in ${ms} ms`);
    this.#timer = setTimeout(() => this.#dial(), ms);
    this.#timer.unref();
  }

  #dial(): void {
    if (this.#stopped || this.#busy) return;
    this.#busy = true;
    const { address, port, engineId, monitor } = this.#o;
    const host = address.includes(':') ? `[${address}]` : address;
    const ws = new WebSocket(`wss://${host}:${port}/console`, {
      cert: this.#o.ca.consoleCert, key: this.#o.ca.consoleKey, rejectUnauthorized: false, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3',
      maxPayload: LIMITS.frameBytes, handshakeTimeout: 10_000, perMessageDeflate: false,
      headers: { 'x-farsight-console-name': encodeURIComponent(this.#o.consoleName.slice(0, 200)) },
    });
    this.#ws = ws;
    let opened = false;
    // A session = the engine with the pinned key said hello (an enabled console); a refusal or a failure counts towards the backoff.
    let session = false;
    let hello = false;
    ws.on('message', (data) => {
      if (hello) return;
      try { hello = (JSON.parse((data as Buffer).toString('utf8')) as { type?: unknown }).type === 'hello'; } catch { /* the link drops it */ }
      if (hello) void pinOk.then((ok) => { if (ok) { session = true; this.#backoff.succeed(); } }, () => undefined);
    });
    let pinOk: Promise<boolean> = Promise.resolve(false);
    ws.on('upgrade', (res) => {
      const raw = (res.socket as TLSSocket).getPeerCertificate().raw;
      pinOk = raw ? pinEngineKey(this.#o.db, engineId, keyPinOf(raw)) : Promise.resolve(false);
    });
    ws.once('open', () => {
      opened = true;
      void pinOk.then((ok) => {
        if (!ok) {
          monitor.event(engineId, 'refused', `the engine at ${this.target} presented a different key than the one pinned at first contact; if it was reinstalled, delete and re-add it`);
          ws.terminate();
          return;
        }
        this.#o.onOpen(ws);
      }).catch(() => ws.terminate());
    });
    ws.once('error', (e) => {
      if (opened) return;
      monitor.event(engineId, 'connect-failed', `cannot connect to ${this.target}: ${(e as NodeJS.ErrnoException).code ?? e.message}`, { direction: 'standard', connected: false });
    });
    ws.once('close', () => {
      this.#busy = false;
      this.#later(!session);
    });
  }
}
